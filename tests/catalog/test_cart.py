from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from catalog.models import Interaction
from recommendations.services import model_train
from tests.factories import small_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def store() -> dict[str, Any]:
    data = small_store()
    model_train()
    return data


def live_events(client: Client) -> list[tuple[str, str, float | None]]:
    session = client.session["visit_session_id"]
    return list(
        Interaction.objects.filter(source="live", session_id=session)
        .exclude(event_type="View")
        .order_by("timestamp", "id")
        .values_list("event_type", "product_id", "value")
    )


def carousel_ids(client: Client, path: str) -> list[str]:
    html = client.get(path).content.decode()
    return [
        c.split('"')[0]
        for c in html.split('class="carousel-card"')[1:]
        for c in [c.split('data-product-id="')[1]]
    ]


def test_add_view_checkout_each_record_their_event(client: Client, store: dict[str, Any]) -> None:
    page = client.get("/product/s01/").content.decode()
    assert 'action="/cart/add/"' in page and "Cart (0)" in page
    response = client.post("/cart/add/", {"product_id": "s02", "quantity": "2"})
    assert response.status_code == 302 and response["Location"] == "/cart/"
    client.post("/cart/add/", {"product_id": "b01", "quantity": "1"})
    client.post("/cart/add/", {"product_id": "s02", "quantity": "1"})
    cart = client.get("/cart/").content.decode()
    assert cart.count('class="cart-line"') == 2 and "$30.00" in cart and "$40.00" in cart
    assert "Cart (4)" in cart
    assert client.get("/checkout/").status_code == 200
    done = client.post("/checkout/")
    assert done.status_code == 200 and "Thank you" in done.content.decode()
    assert live_events(client) == [
        ("AddToCart", "s02", 2.0),
        ("AddToCart", "b01", 1.0),
        ("AddToCart", "s02", 1.0),
        ("ViewCart", "s02", 3.0),
        ("ViewCart", "b01", 1.0),
        ("StartCheckout", "s02", 3.0),
        ("StartCheckout", "b01", 1.0),
        ("Purchase", "s02", 3.0),
        ("Purchase", "b01", 1.0),
    ]
    assert "Cart (0)" in client.get("/cart/").content.decode()  # emptied, no new events
    assert len(live_events(client)) == 9


def test_cart_items_are_removed_from_the_carousel(client: Client, store: dict[str, Any]) -> None:
    before = carousel_ids(client, "/product/s01/")
    assert before[:2] == ["s02", "s03"]
    client.post("/cart/add/", {"product_id": "s02", "quantity": "1"})
    after = carousel_ids(client, "/product/s01/")
    assert "s02" not in after and after[0] == "s03" and len(after) == 10


@pytest.mark.parametrize(
    "data",
    [
        {"product_id": "nope"},
        {"product_id": "hidden"},
        {"product_id": "s01", "quantity": "0"},
        {"product_id": "s01", "quantity": "100"},
        {"product_id": "s01", "quantity": "two"},
    ],
)
def test_bad_add_to_cart_is_a_400(client: Client, store: dict[str, Any], data: dict) -> None:
    assert client.post("/cart/add/", data).status_code == 400
    assert not Interaction.objects.filter(event_type="AddToCart").exists()


def test_checkout_of_an_empty_cart_goes_back_to_the_cart(
    client: Client, store: dict[str, Any]
) -> None:
    assert client.post("/checkout/")["Location"] == "/cart/"
    assert client.get("/cart/").status_code == 200
    assert not Interaction.objects.filter(source="live").exclude(event_type="View").exists()


def test_known_shopper_cart_events_carry_shopper_and_session(
    client: Client, store: dict[str, Any]
) -> None:
    client.post("/shopper/switch/", {"shopper_id": "2", "next": "/"})
    client.post("/cart/add/", {"product_id": "k01", "quantity": "1"})
    row = Interaction.objects.get(event_type="AddToCart")
    assert row.shopper_id == "2" and row.session_id == client.session["visit_session_id"]
