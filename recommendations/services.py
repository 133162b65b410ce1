"""The carousel and everything around it: one path for pages and the JSON API.

    related(item, 3 x N) -> same category -> re-rank for the shopper -> first N

Any backend failure falls back along configured backend -> local engine -> popular products of
the same category (a failed re-rank keeps the related order), logged once per reason: a
recommendation problem never makes a page fail.
"""

from __future__ import annotations

import dataclasses
import inspect
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from catalog.models import Interaction, Product, Shopper
from catalog.selectors import products_by_ids
from recommendations.backends import get_backend
from recommendations.backends.base import (
    BackendError,
    ItemFilter,
    RankingContext,
    RecommendationBackend,
    ScoredItem,
)
from recommendations.backends.local import catalog_item_table
from recommendations.deadline import deadline
from recommendations.engine.artifacts import save_model
from recommendations.engine.dataset import InteractionTable, ItemTable
from recommendations.engine.model import RankingParams, TrainingParams, train
from recommendations.events import LiveEvent, event_type_normalize, events_record
from recommendations.filtering import FilterRequestError, filter_get
from recommendations.rules import StoreRules, diversify, place_promoted, product_allowed

logger = logging.getLogger(__name__)

SAME_CATEGORY = ItemFilter(
    name="same-category",
    expression="INCLUDE ItemID WHERE Items.CATEGORY_L1 IN CurrentItem.CATEGORY_L1",
)
CANDIDATE_FACTOR = 3


@dataclass
class Recommendation:
    product: Product
    score: float
    position: int  # 1-based, in the carousel as served
    position_before: int  # 1-based, in the related order before personalization
    co_part: float = 0.0
    meta_part: float = 0.0
    because_of: list[Product] = field(default_factory=list)
    promoted: bool = False  # placed by the promotions rule
    team: str | None = None  # interleaving experiments: the variant that contributed this card
    list_position: int | None = None  # interleaving: 1-based position in the team's own list

    @property
    def moved(self) -> int:
        """Places gained by personalization (positive = moved up)."""
        return self.position_before - self.position

    @property
    def co_share(self) -> float:
        total = self.co_part + self.meta_part
        return self.co_part / total if total > 0 else 0.0

    @property
    def meta_share(self) -> float:
        total = self.co_part + self.meta_part
        return self.meta_part / total if total > 0 else 0.0


@dataclass
class Carousel:
    items: list[Recommendation]
    backend: str
    recipe: str
    personalized: bool
    fallback: bool = False
    model_version: str | None = None
    variant: str | None = None  # experiment variant served (see experiments.services)
    exposure_id: int | None = None  # the experiment exposure this carousel was counted as
    # The Similar-Items candidates the re-rank saw, in related order (position = position_before)
    candidates: list[Recommendation] = field(default_factory=list)
    # Interleaving: which strategy each team stands for, e.g. {"A": "related", "B": "reranked"}
    team_strategies: dict[str, str] = field(default_factory=dict)


_logged: set[str] = set()
_logged_lock = threading.Lock()
fallback_count = 0


def _log_once(key: str, message: str, *args: Any) -> None:
    with _logged_lock:
        if key in _logged:
            return
        _logged.add(key)
    logger.warning(message, *args)


# ---- popular fallback -------------------------------------------------------------------------
_popular_cache: dict[int, tuple[float, list[str]]] = {}
POPULAR_TTL = 60.0


def popular_in_category(*, category_id: int, exclude: set[str], limit: int) -> list[str]:
    """Visible products of a category, most interacted-with first (ties by id)."""
    now = time.monotonic()
    cached = _popular_cache.get(category_id)
    if cached is None or now - cached[0] > POPULAR_TTL:
        counts = dict(
            Interaction.objects.filter(product__category_id=category_id)
            .values_list("product_id")
            .annotate(n=Count("id"))
            .values_list("product_id", "n")
        )
        ids = list(
            Product.objects.visible().filter(category_id=category_id).values_list("id", flat=True)
        )
        ids.sort(key=lambda pid: (-counts.get(pid, 0), pid))
        cached = (now, ids)
        _popular_cache[category_id] = cached
    return [pid for pid in cached[1] if pid not in exclude][:limit]


