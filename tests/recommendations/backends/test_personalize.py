"""The personalize backend at the client boundary (botocore Stubber checks every request
against the real service model): request shapes, list edges, filters and each failure path."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from botocore.stub import Stubber

from recommendations import aws
from recommendations.backends import get_backend
from recommendations.backends.base import ItemFilter, RankingContext
from recommendations.backends.personalize import (
    PersonalizeBackend,
    PersonalizeError,
    PersonalizeTimeout,
    PersonalizeUnavailable,
)
from recommendations.engine.filters import MissingFilterValue
from recommendations.personalize.filter_values import filter_values
from recommendations.services import carousel_for_product, model_train
from tests.factories import small_store
from tests.recommendations.conftest import (
    RANKING_ARN,
    SAME_CATEGORY_ARN,
    SIMILAR_ARN,
    use_personalize,
)


@pytest.fixture(autouse=True)
def _fresh_log_once() -> None:
    from recommendations import services

    services._logged.clear()


@pytest.fixture
def personalize(aws_env: None, settings: Any) -> PersonalizeBackend:
    use_personalize(settings, PERSONALIZE_MAX_ATTEMPTS=1, PERSONALIZE_DEADLINE=5.0)
    backend = get_backend()
    assert isinstance(backend, PersonalizeBackend)
    return backend


@pytest.fixture
def runtime(personalize: PersonalizeBackend) -> Iterator[Stubber]:
    with Stubber(aws.client("personalize-runtime")) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def items(*ids: str) -> list[dict[str, Any]]:
    return [{"itemId": i, "score": round(1.0 - k / 10, 2)} for k, i in enumerate(ids)]


# ---- requests ---------------------------------------------------------------------------------
def test_get_recommendations_request(personalize: PersonalizeBackend, runtime: Stubber) -> None:
    runtime.add_response(
        "get_recommendations",
        {"itemList": items("b", "c"), "recommendationId": "RID-1"},
        {
            "campaignArn": SIMILAR_ARN,
            "itemId": "a",
            "numResults": 30,
            "userId": "7",
            "filterArn": SAME_CATEGORY_ARN,
        },
    )
    got = personalize.similar_items(
        "a", limit=30, filter=ItemFilter(name="same-category"), user_id="7"
    )
    assert [(r.item_id, r.score) for r in got] == [("b", 1.0), ("c", 0.9)]


def test_num_results_is_capped_at_500(personalize: PersonalizeBackend, runtime: Stubber) -> None:
    runtime.add_response(
        "get_recommendations",
        {"itemList": []},
        {"campaignArn": SIMILAR_ARN, "itemId": "a", "numResults": 500},
    )
    assert personalize.similar_items("a", limit=900) == []


def test_recommender_arn_when_no_campaign(aws_env: None, settings: Any) -> None:
    arn = "arn:aws:personalize:us-east-1:000000000000:recommender/more-like-x"
    use_personalize(
        settings,
        PERSONALIZE_SIMILAR_ITEMS_CAMPAIGN_ARN="NONE",
        PERSONALIZE_SIMILAR_ITEMS_RECOMMENDER_ARN=arn,
    )
    backend = get_backend()
    assert backend.related_recipe == "recommender:more-like-x"
    with Stubber(aws.client("personalize-runtime")) as stub:
        stub.add_response(
            "get_recommendations",
            {"itemList": items("b")},
            {"recommenderArn": arn, "itemId": "a", "numResults": 5},
        )
        assert [r.item_id for r in backend.similar_items("a", limit=5)] == ["b"]


def test_filter_values_are_sent_in_personalize_format(
    personalize: PersonalizeBackend, runtime: Stubber
) -> None:
    arn = "arn:aws:personalize:us-east-1:000000000000:filter/by-style"
    runtime.add_response(
        "get_recommendations",
        {"itemList": []},
        {
            "campaignArn": SIMILAR_ARN,
            "itemId": "a",
            "numResults": 5,
            "filterArn": arn,
            "filterValues": {"STYLES": '"boot","sneaker"'},
        },
    )
    f = ItemFilter(
        name="by-style",
        expression="INCLUDE ItemID WHERE Items.CATEGORY_L2 IN ($STYLES)",
        arn=arn,
        values=filter_values(STYLES=["boot", "sneaker"]),
    )
    personalize.similar_items("a", limit=5, filter=f)


def test_missing_include_value_is_an_error_not_an_unfiltered_call(
    personalize: PersonalizeBackend, runtime: Stubber
) -> None:
    f = ItemFilter(
        name="by-style",
        expression="INCLUDE ItemID WHERE Items.CATEGORY_L2 IN ($STYLES)",
        arn="arn:aws:personalize:us-east-1:000000000000:filter/by-style",
    )
    with pytest.raises(MissingFilterValue, match=r"\$STYLES"):
        personalize.similar_items("a", limit=5, filter=f)
    # no request was made: the Stubber has nothing queued and would fail on one


def test_rank_request_for_an_anonymous_visitor_uses_the_session_id(
    personalize: PersonalizeBackend, runtime: Stubber
) -> None:
    runtime.add_response(
        "get_personalized_ranking",
        {"personalizedRanking": items("y", "x")},
        {
            "campaignArn": RANKING_ARN,
            "userId": "session-abc",
            "inputList": ["x", "y"],
            "context": {"DEVICE": "mobile"},
        },
    )
    ranked = personalize.rank(
        user_id=None,
        session_id="session-abc",
        item_ids=["x", "y"],
        context=RankingContext(device="mobile"),
    )
    assert [r.item_id for r in ranked] == ["y", "x"]


def test_rank_empty_list_makes_no_call(personalize: PersonalizeBackend, runtime: Stubber) -> None:
    assert personalize.rank(user_id="1", session_id=None, item_ids=[]) == []


def test_rank_cuts_501_ids_to_500(personalize: PersonalizeBackend, runtime: Stubber) -> None:
    ids = [f"i{k:03d}" for k in range(501)]
    runtime.add_response(
        "get_personalized_ranking",
        {"personalizedRanking": items(*reversed(ids[:500]))},
        {"campaignArn": RANKING_ARN, "userId": "1", "inputList": ids[:500]},
    )
    ranked = personalize.rank(user_id="1", session_id=None, item_ids=ids)
    assert len(ranked) == 500
    assert ranked[0].item_id == "i499" and "i500" not in {r.item_id for r in ranked}


def test_rank_duplicates_removed_and_unknown_item_kept_after_known(
    personalize: PersonalizeBackend, runtime: Stubber
) -> None:
    runtime.add_response(
        "get_personalized_ranking",
        {"personalizedRanking": items("b", "a")},  # the campaign does not know "new"
        {"campaignArn": RANKING_ARN, "userId": "1", "inputList": ["a", "new", "b"]},
    )
    ranked = personalize.rank(user_id="1", session_id=None, item_ids=["a", "new", "b", "a"])
    assert [r.item_id for r in ranked] == ["b", "a", "new"]
    assert ranked[-1].score == 0.0


def test_not_configured_means_local_and_no_aws_at_all(
    aws_env: None, settings: Any, monkeypatch: pytest.MonkeyPatch, db: None
) -> None:
    use_personalize(
        settings,
        PERSONALIZE_SIMILAR_ITEMS_CAMPAIGN_ARN="",
        PERSONALIZE_RANKING_CAMPAIGN_ARN="NONE",
    )
    import boto3

    def no_aws(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("boto3 was used although Personalize is not configured")

    monkeypatch.setattr(boto3.session, "Session", no_aws)
    data = small_store()
    model_train()
    carousel = carousel_for_product(
        product=data["products"]["s01"],  # type: ignore[index]
        user_id="1",
        session_id="s",
    )
    assert carousel.backend == "personalize" and not carousel.fallback
    assert carousel.recipe == "retaildemo-similar-items + retaildemo-personalized-ranking"
    assert len(carousel.items) == 10
    assert aws._clients == {}


def test_settings_read_none_as_not_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    import retaildemo.settings as module

    monkeypatch.setenv("PERSONALIZE_SIMILAR_ITEMS_CAMPAIGN_ARN", "NONE")
    monkeypatch.setenv("PERSONALIZE_FILTER_ARNS", "same-category=arn:x,exclude-purchased=none")
    fresh = importlib.reload(module)
    try:
        assert fresh.PERSONALIZE_SIMILAR_ITEMS_CAMPAIGN_ARN == ""
        assert fresh.PERSONALIZE_FILTER_ARNS == {"same-category": "arn:x"}
    finally:
        monkeypatch.undo()
        importlib.reload(module)


# ---- failures -> fallbacks --------------------------------------------------------------------
@pytest.fixture
def store(db: None) -> dict[str, Any]:
    data = small_store()
    model_train()
    return data


@pytest.mark.parametrize(
    "code,status",
    [
        ("ThrottlingException", 400),
        ("ResourceNotFoundException", 404),
        ("InvalidInputException", 400),
        ("InternalServerError", 500),
    ],
)
def test_related_failure_falls_back_to_the_local_engine(
    personalize: PersonalizeBackend,
    runtime: Stubber,
    store: dict[str, Any],
    code: str,
    status: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    runtime.add_client_error("get_recommendations", code, http_status_code=status)
    carousel = carousel_for_product(product=store["products"]["s01"], user_id=None, session_id=None)
    assert carousel.fallback is True
    assert carousel.backend == "local"
    assert carousel.recipe == "retaildemo-similar-items"
    assert [r.product.id for r in carousel.items][:3] == ["s02", "s03", "s04"]
    assert any(code in r.getMessage() for r in caplog.records)


def test_rank_failure_keeps_the_related_order(
    personalize: PersonalizeBackend, runtime: Stubber, store: dict[str, Any]
) -> None:
    related = ["b03", "b01", "s02", "s03"]
    runtime.add_response("get_recommendations", {"itemList": items(*related)})
    runtime.add_client_error("get_personalized_ranking", "ThrottlingException")
    carousel = carousel_for_product(
        product=store["products"]["s01"], user_id="1", session_id="sess"
    )
    assert [r.product.id for r in carousel.items] == related
    assert carousel.personalized is False
    assert carousel.backend == "personalize" and carousel.recipe == "aws-similar-items"


def test_both_calls_succeed(
    personalize: PersonalizeBackend, runtime: Stubber, store: dict[str, Any]
) -> None:
    runtime.add_response("get_recommendations", {"itemList": items("b03", "s02", "k01")})
    runtime.add_response(
        "get_personalized_ranking",
        {"personalizedRanking": items("s02", "b03")},
        {"campaignArn": RANKING_ARN, "userId": "1", "inputList": ["b03", "s02"]},
    )
    carousel = carousel_for_product(product=store["products"]["s01"], user_id="1", session_id="x")
    # k01 is kitchenware: the service's same-category rule drops it before ranking
    assert [r.product.id for r in carousel.items] == ["s02", "b03"]
    assert carousel.recipe == "aws-similar-items + aws-personalized-ranking-v2"
    assert carousel.personalized and not carousel.fallback


def test_logged_once_per_reason(
    personalize: PersonalizeBackend,
    runtime: Stubber,
    store: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    from recommendations import services

    services._logged.clear()
    for _ in range(3):
        runtime.add_client_error("get_recommendations", "ThrottlingException")
        carousel_for_product(product=store["products"]["s01"], user_id=None, session_id=None)
    assert sum("ThrottlingException" in r.getMessage() for r in caplog.records) == 1


def test_circuit_breaker_opens_then_retries_after_cooldown(
    aws_env: None, settings: Any, store: dict[str, Any]
) -> None:
    use_personalize(
        settings,
        PERSONALIZE_MAX_ATTEMPTS=1,
        PERSONALIZE_BREAKER_FAILURES=2,
        PERSONALIZE_BREAKER_COOLDOWN=30.0,
    )
    backend = get_backend()
    assert isinstance(backend, PersonalizeBackend)
    now = [1000.0]
    backend.breaker._clock = lambda: now[0]
    with Stubber(aws.client("personalize-runtime")) as stub:
        for _ in range(2):
            stub.add_client_error("get_recommendations", "ServiceUnavailable", http_status_code=503)
            with pytest.raises(PersonalizeError):
                backend.similar_items("s01", limit=3)
        # open: no request at all (an unexpected request would fail the Stubber)
        with pytest.raises(PersonalizeUnavailable, match="circuit open"):
            backend.similar_items("s01", limit=3)
        carousel = carousel_for_product(
            product=store["products"]["s01"], user_id=None, session_id=None
        )
        assert carousel.fallback and carousel.backend == "local"
        now[0] += 31
        stub.add_response("get_recommendations", {"itemList": items("s02")})
        assert [r.item_id for r in backend.similar_items("s01", limit=3)] == ["s02"]
        assert not backend.breaker.is_open


# ---- AWS hangs: a real socket that never answers in time --------------------------------------
class _Hang(BaseHTTPRequestHandler):
    release = threading.Event()

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self.release.wait(10)
        self.send_response(500)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def hanging_endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hang)
    server.daemon_threads = True
    _Hang.release.clear()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("AWS_ENDPOINT_URL_PERSONALIZE_RUNTIME", url)
    yield url
    _Hang.release.set()
    server.shutdown()
    server.server_close()


def test_hanging_aws_falls_back_within_the_budget(
    aws_env: None, settings: Any, hanging_endpoint: str, store: dict[str, Any]
) -> None:
    # default timeouts and retries: 0.1 s connect, 0.2 s read, 2 attempts, 0.25 s page budget
    use_personalize(settings)
    product = store["products"]["s01"]
    carousel_for_product(product=product, user_id=None, session_id=None)  # warm-up: imports
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        carousel = carousel_for_product(product=product, user_id="1", session_id="s")
        timings.append(time.perf_counter() - started)
        assert carousel.fallback is True and carousel.backend == "local"
        assert len(carousel.items) == 10
    print(f"recommendation step while AWS hangs: {[round(t * 1000) for t in timings]} ms")
    assert max(timings) < 2.0


def test_timeout_is_a_backend_error(aws_env: None, settings: Any, hanging_endpoint: str) -> None:
    use_personalize(settings, PERSONALIZE_DEADLINE=0.2)
    with pytest.raises(PersonalizeTimeout):
        get_backend().similar_items("a", limit=3)
