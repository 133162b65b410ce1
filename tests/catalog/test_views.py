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


def test_product_page_shows_ten_cards_and_records_a_view(
    client: Client, store: dict[str, Any]
) -> None:
    before = Interaction.objects.filter(product_id="s01", event_type="View").count()
    response = client.get("/product/s01/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="carousel-card"') == 10
    assert "Compare similar items" in html
    assert Interaction.objects.filter(product_id="s01", event_type="View").count() == before + 1
    live = Interaction.objects.get(product_id="s01", source="live")
    assert live.shopper_id is None and len(live.session_id) == 32


def test_catalog_text_is_escaped(client: Client, store: dict[str, Any]) -> None:
    p = store["products"]["s02"]
    p.description = "<script>alert(1)</script>"
    p.save()
    html = client.get("/product/s02/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unknown_and_hidden_products_are_404_pages(client: Client, store: dict[str, Any]) -> None:
    for path in ("/product/nope/", "/product/hidden/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Not found" in response.content.decode()


def test_home_category_and_image(client: Client, store: dict[str, Any]) -> None:
    assert client.get("/").status_code == 200
    page = client.get("/category/house-wares/")
    assert page.status_code == 200
    assert page.content.decode().count('class="card"') == 5
    image = client.get("/product/s01/image.svg")
    assert image.status_code == 200 and image["Content-Type"] == "image/svg+xml"
    assert client.get("/category/nope/").status_code == 404


def test_switching_shopper_changes_the_carousel_order(
    client: Client, store: dict[str, Any]
) -> None:
    def order() -> list[str]:
        html = client.get("/product/s05/").content.decode()
        return [
            chunk.split('"')[0]
            for chunk in html.split('class="carousel-card"')[1:]
            for chunk in [chunk.split('data-product-id="')[1]]
        ]

    client.post("/shopper/switch/", {"shopper_id": "1", "next": "/product/s05/"})
    boots = order()
    client.post("/shopper/switch/", {"shopper_id": "2", "next": "/product/s05/"})
    sneakers = order()
    assert boots != sneakers
    assert boots[0].startswith("b") and sneakers[0].startswith("s")


def test_switch_rejects_unknown_shopper_and_unsafe_redirect(
    client: Client, store: dict[str, Any]
) -> None:
    assert client.post("/shopper/switch/", {"shopper_id": "999"}).status_code == 400
    response = client.post("/shopper/switch/", {"shopper_id": "1", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_health_reports_model_version(client: Client, store: dict[str, Any]) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["backend"] == "local"
    assert isinstance(body["model_version"], str) and body["model_version"]


def test_head_does_not_record_a_view(client: Client, store: dict[str, Any]) -> None:
    before = Interaction.objects.count()
    assert client.head("/product/s01/").status_code == 200
    assert Interaction.objects.count() == before


def test_home_counts_only_visible_products(client: Client, store: dict[str, Any]) -> None:
    from catalog.selectors import categories_with_counts
    from tests.factories import make_category, make_product

    voice = make_category("voice only")
    make_product("v1", voice, visible=False)
    counts = {c.name: c.n_products for c in categories_with_counts()}  # type: ignore[attr-defined]
    # 12 visible shoes (the Alexa-only boot is not counted), 5 pans, no "voice only" category
    assert counts == {"footwear": 12, "house wares": 5}


def test_a_damaged_model_falls_back_and_never_fails_a_page(
    client: Client, store: dict[str, Any], settings: Any
) -> None:
    broken = settings.RECOMMENDATIONS_MODEL_DIR / "broken"
    broken.mkdir(parents=True)
    (broken / "manifest.json").write_text("{not json")
    (broken / "model.npz").write_text("garbage")
    (settings.RECOMMENDATIONS_MODEL_DIR / "current").write_text("broken\n")
    response = client.get("/product/s01/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="carousel-card"') == 10
    assert "same-category-popular" in html
    health = client.get("/health")
    assert health.status_code == 200 and health.json()["model_version"] is None
