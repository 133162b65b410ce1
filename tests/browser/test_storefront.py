"""The presenter's path through the store, in a real browser (headless Chromium)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from catalog.models import Interaction
from experiments.models import CarouselClick
from recommendations.services import model_train
from tests.browser.conftest import PageProbe
from tests.factories import small_store

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def store() -> dict[str, Any]:
    data = small_store()
    model_train()  # into this test's own model folder (tests/conftest.py)
    return data


def card_ids(page: Any) -> list[str]:
    return page.locator(".carousel-card").evaluate_all(
        "cards => cards.map(c => c.dataset.productId)"
    )


def switch_shopper(page: Any, base: str, shopper_id: str, back_to: str) -> None:
    page.goto(f"{base}/shoppers/?next={back_to}")
    page.locator(f'[data-shopper-id="{shopper_id}"] [data-testid="use-shopper"]').click()
    page.wait_for_url(f"{base}{back_to}")


def test_product_page_shows_ten_cards(page: Any, live_server: Any, store: Any) -> None:
    page.goto(f"{live_server.url}/product/s01/")
    assert page.locator(".carousel-card").count() == 10
    region = page.get_by_role("region", name="Compare similar items")
    assert region.get_attribute("aria-roledescription") == "carousel"
    assert page.get_by_role("button", name="Next items").is_visible()
    assert page.get_by_role("button", name="Previous items").is_disabled()
    # Every image reserves its box before it loads: no layout shift.
    sizes = page.locator(".carousel-card img").evaluate_all(
        "imgs => imgs.map(i => [i.getAttribute('width'), i.getAttribute('height'), i.loading])"
    )
    assert all(s == ["400", "400", "lazy"] for s in sizes)


def test_switching_shopper_changes_the_order(page: Any, live_server: Any, store: Any) -> None:
    switch_shopper(page, live_server.url, "1", "/product/s05/")
    assert "Shopper 1" in page.get_by_test_id("current-shopper").inner_text()
    boots_fan = card_ids(page)
    switch_shopper(page, live_server.url, "2", "/product/s05/")
    assert "Shopper 2" in page.get_by_test_id("current-shopper").inner_text()
    sneaker_fan = card_ids(page)
    assert boots_fan != sneaker_fan
    assert boots_fan[0].startswith("b") and sneaker_fan[0].startswith("s")


def test_keyboard_moves_through_the_cards(page: Any, live_server: Any, store: Any) -> None:
    page.goto(f"{live_server.url}/product/s01/")
    links = page.locator(".carousel-card .card-link")
    # Tab reaches the first card (after the header, the badge and the two buttons).
    for _ in range(40):
        page.keyboard.press("Tab")
        if links.first.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the first card")
    page.keyboard.press("ArrowRight")
    assert links.nth(1).evaluate("el => el === document.activeElement")
    page.keyboard.press("Tab")
    assert links.nth(2).evaluate("el => el === document.activeElement")
    page.keyboard.press("End")
    last = links.nth(9)
    assert last.evaluate("el => el === document.activeElement")
    track = page.locator(".carousel-track")
    page.wait_for_function(
        "() => { const t = document.querySelector('.carousel-track');"
        " const c = document.querySelectorAll('.carousel-card')[9].getBoundingClientRect();"
        " const r = t.getBoundingClientRect(); return c.right <= r.right + 1; }"
    )
    page.keyboard.press("Home")
    assert links.first.evaluate("el => el === document.activeElement")
    page.wait_for_function("() => document.querySelector('.carousel-track').scrollLeft === 0")
    page.get_by_role("button", name="Next items").click()
    page.wait_for_function("() => document.querySelector('.carousel-track').scrollLeft > 0")
    assert track.evaluate("t => t.scrollLeft") > 0
    # Enter on a focused card follows it.
    links.nth(1).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/product/[^/]+/$"))


def test_explain_mode_gives_a_reason_on_every_card(page: Any, live_server: Any, store: Any) -> None:
    switch_shopper(page, live_server.url, "1", "/product/s05/")
    page.goto(f"{live_server.url}/product/s05/?explain=1")
    head = page.get_by_test_id("explain-head").inner_text()
    assert "local" in head and "retaildemo-similar-items" in head
    reasons = page.locator(".carousel-card [data-testid=why]")
    assert reasons.count() == page.locator(".carousel-card").count() == 10
    for text in reasons.all_inner_texts():
        assert "% of its score" in text and "→ #" in text
    assert re.search(r"[↑↓]\d", " ".join(reasons.all_inner_texts()))
    assert "Moved by:" in " ".join(reasons.all_inner_texts())
    # Remembered in the session until ?explain=0.
    page.goto(f"{live_server.url}/product/s01/")
    assert page.locator("[data-testid=why]").count() == 10
    page.get_by_test_id("explain-toggle").click()
    assert page.locator("[data-testid=why]").count() == 0
    page.goto(f"{live_server.url}/product/s05/compare/")
    # every candidate the re-rank saw (11 other shoes), the 10 of the carousel highlighted
    assert page.get_by_test_id("compare").locator("tbody tr").count() == 11
    assert page.get_by_test_id("compare").locator("tr.in-carousel").count() == 10


def test_a_click_lands_on_the_product_and_is_recorded(
    page: Any, live_server: Any, store: Any
) -> None:
    page.goto(f"{live_server.url}/product/s01/")
    third = page.locator(".carousel-card").nth(2)
    target = third.get_attribute("data-product-id")
    third.locator(".card-link").click()
    page.wait_for_url(f"{live_server.url}/product/{target}/")
    assert page.locator("article.product").get_attribute("data-product-id") == target
    clicks = Interaction.objects.filter(product_id=target, event_type="Click", source="live")
    assert clicks.count() == 1
    click = CarouselClick.objects.get()
    assert (click.product_id, click.position, click.from_product_id) == (target, 3, "s01")
    assert click.interaction_id == clicks.get().id


def test_search_finds_a_product(page: Any, live_server: Any, store: Any) -> None:
    page.goto(f"{live_server.url}/")
    page.get_by_role("searchbox", name="Search products").fill("hiking boot 4")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    results = page.get_by_test_id("results")
    assert results.locator(".card").count() == 1
    results.get_by_text("Hiking boot 4").click()
    page.wait_for_url(f"{live_server.url}/product/b04/")


def test_no_console_errors_on_any_page(probe: PageProbe, live_server: Any, store: Any) -> None:
    page = probe.page
    for path in (
        "/",
        "/category/footwear/",
        "/product/s01/",
        "/product/s01/?explain=1",
        "/product/s01/compare/",
        "/shoppers/",
        "/search/?q=boot",
        "/demo/related-items/",
        "/experiments/",
        "/product/s01/?explain=0",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
    assert probe.errors == []
