from __future__ import annotations

from typing import Any

import pytest

from catalog.models import Product
from recommendations.services import carousel_for_product, model_train
from tests.factories import make_category, make_product, small_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def store() -> dict[str, Any]:
    data = small_store()
    model_train()
    return data


def test_carousel_is_same_category_visible_and_never_the_product(store: dict[str, Any]) -> None:
    carousel = carousel_for_product(product=store["products"]["s01"], user_id=None, session_id=None)
    ids = [r.product.id for r in carousel.items]
    assert len(ids) == 10
    assert len(set(ids)) == 10
    assert "s01" not in ids and "hidden" not in ids
    assert all(r.product.category.name == "footwear" for r in carousel.items)
    # Tuned defaults (issue 3): path 0.9, damping 0.9, co 0.95, meta 0.05, same-style bonus 0.2.
    # Entry paths in footwear (no genders known): s01 is the entry of shoppers 2, 3 and 4, one
    # group holding {s01, s02, s03, s04, b01} (3 paths: weight 3^0.5 / 4); so every one of
    # s02-s04 and b01 has path score 0.433, the row's best -> 1.0.
    # Co-occurrence sim(i, j) = C[i, j] / (n_i^0.1 n_j^0.9), n(s01) = n(b01) = 3, else 1:
    # s02-s04: 1 / 3^0.1 = 0.896, the row's best -> 1.0; b01: 2 / 3 = 0.667 / 0.896 = 0.744.
    # Behaviour: s02-s04 0.9 x 1 + 0.1 x 1 = 1.0; b01 0.9 + 0.1 x 0.744 = 0.974.
    # Blend: s02-s04 0.95 x 1.0 + identical metadata 0.05 + same style 0.2 -> 1.2;
    # b01 0.95 x 0.974 = 0.926 + another style's metadata (cosine 0.153 x 0.05) -> 0.93.
    assert ids[:4] == ["s02", "s03", "s04", "b01"]
    assert [round(r.score, 2) for r in carousel.items[:4]] == [1.2, 1.2, 1.2, 0.93]
    assert carousel.fallback is False


def test_small_category_gives_only_its_own_products(store: dict[str, Any]) -> None:
    carousel = carousel_for_product(product=store["products"]["k01"], user_id=None, session_id=None)
    ids = [r.product.id for r in carousel.items]
    assert sorted(ids) == ["k02", "k03", "k04", "k05"]
    assert ids[0] == "k02"


def test_deleted_or_hidden_recommendation_is_dropped(store: dict[str, Any]) -> None:
    Product.objects.filter(pk="b01").update(where_visible="Alexa")
    Product.objects.filter(pk="b02").delete()
    carousel = carousel_for_product(product=store["products"]["s01"], user_id=None, session_id=None)
    ids = [r.product.id for r in carousel.items]
    assert "b01" not in ids and "b02" not in ids
    assert len(ids) == 9  # 12 shoes - s01 - b01 - b02
    assert all(r.product is not None for r in carousel.items)


def test_shoppers_with_different_histories_see_different_orders(store: dict[str, Any]) -> None:
    product = store["products"]["s05"]
    boots_fan = carousel_for_product(product=product, user_id="1", session_id=None)
    sneaker_fan = carousel_for_product(product=product, user_id="2", session_id=None)
    boots_order = [r.product.id for r in boots_fan.items]
    sneakers_order = [r.product.id for r in sneaker_fan.items]
    assert boots_order != sneakers_order
    # b02 and b03 (viewed twice) first; then b01 before b04 (each viewed once): shopper 1
    # entered the boots at b01, so the entry-path group {b01, b02, b03, b04} makes b01 as close
    # to the shopper's other boots as b04 is, and b01's own path group with s01 adds to it.
    assert boots_order[:4] == ["b02", "b03", "b01", "b04"]
    assert set(sneakers_order[:4]) == {"s01", "s02", "s03", "s04"}
    assert boots_fan.personalized and "personalized-ranking" in boots_fan.recipe


def test_no_model_falls_back_to_popular_in_category() -> None:
    data = small_store()  # no training
    products: dict[str, Product] = data["products"]  # type: ignore[assignment]
    carousel = carousel_for_product(product=products["s05"], user_id="1", session_id=None)
    assert carousel.fallback is True
    assert carousel.recipe == "same-category-popular"
    ids = [r.product.id for r in carousel.items]
    assert len(ids) == 10 and "s05" not in ids and "hidden" not in ids
    # b01 and s01 (3 views each, ties by id) first; then the items viewed twice, by id
    assert ids[:6] == ["b01", "s01", "b02", "b03", "s02", "s03"]


def test_new_category_product_without_interactions_has_metadata_neighbours(
    store: dict[str, Any],
) -> None:
    tools = make_category("tools")
    hammer = make_product("t01", tools, style="hammer", name="Claw hammer")
    make_product("t02", tools, style="hammer", name="Claw hammer large")
    make_product("t03", tools, style="saw", name="Hand saw")
    model_train()
    carousel = carousel_for_product(product=hammer, user_id=None, session_id=None)
    assert [r.product.id for r in carousel.items] == ["t02", "t03"]


def test_neighbours_setting_is_used_by_training(settings: Any) -> None:
    from recommendations.backends.local import model_store

    small_store()
    settings.RECOMMENDATIONS_NEIGHBOURS = 3
    model_train()
    model, manifest = model_store().get()
    assert manifest["training"]["neighbours"] == 3
    assert model.neighbours.indices.shape == (len(model.items), 3)
