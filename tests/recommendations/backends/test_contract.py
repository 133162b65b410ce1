"""One contract, two backends: the local engine in process, and the personalize backend over
real HTTP against the store's own Personalize protocol endpoints (boto3 end to end)."""

from __future__ import annotations

from typing import Any

import pytest

from recommendations.backends import get_backend
from recommendations.backends.base import RecommendationBackend, ScoredItem
from recommendations.services import SAME_CATEGORY, model_train
from tests.factories import small_store

pytestmark = pytest.mark.django_db(transaction=True)

SHOES = {f"s0{k}" for k in range(1, 7)} | {f"b0{k}" for k in range(1, 7)}


class BackendContract:
    backend: RecommendationBackend | None = None

    @pytest.fixture(autouse=True)
    def _store(self) -> None:
        small_store()
        model_train()

    @property
    def b(self) -> RecommendationBackend:
        assert self.backend is not None, "set `backend` in the subclass"
        return self.backend

    def test_similar_items_are_scored_items_without_the_item_itself(self) -> None:
        items = self.b.similar_items("s01", limit=5)
        assert 0 < len(items) <= 5
        assert all(isinstance(r, ScoredItem) for r in items)
        assert "s01" not in [r.item_id for r in items]
        assert len({r.item_id for r in items}) == len(items)

    def test_similar_items_best_first(self) -> None:
        ids = [r.item_id for r in self.b.similar_items("s01", limit=4)]
        assert ids[:3] == ["s02", "s03", "s04"]

    def test_same_category_filter(self) -> None:
        items = self.b.similar_items("s01", limit=30, filter=SAME_CATEGORY)
        assert {r.item_id for r in items} <= SHOES
        assert len(items) == 11  # the other visible shoes

    def test_limit_zero_gives_nothing(self) -> None:
        assert self.b.similar_items("s01", limit=0) == []

    def test_rank_returns_the_same_items(self) -> None:
        ids = ["s02", "b02", "s03", "b03"]
        ranked = self.b.rank(user_id="1", session_id=None, item_ids=ids)
        assert sorted(r.item_id for r in ranked) == sorted(ids)

    def test_rank_follows_the_shoppers_history(self) -> None:
        ids = ["s02", "s03", "b02", "b03"]
        boots_fan = [r.item_id for r in self.b.rank(user_id="1", session_id=None, item_ids=ids)]
        sneaker_fan = [r.item_id for r in self.b.rank(user_id="2", session_id=None, item_ids=ids)]
        assert set(boots_fan[:2]) == {"b02", "b03"}
        assert set(sneaker_fan[:2]) == {"s02", "s03"}

    def test_rank_empty_list(self) -> None:
        assert self.b.rank(user_id="1", session_id=None, item_ids=[]) == []

    def test_rank_removes_duplicates_and_keeps_unknown_items_last(self) -> None:
        ranked = self.b.rank(
            user_id="1", session_id=None, item_ids=["s02", "new-item", "b02", "s02"]
        )
        ids = [r.item_id for r in ranked]
        assert ids[-1] == "new-item"
        assert sorted(ids) == ["b02", "new-item", "s02"]

    def test_anonymous_session_is_personalized_by_its_events(self) -> None:
        from catalog.models import Interaction, Product

        for pid in ("b05", "b06", "b05"):
            Interaction.objects.create(
                session_id="sess-anon",
                product=Product.objects.get(pk=pid),
                event_type="View",
                timestamp="2026-02-01T00:00:00Z",
            )
        ids = ["s05", "s06", "b06", "b05"]
        ranked = [
            r.item_id for r in self.b.rank(user_id=None, session_id="sess-anon", item_ids=ids)
        ]
        assert set(ranked[:2]) == {"b05", "b06"}


class TestLocalBackend(BackendContract):
    @pytest.fixture(autouse=True)
    def _backend(self) -> None:
        self.backend = get_backend("local")


class TestPersonalizeBackendOverProtocol(BackendContract):
    @pytest.fixture(autouse=True)
    def _backend(self, protocol_endpoint: str) -> None:
        self.backend = get_backend()
        assert self.backend.name == "personalize"
        assert self.backend.related_recipe == "aws-similar-items"

    def test_each_answer_really_came_over_http(self, protocol_endpoint: str) -> None:
        # the backend has no local delegate: it never needed the embedded engine
        backend: Any = self.backend
        self.b.similar_items("s01", limit=3)
        self.b.rank(user_id="1", session_id=None, item_ids=["s02", "b02"])
        assert backend._local is None
