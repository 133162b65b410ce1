from __future__ import annotations

from typing import Any

import pytest

from catalog.models import Product
from recommendations.rules import StoreRules, diversify, place_promoted
from recommendations.services import carousel_for_product, model_train
from tests.factories import small_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def store() -> dict[str, Any]:
    data = small_store()
    model_train()
    return data


def carousel(product: Product, **kwargs: Any) -> list[str]:
    c = carousel_for_product(product=product, user_id=None, session_id=None, **kwargs)
    return [r.product.id for r in c.items]


def test_promoted_slots_spread_over_the_carousel() -> None:
    assert StoreRules(promoted_share=0).promoted_slots(10) == []
    assert StoreRules(promoted_share=0.2).promoted_slots(10) == [2, 7]
    assert StoreRules(promoted_share=0.01).promoted_slots(10) == [5]
    assert StoreRules(promoted_share=1).promoted_slots(4) == [0, 1, 2, 3]


def test_diversify_and_place_promoted() -> None:
    items = ["a1", "a2", "b1", "a3", "b2", "b3", "c"]
    styles = ["a", "a", "b", "a", "b", "b", ""]
    assert diversify(items, styles=styles, max_per_style=2) == ["a1", "a2", "b1", "b2", "c"]
    assert diversify(items, styles=styles, max_per_style=0) == items
    assert place_promoted(["x", "y", "z"], ["P", "Q"], slots=[1, 9]) == ["x", "P", "y", "z", "Q"]


def test_out_of_stock_is_excluded_by_default(store: dict[str, Any]) -> None:
    s01 = store["products"]["s01"]
    Product.objects.filter(pk__in=["s02", "b01"]).update(current_stock=0)
    ids = carousel(s01)
    assert ids[:3] == ["s03", "s04", "s05"] and "s02" not in ids and "b01" not in ids
    assert len(ids) == 9
    assert "s02" in carousel(s01, rules=StoreRules(exclude_out_of_stock=False))


def test_at_most_m_items_of_one_style(store: dict[str, Any]) -> None:
    ids = carousel(store["products"]["s01"], rules=StoreRules(max_per_style=2))
    assert ids == ["s02", "s03", "b01", "b02"]


def test_promoted_share(store: dict[str, Any]) -> None:
    Product.objects.filter(pk__in=["b06", "b05"]).update(promoted=True)
    c = carousel_for_product(
        product=store["products"]["s01"],
        user_id=None,
        session_id=None,
        limit=5,
        rules=StoreRules(promoted_share=0.4),
    )
    ids = [r.product.id for r in c.items]
    assert len(ids) == 5
    assert [r.product.id for r in c.items if r.promoted] == [ids[1], ids[3]]
    assert {ids[1], ids[3]} == {"b05", "b06"}
    assert ids[0] == "s02" and ids[2] == "s03"


def test_never_empty_while_the_category_has_visible_products(store: dict[str, Any]) -> None:
    Product.objects.filter(category=store["kitchen"]).update(current_stock=0)
    ids = carousel(store["products"]["k01"])
    assert sorted(ids) == ["k02", "k03", "k04", "k05"]  # all out of stock: still served


def test_rules_come_from_settings(settings: Any) -> None:
    settings.RECOMMENDATIONS_RULES = {"max_per_style": 3, "promoted_share": 0.5}
    rules = StoreRules.from_settings()
    assert rules == StoreRules(max_per_style=3, promoted_share=0.5)


def test_style_cap_holds_for_promoted_items_too(store: dict[str, Any]) -> None:
    Product.objects.filter(pk__in=["b06", "b05"]).update(promoted=True)
    c = carousel_for_product(
        product=store["products"]["s01"],
        user_id=None,
        session_id=None,
        limit=10,
        rules=StoreRules(max_per_style=2, promoted_share=0.2),
    )
    assert [(r.product.id, r.promoted) for r in c.items] == [
        ("s02", False),
        ("s03", False),
        ("b05", True),
        ("b06", True),
    ]
