"""The embedded backend: our own engine, trained by `manage.py train_recommendations`."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.db.models import Q

from catalog.models import Interaction, Product
from recommendations.backends.base import (
    BackendError,
    ItemFilter,
    RankingContext,
    RecommendationBackend,
    ScoredItem,
)
from recommendations.engine.artifacts import ModelNotFound, ModelStore
from recommendations.engine.model import SimilarityModel

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


def shopper_history(
    *, user_id: str | None, session_id: str | None, limit: int = HISTORY_LIMIT
) -> list[tuple[str, str, int, bool]]:
    """The shopper's and this session's newest events as (item id, event type, unix seconds,
    in this session), oldest first. A session's events count for the shopper who owns it."""
    q = Q()
    if user_id:
        q |= Q(shopper_id=user_id)
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


class LocalBackend(RecommendationBackend):
    name = "local"
    related_recipe = "retaildemo-similar-items"
    ranking_recipe = "retaildemo-personalized-ranking"

    def __init__(self) -> None:
        self._visible: tuple[str | None, float, npt.NDArray[np.bool_]] | None = None

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

    def allowed_mask(
        self, model: SimilarityModel, item_id: str, filter: ItemFilter | None
    ) -> npt.NDArray[np.bool_]:
        mask = self._visible_mask(model).copy()
        if filter is not None and filter.name == "same-category":
            i = model.items.get(item_id)
            if i is not None:
                category = model.categories[i]
                mask &= np.fromiter(
                    (c == category for c in model.categories), dtype=bool, count=len(mask)
                )
            else:
                product = Product.objects.filter(pk=item_id).select_related("category").first()
                if product is not None:
                    same = set(
                        Product.objects.filter(category=product.category).values_list(
                            "id", flat=True
                        )
                    )
                    mask &= np.fromiter(
                        (x in same for x in model.items.ids), dtype=bool, count=len(mask)
                    )
        return mask

    def similar_items(
        self,
        item_id: str,
        *,
        limit: int,
        filter: ItemFilter | None = None,
        user_id: str | None = None,
    ) -> list[ScoredItem]:
        model = self._model()
        mask = self.allowed_mask(model, item_id, filter)
        return [
            ScoredItem(r.item_id, r.score, r.co_part, r.meta_part)
            for r in model.related(item_id, limit=limit, allowed=mask)
        ]

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
