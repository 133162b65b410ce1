"""Amazon Personalize through boto3: GetRecommendations (Similar-Items campaign or recommender)
and GetPersonalizedRanking (Personalized-Ranking campaign).

Each capability whose ARN is empty or ``NONE`` is served by the local engine without any AWS
call. Remote calls run under the page's time budget (:mod:`recommendations.deadline`), behind a
circuit breaker, and every failure (throttling, timeout, ResourceNotFound, any client error,
an open circuit) surfaces as a ``BackendError`` the service falls back from.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from django.conf import settings

from recommendations import aws
from recommendations.backends.base import (
    BackendError,
    BackendNotConfigured,
    ItemFilter,
    RankingContext,
    RecommendationBackend,
    ScoredItem,
)
from recommendations.backends.local import LocalBackend, shopper_history
from recommendations.circuit import CircuitBreaker, CircuitOpen
from recommendations.deadline import remaining
from recommendations.filtering import filter_mask, item_rows
from recommendations.personalize.filter_values import filter_values_for

MAX_RESULTS = 500  # GetRecommendations numResults and GetPersonalizedRanking inputList cap
LOCAL_FILTER_FACTOR = 5  # candidates asked for per result when a filter is applied locally
SIMILAR_ITEMS_RECIPE = "aws-similar-items"
RANKING_RECIPE = "aws-personalized-ranking-v2"

T = TypeVar("T")


class PersonalizeError(BackendError):
    """Personalize answered with an error; `code` is its error code (ThrottlingException ...)."""

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class PersonalizeTimeout(BackendError):
    """No answer within the time budget (connect/read timeout or the page's deadline)."""


class PersonalizeUnavailable(BackendError):
    """The circuit breaker is open: AWS is not called during the cool-down."""


# Remote calls run on these threads so the caller can stop waiting at its deadline even when
# botocore is still inside a retry or a socket read; threads finish on botocore's own timeouts.
_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=16, thread_name_prefix="personalize")
            atexit.register(_executor.shutdown, wait=False, cancel_futures=True)
        return _executor


def dedupe_and_cut(item_ids: Sequence[str], limit: int = MAX_RESULTS) -> list[str]:
    """Distinct non-empty ids in first-seen order, at most `limit` (Personalize's inputList)."""
    return [i for i in dict.fromkeys(item_ids) if i][:limit]


def _arn(value: str | None) -> str:
    """The value itself, or "" when it is empty or NONE (not configured)."""
    return str(value).strip() if aws.is_configured(value) else ""


def _filtered_locally(
    items: list[ScoredItem],
    item_filter: ItemFilter,
    *,
    item_id: str,
    user_id: str | None,
    session_id: str | None,
) -> list[ScoredItem]:
    """`items` that pass `item_filter` as the local engine evaluates it (items the store does
    not know cannot be evaluated and are dropped)."""
    rows = item_rows(product_ids=[i.item_id for i in items] + [item_id])
    current = rows.get(item_id, {"ITEM_ID": item_id})
    known = [i for i in items if i.item_id in rows]
    interactions: list[tuple[str, str]] = []
    if "Interactions." in item_filter.expression:
        interactions = [
            (pid, etype)
            for pid, etype, _, _ in shopper_history(user_id=user_id, session_id=session_id)
        ]
    keep = filter_mask(
        item_filter,
        rows=[rows[i.item_id] for i in known],
        current_item=current,
        user_id=user_id,
        interactions=interactions,
    )
    return [i for i, ok in zip(known, keep, strict=True) if ok]