# ---- the carousel -----------------------------------------------------------------------------
def carousel_for_product(
    *,
    product: Product,
    user_id: str | None,
    session_id: str | None,
    limit: int | None = None,
    personalize: bool = True,
    exclude: Sequence[str] = (),
    item_filter: ItemFilter | None = SAME_CATEGORY,
    rules: StoreRules | None = None,
) -> Carousel:
    """The "Compare similar items" carousel for `product` as seen by this shopper/session.

    Related items come from the first backend of the chain that answers: the configured one,
    then the local engine, then the same category's popular products. Remote calls share one
    time budget of PERSONALIZE_DEADLINE seconds, so the step stays bounded while AWS hangs.

    `exclude` (e.g. the cart) is never served; store `rules` (default: settings) apply after
    ranking."""
    with deadline(settings.PERSONALIZE_DEADLINE):
        return _carousel_for_product(
            product=product,
            user_id=user_id,
            session_id=session_id,
            limit=limit,
            personalize=personalize,
            exclude=exclude,
            item_filter=item_filter,
            rules=rules or StoreRules.from_settings(),
        )


def _backend_chain() -> list[RecommendationBackend]:
    """The configured backend, then the local engine (once)."""
    configured = get_backend()
    local = get_backend("local")
    return [configured] if local is configured else [configured, local]


def _carousel_for_product(
    *,
    product: Product,
    user_id: str | None,
    session_id: str | None,
    limit: int | None,
    personalize: bool,
    exclude: Sequence[str],
    item_filter: ItemFilter | None,
    rules: StoreRules,
) -> Carousel:
    global fallback_count
    n = limit or settings.RECOMMENDATIONS_CAROUSEL_SIZE
    excluded = {product.id, *exclude}
    related: list[ScoredItem] | None = None
    fell_back = False
    for backend in _backend_chain():
        try:
            related = _similar_items(
                backend,
                product.id,
                limit=CANDIDATE_FACTOR * n,
                item_filter=item_filter,
                user_id=user_id,
                session_id=session_id,
            )
            break
        except BackendError as exc:
            _log_once(
                f"related:{backend.name}:{type(exc).__name__}:{getattr(exc, 'code', '')}",
                "related items from the %s backend fell back: %s",
                backend.name,
                exc,
            )
            fallback_count += 1
            fell_back = True
    recipe = backend.related_recipe
    # Never empty applies to the default same-category carousel only: popular products of the
    # category pass that filter, but an explicitly requested filter returns what passes it.
    pads = item_filter is None or item_filter.expression == SAME_CATEGORY.expression
    if related is None:
        popular = (
            _popular_carousel(product=product, exclude=excluded, rules=rules, limit=n)
            if pads
            else []
        )
        return Carousel(popular, "fallback", "same-category-popular", False, fallback=True)

    products = _products(ids=[r.item_id for r in related], rules=rules)
    related = [
        r
        for r in related
        if r.item_id in products
        and r.item_id not in excluded
        and product_allowed(products[r.item_id], rules)
        and (
            item_filter is not SAME_CATEGORY
            or products[r.item_id].category_id == product.category_id
        )
    ]
    before = {r.item_id: k + 1 for k, r in enumerate(related)}
    by_id = {r.item_id: r for r in related}
    ranked: list[ScoredItem] = related
    personalized = False
    if personalize and (user_id or session_id) and related:
        try:
            ranked = backend.rank(
                user_id=user_id,
                session_id=session_id,
                item_ids=[r.item_id for r in related],
                context=RankingContext(current_item_id=product.id),
            )
            recipe = f"{backend.related_recipe} + {backend.ranking_recipe}"
            personalized = True
        except BackendError as exc:
            _log_once(
                f"rank:{backend.name}:{type(exc).__name__}:{getattr(exc, 'code', '')}",
                "re-ranking skipped: %s",
                exc,
            )
            fallback_count += 1
    ranked = [r for r in ranked if r.item_id in by_id]
    slots = rules.promoted_slots(n)
    promoted: list[ScoredItem] = []
    if slots:
        promoted = _promoted(
            backend,
            product=product,
            rules=rules,
            exclude=excluded,
            limit=len(slots),
            user_id=user_id,
            session_id=session_id,
            products=products,
        )
        # The style cap holds for the final list: promoted items are capped among
        # themselves and count against the regular items' quota.
        promoted = diversify(
            promoted,
            styles=[_style_key(products[p.item_id]) for p in promoted],
            max_per_style=rules.max_per_style,
        )
        chosen = {p.item_id for p in promoted}
        ranked = [r for r in ranked if r.item_id not in chosen]
    ranked = diversify(
        ranked,
        styles=[_style_key(products[r.item_id]) for r in ranked],
        max_per_style=rules.max_per_style,
        taken=[_style_key(products[p.item_id]) for p in promoted],
    )
    regular = ranked[: n - len(promoted)]
    final = place_promoted(regular, promoted, slots=slots)
    promoted_ids = {p.item_id for p in promoted}
    because_ids = {pid for r in final for pid in r.because_of}
    because_products = products_by_ids(product_ids=because_ids) if because_ids else {}
    items: list[Recommendation] = []
    for r in final:
        base = by_id.get(r.item_id, r)
        items.append(
            Recommendation(
                product=products[r.item_id],
                score=r.score,
                position=len(items) + 1,
                position_before=before.get(r.item_id, len(items) + 1),
                co_part=base.co_part,
                meta_part=base.meta_part,
                because_of=[because_products[p] for p in r.because_of if p in because_products],
                promoted=r.item_id in promoted_ids,
            )
        )
    if not items and pads:  # never empty while the category has other visible products
        items = _popular_carousel(product=product, exclude=excluded, rules=rules, limit=n)
    candidates = [
        Recommendation(
            product=products[r.item_id],
            score=r.score,
            position=k + 1,
            position_before=k + 1,
            co_part=r.co_part,
            meta_part=r.meta_part,
        )
        for k, r in enumerate(related)
    ]
    return Carousel(
        items,
        backend.name,
        recipe,
        personalized,
        fallback=fell_back,
        model_version=backend.model_version(),
        candidates=candidates,
    )


