"""The embedded backend: our own engine, trained by `manage.py train_recommendations`."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.db.models import Count, Max, Q

from catalog.models import Interaction, Product
from recommendations.backends.base import (
    BackendError,
    ItemFilter,
    RankingContext,
    RecommendationBackend,
    ScoredItem,
)
from recommendations.engine.artifacts import ModelNotFound, ModelStore
from recommendations.engine.dataset import ItemTable
from recommendations.engine.fresh import MetadataSpace, Scored, merge_by_score, metadata_space
from recommendations.engine.model import SimilarityModel
from recommendations.filtering import filter_mask, filter_parsed, item_rows

HISTORY_LIMIT = 200
VISIBILITY_TTL = 30.0

_stores: dict[Path, ModelStore] = {}
_stores_lock = threading.Lock()


def model_store() -> ModelStore:
    """The process-wide store for the configured model folder."""
    base = Path(settings.RECOMMENDATIONS_MODEL_DIR)
    with _stores_lock:
        store = _stores.get(base)
        if store is None:
            store = _stores[base] = ModelStore(base)
        return store


def catalog_item_table() -> ItemTable:
    """Every product's metadata, in id order, as the engine's ItemTable (read with values_list)."""
    rows = list(
        Product.objects.order_by("id").values_list(
            "id", "name", "description", "category__name", "style", "gender_affinity"
        )
    )
    return ItemTable(
        ids=[r[0] for r in rows],
        names=[r[1] for r in rows],
        descriptions=[r[2] for r in rows],
        categories=[r[3] for r in rows],
        styles=[r[4] for r in rows],
        genders=[r[5] for r in rows],
    )


def shopper_history(
    *, user_id: str | None, session_id: str | None, limit: int = HISTORY_LIMIT
) -> list[tuple[str, str, int, bool]]:
    """The shopper's and this session's newest events as (item id, event type, unix seconds,
    in this session), oldest first. A session's events count for the shopper who owns it:
    anonymous events of any session the shopper has used (as Personalize's sessionId does)."""
    q = Q()
    if user_id:
        q |= Q(shopper_id=user_id)
        used = (
            Interaction.objects.filter(shopper_id=user_id)
            .exclude(session_id="")
            .values("session_id")
        )
        q |= Q(session_id__in=used)
    if session_id:
        q |= Q(session_id=session_id)
    if not q:
        return []
    rows = list(
        Interaction.objects.filter(q)
        .order_by("-timestamp", "-id")
        .values_list("product_id", "event_type", "timestamp", "session_id")[:limit]
    )
    rows.reverse()
    return [
        (pid, etype, int(ts.timestamp()), bool(session_id) and sid == session_id)
        for pid, etype, ts, sid in rows
    ]


@dataclass
class CatalogView:
    """The model's items plus products the model has not seen, as the local backend filters
    them: export rows for the filter evaluator, visibility, and the products added or edited
    since training (`fresh`) with a metadata space refitted to place them."""

    version: str | None
    signature: tuple[int, datetime | None]
    ids: list[str]  # model items first (model order), then products unknown to the model
    n_model: int
    rows: list[dict[str, Any]]
    visible: npt.NDArray[np.bool_]
    fresh: set[str]
    space: MetadataSpace | None
    loaded_at: float
    masks: dict[tuple[Any, ...], npt.NDArray[np.bool_]] = field(default_factory=dict)
    _positions: dict[str, int] = field(default_factory=dict, init=False, repr=False)

    def position(self, item_id: str) -> int | None:
        if not self._positions:
            self._positions = {x: k for k, x in enumerate(self.ids)}
        return self._positions.get(item_id)


MASK_CACHE_SIZE = 256


class LocalBackend(RecommendationBackend):
    name = "local"
    related_recipe = "retaildemo-similar-items"
    ranking_recipe = "retaildemo-personalized-ranking"

    def __init__(self) -> None:
        self._visible: tuple[str | None, float, npt.NDArray[np.bool_]] | None = None
        self._catalog: CatalogView | None = None
        self._catalog_lock = threading.Lock()

    def _model(self) -> SimilarityModel:
        try:
            model, _ = model_store().get()
        except ModelNotFound as exc:
            raise BackendError(str(exc)) from exc
        return model

    def model_version(self) -> str | None:
        try:
            model_store().get()
        except ModelNotFound:
            return None
        return model_store().version

    def _visible_mask(self, model: SimilarityModel) -> npt.NDArray[np.bool_]:
        """Model items that still exist and are visible in the web UI (cached briefly)."""
        version = model_store().version
        cached = self._visible
        now = time.monotonic()
        if cached and cached[0] == version and now - cached[1] < VISIBILITY_TTL:
            return cached[2]
        visible = set(Product.objects.visible().values_list("id", flat=True))
        mask = np.fromiter(
            (i in visible for i in model.items.ids), dtype=bool, count=len(model.items)
        )
        self._visible = (version, now, mask)
        return mask

    # ---- the catalog as filtered: model items + products newer than the model ------------
    def catalog_view(self, model: SimilarityModel) -> CatalogView:
        """Rebuilt when the model version or the catalog (count, newest updated_at) changes,
        and at least every VISIBILITY_TTL seconds (stock, price or visibility edited in bulk
        without touching updated_at)."""
        _, manifest = model_store().get()
        version = model_store().version
        agg = Product.objects.aggregate(n=Count("id"), newest=Max("updated_at"))
        signature = (int(agg["n"] or 0), agg["newest"])
        now = time.monotonic()
        cached = self._catalog
        if (
            cached is not None
            and cached.version == version
            and cached.signature == signature
            and now - cached.loaded_at < VISIBILITY_TTL
        ):
            return cached
        with self._catalog_lock:
            view = self._build_catalog(model, manifest, version, signature, now)
            self._catalog = view
        return view

    def _build_catalog(
        self,
        model: SimilarityModel,
        manifest: dict[str, Any],
        version: str | None,
        signature: tuple[int, datetime | None],
        now: float,
    ) -> CatalogView:
        rows_by_id = item_rows()
        extra = sorted(pid for pid in rows_by_id if pid not in model.items)
        ids = [*model.items.ids, *extra]
        rows = [rows_by_id.get(pid) or {"ITEM_ID": pid} for pid in ids]
        visible_ids = set(Product.objects.visible().values_list("id", flat=True))
        visible = np.fromiter((x in visible_ids for x in ids), dtype=bool, count=len(ids))
        fresh = set(extra)
        created = _parse_time(manifest.get("created_at"))
        if created is not None:
            fresh |= set(
                Product.objects.filter(updated_at__gt=created).values_list("id", flat=True)
            )
        space = None
        if fresh:
            space = metadata_space(catalog_item_table(), model.training.metadata)
        return CatalogView(
            version=version,
            signature=signature,
            ids=ids,
            n_model=len(model.items),
            rows=rows,
            visible=visible,
            fresh=fresh,
            space=space,
            loaded_at=now,
        )

    def allowed_mask(
        self,
        model: SimilarityModel,
        item_id: str,
        filter: ItemFilter | None,
        *,
        user_id: str | None = None,
        session_id: str | None = None,
        catalog: CatalogView | None = None,
    ) -> npt.NDArray[np.bool_]:
        """Visible items that pass `filter` (any Personalize expression), over the catalog view
        (model items first: `mask[:len(model.items)]` is the model's own mask)."""
        view = catalog or self.catalog_view(model)
        mask = view.visible.copy()
        if filter is None or not filter.expression:
            return mask
        pos = view.position(item_id)
        current = view.rows[pos] if pos is not None else {"ITEM_ID": item_id}
        parsed = filter_parsed(filter.expression)
        uses_interactions = "Interactions." in parsed.to_expression()
        key = (
            filter.expression,
            tuple(sorted(filter.values.items())),
            tuple(sorted((k, str(v)) for k, v in current.items() if k != "ITEM_ID")),
            user_id if " IF " in parsed.to_expression() else None,
        )
        cached = None if uses_interactions else view.masks.get(key)
        if cached is None:
            interactions: list[tuple[str, str]] = []
            if uses_interactions:
                interactions = [
                    (pid, etype)
                    for pid, etype, _, _ in shopper_history(user_id=user_id, session_id=session_id)
                ]
            cached = np.asarray(
                filter_mask(
                    filter,
                    rows=view.rows,
                    current_item=current,
                    user_id=user_id,
                    interactions=interactions,
                ),
                dtype=bool,
            )
            if not uses_interactions:
                if len(view.masks) >= MASK_CACHE_SIZE:
                    view.masks.clear()
                view.masks[key] = cached
        return mask & cached

    def similar_items(
        self,
        item_id: str,
        *,
        limit: int,
        filter: ItemFilter | None = None,
        user_id: str | None = None,
        session_id: str | None = None,
    ) -> list[ScoredItem]:
        """Model neighbours merged with products newer than the model, by metadata."""
        model = self._model()
        view = self.catalog_view(model)
        mask = self.allowed_mask(
            model, item_id, filter, user_id=user_id, session_id=session_id, catalog=view
        )
        known = item_id in model.items
        base: list[Scored] = []
        if known:
            base = [
                Scored(r.item_id, r.score, r.co_part, r.meta_part)
                for r in model.related(item_id, limit=limit, allowed=mask[: view.n_model])
            ]
        extra: list[Scored] = []
        if view.space is not None:
            allowed = [x for k, x in enumerate(view.ids) if mask[k] and x != item_id]
            if item_id not in view.fresh:
                allowed = [x for x in allowed if x in view.fresh]
            weight = model.training.meta_weight
            sims = view.space.similarity(item_id, allowed) * weight
            extra = [
                Scored(x, float(s), 0.0, float(s))
                for x, s in zip(allowed, sims, strict=True)
                if s > 0
            ]
        merged = merge_by_score(base, extra, limit=limit)
        if not known and len(merged) < limit:
            taken = {s.item_id for s in merged} | {item_id}
            for r in model.popular(limit=limit + len(taken), allowed=mask[: view.n_model]):
                if r.item_id not in taken and len(merged) < limit:
                    merged.append(Scored(r.item_id, 0.0))
            if len(merged) < limit:  # products unknown to the model, by id
                for k in range(view.n_model, len(view.ids)):
                    x = view.ids[k]
                    if mask[k] and x not in taken and all(m.item_id != x for m in merged):
                        merged.append(Scored(x, 0.0))
                        if len(merged) >= limit:
                            break
        return [ScoredItem(s.item_id, s.score, s.co_part, s.meta_part) for s in merged]

    def rank(
        self,
        *,
        user_id: str | None,
        session_id: str | None,
        item_ids: Sequence[str],
        context: RankingContext | None = None,
    ) -> list[ScoredItem]:
        model = self._model()
        history = shopper_history(user_id=user_id, session_id=session_id)
        ranked = model.rank(item_ids, history=history)
        out: list[ScoredItem] = []
        for item_id, r in ranked:
            if r is None:
                out.append(ScoredItem(item_id))
            else:
                because = tuple(model.items.ids[j] for j in r.because_of)
                out.append(ScoredItem(item_id, r.score, because_of=because))
        return out


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