def _recipe_from_arn(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


class PersonalizeBackend(RecommendationBackend):
    name = "personalize"

    def warm_up(self) -> None:
        """Create the runtime client now (botocore loads its service model: a few hundred ms,
        no network), so the first page's calls fit in the page budget."""
        if self.similar_configured or self.ranking_configured:
            aws.client("personalize-runtime")

    def __init__(self) -> None:
        self.similar_campaign_arn = _arn(settings.PERSONALIZE_SIMILAR_ITEMS_CAMPAIGN_ARN)
        self.recommender_arn = (
            ""
            if self.similar_campaign_arn
            else _arn(settings.PERSONALIZE_SIMILAR_ITEMS_RECOMMENDER_ARN)
        )
        self.ranking_campaign_arn = _arn(settings.PERSONALIZE_RANKING_CAMPAIGN_ARN)
        self.filter_arns: dict[str, str] = {
            name: arn for name, arn in settings.PERSONALIZE_FILTER_ARNS.items() if _arn(arn)
        }
        self.breaker = CircuitBreaker(
            failures=settings.PERSONALIZE_BREAKER_FAILURES,
            cooldown=settings.PERSONALIZE_BREAKER_COOLDOWN,
        )
        self._local: LocalBackend | None = None
        if self.similar_configured:
            self.related_recipe = (
                SIMILAR_ITEMS_RECIPE
                if self.similar_campaign_arn
                else f"recommender:{_recipe_from_arn(self.recommender_arn)}"
            )
        else:
            self.related_recipe = LocalBackend.related_recipe
        self.ranking_recipe = (
            RANKING_RECIPE if self.ranking_configured else LocalBackend.ranking_recipe
        )

    # -- configuration ---------------------------------------------------------------------
    @property
    def similar_configured(self) -> bool:
        return aws.is_configured(self.similar_campaign_arn) or aws.is_configured(
            self.recommender_arn
        )

    @property
    def ranking_configured(self) -> bool:
        return aws.is_configured(self.ranking_campaign_arn)

    @property
    def local(self) -> LocalBackend:
        """The embedded engine, serving whatever Personalize is not configured for."""
        if self._local is None:
            self._local = LocalBackend()
        return self._local

    def model_version(self) -> str | None:
        arn = self.similar_campaign_arn or self.recommender_arn
        return _recipe_from_arn(arn) if arn else self.local.model_version()

    # -- the contract --------------------------------------------------------------------------
    def similar_items(
        self,
        item_id: str,
        *,
        limit: int,
        filter: ItemFilter | None = None,
        user_id: str | None = None,
        session_id: str | None = None,
    ) -> list[ScoredItem]:
        """GetRecommendations for `item_id`: at most 500 results; `filter` is sent when it has
        an ARN (its own or PERSONALIZE_FILTER_ARNS[name]). A filter without an ARN is applied
        here, by the local evaluator, to what Personalize returns: LOCAL_FILTER_FACTOR times
        as many candidates are asked for (up to 500) to leave room, so the result is never
        unfiltered (it may be shorter than `limit`)."""
        if not self.similar_configured:
            return self.local.similar_items(
                item_id, limit=limit, filter=filter, user_id=user_id, session_id=session_id
            )
        num = min(int(limit), MAX_RESULTS)
        if num <= 0 or not item_id:
            return []
        local_filter: ItemFilter | None = None
        params: dict[str, Any] = {"itemId": item_id, "numResults": num}
        if self.similar_campaign_arn:
            params["campaignArn"] = self.similar_campaign_arn
        else:
            params["recommenderArn"] = self.recommender_arn
        if user_id:
            params["userId"] = user_id
        if filter is not None:
            arn = filter.arn or self.filter_arns.get(filter.name)
            if arn:
                params["filterArn"] = arn
                values = filter_values_for(filter)  # MissingFilterValue is a caller's bug
                if values:
                    params["filterValues"] = values
            elif filter.expression:
                local_filter = filter
                params["numResults"] = min(MAX_RESULTS, num * LOCAL_FILTER_FACTOR)
        response = self._call(
            "GetRecommendations",
            lambda: aws.client("personalize-runtime").get_recommendations(**params),
        )
        found = [
            ScoredItem(str(item["itemId"]), float(item.get("score") or 0.0))
            for item in response.get("itemList", [])
            if item.get("itemId")
        ]
        if local_filter is not None:
            found = _filtered_locally(
                found, local_filter, item_id=item_id, user_id=user_id, session_id=session_id
            )
        return found[:num]

    def rank(
        self,
        *,
        user_id: str | None,
        session_id: str | None,
        item_ids: Sequence[str],
        context: RankingContext | None = None,
    ) -> list[ScoredItem]:
        """GetPersonalizedRanking: duplicates removed, at most the first 500 ids sent (the
        rest are dropped), no call for an empty list; ids the campaign leaves out follow the
        ranked ones in their given order. An anonymous visitor's session id is the userId."""
        if not self.ranking_configured:
            return self.local.rank(
                user_id=user_id, session_id=session_id, item_ids=item_ids, context=context
            )
        ids = dedupe_and_cut(item_ids)
        if not ids:
            return []
        personalize_user = user_id or session_id
        if not personalize_user:
            return [ScoredItem(i) for i in ids]
        params: dict[str, Any] = {
            "campaignArn": self.ranking_campaign_arn,
            "userId": personalize_user,
            "inputList": ids,
        }
        ctx = {}
        if context is not None:
            ctx.update({k: str(v) for k, v in context.extra.items()})
            if context.device:
                ctx["DEVICE"] = context.device
        if ctx:
            params["context"] = ctx
        response = self._call(
            "GetPersonalizedRanking",
            lambda: aws.client("personalize-runtime").get_personalized_ranking(**params),
        )
        given = set(ids)
        ranked: list[ScoredItem] = []
        seen: set[str] = set()
        for item in response.get("personalizedRanking", []):
            iid = item.get("itemId")
            if iid in given and iid not in seen:
                seen.add(iid)
                ranked.append(ScoredItem(iid, float(item.get("score") or 0.0)))
        ranked.extend(ScoredItem(i) for i in ids if i not in seen)
        return ranked

    # -- one remote call ---------------------------------------------------------------------
    def _call(self, operation: str, fn: Callable[[], T]) -> T:
        """Run `fn` on the pool, waiting at most what is left of the page's budget."""
        from botocore.exceptions import (
            BotoCoreError,
            ClientError,
            ConnectTimeoutError,
            NoRegionError,
            ReadTimeoutError,
        )

        try:
            self.breaker.before_call()
        except CircuitOpen as exc:
            raise PersonalizeUnavailable(f"{operation} not attempted: {exc}") from None
        budget = remaining(settings.PERSONALIZE_DEADLINE)
        if budget <= 0:
            raise PersonalizeTimeout(f"{operation} not attempted: the time budget is spent")
        future = _pool().submit(fn)
        try:
            result = future.result(timeout=budget)
        except FutureTimeout:
            future.cancel()
            self.breaker.failure()
            raise PersonalizeTimeout(f"{operation} gave no answer within {budget:.3f} s") from None
        except NoRegionError as exc:
            raise BackendNotConfigured(
                f"{operation}: no AWS region (set PERSONALIZE_REGION or AWS_DEFAULT_REGION)"
            ) from exc
        except ClientError as exc:
            self.breaker.failure()
            error = exc.response.get("Error", {})
            code = str(error.get("Code", ""))
            raise PersonalizeError(
                f"{operation} failed: {code}: {error.get('Message', '')}", code=code
            ) from exc
        except (ConnectTimeoutError, ReadTimeoutError) as exc:
            self.breaker.failure()
            raise PersonalizeTimeout(f"{operation} timed out: {exc}") from exc
        except BotoCoreError as exc:  # connection refused, no credentials, bad response ...
            self.breaker.failure()
            raise PersonalizeError(f"{operation} failed: {exc}", code=type(exc).__name__) from exc
        self.breaker.success()
        return result