def _style_key(product: Product) -> str:
    return f"{product.category_id}/{product.style}" if product.style else ""


def _products(*, ids: Sequence[str], rules: StoreRules) -> dict[str, Product]:
    if rules.exclude_not_visible:
        return products_by_ids(product_ids=ids)
    return Product.objects.select_related("category").in_bulk(list(dict.fromkeys(ids)))


_accepts_session_cache: dict[type, bool] = {}


def _accepts_session(cls: type[RecommendationBackend]) -> bool:
    """Backends written before similar_items() took session_id still work."""
    accepts = _accepts_session_cache.get(cls)
    if accepts is None:
        try:
            accepts = "session_id" in inspect.signature(cls.similar_items).parameters
        except (TypeError, ValueError):
            accepts = False
        _accepts_session_cache[cls] = accepts
    return accepts


def _similar_items(
    backend: RecommendationBackend,
    item_id: str,
    *,
    limit: int,
    item_filter: ItemFilter | None,
    user_id: str | None,
    session_id: str | None,
) -> list[ScoredItem]:
    if _accepts_session(type(backend)):
        return backend.similar_items(
            item_id, limit=limit, filter=item_filter, user_id=user_id, session_id=session_id
        )
    return backend.similar_items(item_id, limit=limit, filter=item_filter, user_id=user_id)


def _promoted(
    backend: RecommendationBackend,
    *,
    product: Product,
    rules: StoreRules,
    exclude: set[str],
    limit: int,
    user_id: str | None,
    session_id: str | None,
    products: dict[str, Product],
) -> list[ScoredItem]:
    """Up to `limit` items of the promoted filter, best related first (store rules apply)."""
    try:
        promo_filter = filter_get(name=rules.promoted_filter)
        found = _similar_items(
            backend,
            product.id,
            limit=CANDIDATE_FACTOR * max(limit, 1) + len(exclude),
            item_filter=promo_filter,
            user_id=user_id,
            session_id=session_id,
        )
    except (BackendError, FilterRequestError) as exc:
        _log_once(f"promoted:{type(exc).__name__}", "promoted items skipped: %s", exc)
        return []
    more = _products(ids=[r.item_id for r in found if r.item_id not in products], rules=rules)
    products.update(more)
    out = [
        r
        for r in found
        if r.item_id in products
        and r.item_id not in exclude
        and product_allowed(products[r.item_id], rules)
    ]
    return out[:limit]


