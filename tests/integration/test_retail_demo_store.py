"""End to end on the public Retail Demo Store data (skipped where it is absent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from catalog.models import Interaction, Product, Shopper
from tests.conftest import requires_shared_data

pytestmark = [requires_shared_data, pytest.mark.django_db]

BACKPACK = "6579c22f-be2b-444c-a52b-0116dd82df6c"  # "Adventure-Ready Expedition Backpack"


@pytest.fixture
def store(shared_store: Path, settings: Any) -> Path:
    settings.RECOMMENDATIONS_MODEL_DIR = shared_store
    return shared_store


def _related(client: Client, item: str, user: str | None = None) -> list[dict[str, Any]]:
    params = {"currentItemID": item, "numResults": "10"}
    if user:
        params["userID"] = user
    response = client.get("/api/related", params)
    assert response.status_code == 200, response.content
    body: list[dict[str, Any]] = response.json()
    return body


def test_the_whole_data_set_is_there(store: Path) -> None:
    assert Product.objects.count() == 2465
    assert Shopper.objects.count() == 6000
    assert Interaction.objects.count() == 675004


def test_related_gives_ten_distinct_products_of_the_category(client: Client, store: Path) -> None:
    body = _related(client, BACKPACK)
    ids = [row["product"]["id"] for row in body]
    assert len(ids) == 10
    assert len(set(ids)) == 10
    assert BACKPACK not in ids
    assert {row["product"]["category"] for row in body} == {"accessories"}
    assert all(row["product"]["where_visible"] == "UI" for row in body)


def test_shoppers_with_different_histories_see_different_orders(
    client: Client, store: Path
) -> None:
    # Two shoppers whose persona includes accessories, with their own accessories history.
    fans = [
        s.id
        for s in Shopper.objects.filter(persona__contains="accessories", selectable=True).order_by(
            "id"
        )
        if Interaction.objects.filter(shopper=s, product__category__name="accessories").exists()
    ][:2]
    assert len(fans) == 2
    orders = {}
    for user in fans:
        body = _related(client, BACKPACK, user)
        assert len(body) == 10
        assert {row["product"]["category"] for row in body} == {"accessories"}
        orders[user] = [row["product"]["id"] for row in body]
    # The carousel re-ranks 3 x 10 related candidates for each shopper and keeps the first 10.
    assert orders[fans[0]] != orders[fans[1]]


def test_product_page_shows_the_carousel(client: Client, store: Path) -> None:
    response = client.get(f"/product/{BACKPACK}/")
    assert response.status_code == 200
    assert response.content.decode().count('class="carousel-card"') == 10


def test_alexa_only_products_are_not_pages(client: Client, store: Path) -> None:
    hidden = Product.objects.exclude(where_visible="UI").first()
    assert hidden is not None
    assert client.get(f"/product/{hidden.id}/").status_code == 404