def _popular_carousel(
    *, product: Product, exclude: set[str], rules: StoreRules, limit: int
) -> list[Recommendation]:
    """Popular products of the category, in stock first, never the excluded ones."""
    ids = popular_in_category(category_id=product.category_id, exclude=exclude, limit=10**6)
    found = products_by_ids(product_ids=ids)
    ordered = [found[pid] for pid in ids if pid in found]
    allowed = [p for p in ordered if product_allowed(p, rules)]
    chosen = (allowed or ordered)[:limit]
    return [Recommendation(p, 0.0, k + 1, k + 1) for k, p in enumerate(chosen)]


def rerank_items(
    *, user_id: str | None, session_id: str | None, item_ids: Sequence[str]
) -> list[str]:
    """Item ids re-ordered for the shopper; on a backend failure, the given order."""
    try:
        ranked = get_backend().rank(user_id=user_id, session_id=session_id, item_ids=item_ids)
    except BackendError as exc:
        _log_once(f"rerank:{type(exc).__name__}", "re-ranking skipped: %s", exc)
        return list(dict.fromkeys(item_ids))
    return [r.item_id for r in ranked]


# ---- events ------------------------------------------------------------------------------------
def interaction_record(
    *,
    product: Product,
    event_type: str,
    user_id: str | None,
    session_id: str | None,
    timestamp: datetime | None = None,
    value: float | None = None,
) -> Interaction:
    """Store one live event of the current shopper (or anonymous session), validated and
    recorded exactly as `POST /api/events` does (recommendations.events)."""
    event = LiveEvent(
        product=product,
        event_type=event_type_normalize(event_type),
        timestamp=timestamp or timezone.now(),
        value=value,
    )
    return events_record(user_id=user_id, session_id=session_id, events=[event])[0]


# ---- training ---------------------------------------------------------------------------------
def training_data() -> tuple[ItemTable, InteractionTable]:
    """Read the catalog and the interaction log with values_list into plain columns."""
    items = catalog_item_table()
    users: list[str] = []
    item_ids: list[str] = []
    types: list[str] = []
    stamps: list[float] = []
    for shopper_id, session_id, product_id, event_type, ts in Interaction.objects.values_list(
        "shopper_id", "session_id", "product_id", "event_type", "timestamp"
    ).iterator(chunk_size=20000):
        users.append(shopper_id or f"session:{session_id}")
        item_ids.append(product_id)
        types.append(event_type)
        stamps.append(ts.timestamp())
    genders = {
        shopper_id: g
        for shopper_id, gender in Shopper.objects.exclude(gender="").values_list("id", "gender")
        if (g := gender.strip().upper()) in ("M", "F")
    }
    interactions = InteractionTable(
        users, item_ids, types, np.asarray(stamps, dtype=np.int64), user_genders=genders
    )
    return items, interactions


def model_train(
    *,
    training: TrainingParams | None = None,
    ranking: RankingParams | None = None,
    model_dir: Path | None = None,
) -> tuple[str, dict[str, object]]:
    """Train on the whole database and publish the result as the current model version."""
    items, interactions = training_data()
    if len(items) == 0:
        raise ValueError("the catalog is empty: import data or run `manage.py load_demo` first")
    if training is None:
        training = dataclasses.replace(
            TrainingParams(), neighbours=int(settings.RECOMMENDATIONS_NEIGHBOURS)
        )
    model = train(items, interactions, training=training, ranking=ranking)
    version = save_model(model, Path(model_dir or settings.RECOMMENDATIONS_MODEL_DIR))
    return version, dict(model.info)
