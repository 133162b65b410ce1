"""Presenter pages in a real browser: keyboard focus at the carousel's end, phone widths."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from recommendations.services import model_train
from tests.browser.conftest import PageProbe
from tests.factories import small_store

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def store() -> dict[str, Any]:
    data = small_store()
    model_train()
    return data


@pytest.fixture
def phone(browser: Any) -> Iterator[PageProbe]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    probe = PageProbe(context.new_page())
    try:
        yield probe
    finally:
        context.close()
    assert probe.errors == [], f"console errors: {probe.errors}"


def test_focus_stays_on_next_button_at_the_end_of_the_carousel(
    page: Any, live_server: Any, store: Any
) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{live_server.url}/product/s01/")
    next_button = page.get_by_role("button", name="Next items")
    next_button.focus()
    for _ in range(12):
        page.keyboard.press("Enter")
        page.wait_for_timeout(150)
        if next_button.get_attribute("aria-disabled") == "true":
            break
    else:
        pytest.fail("the carousel never reached its end")
    # The button is not `disabled`, so focus stays on it instead of dropping to <body>.
    assert next_button.evaluate("b => b === document.activeElement && !b.disabled")
    scroll = page.locator(".carousel-track").evaluate("t => t.scrollLeft")
    page.keyboard.press("Enter")  # does nothing at the end
    page.wait_for_timeout(150)
    assert page.locator(".carousel-track").evaluate("t => t.scrollLeft") == scroll
    assert page.evaluate("() => document.activeElement.tagName") == "BUTTON"
    # Previous is usable again and Shift+Tab reaches it.
    prev = page.get_by_role("button", name="Previous items")
    assert prev.get_attribute("aria-disabled") is None
    page.keyboard.press("Shift+Tab")
    assert prev.evaluate("b => b === document.activeElement")


@pytest.mark.parametrize(
    "path", ["/product/s05/compare/", "/experiments/", "/status/", "/product/s05/?explain=1"]
)
def test_pages_are_no_wider_than_a_phone(
    phone: PageProbe, live_server: Any, store: Any, path: str
) -> None:
    page = phone.page
    get_user_model().objects.create_user("staff", password="pw-staff-123", is_staff=True)
    page.goto(f"{live_server.url}/admin/login/?next={path}")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "pw-staff-123")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{path}")
    page.goto(f"{live_server.url}/shoppers/?next={path}")
    page.locator('[data-shopper-id="1"] [data-testid="use-shopper"]').click()
    page.wait_for_url(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], path


def test_admin_login_has_no_console_error_for_the_favicon(
    probe: PageProbe, live_server: Any, store: Any
) -> None:
    probe.page.goto(f"{live_server.url}/admin/login/")
    probe.page.wait_for_load_state("networkidle")
    response = probe.page.request.get(f"{live_server.url}/favicon.ico")
    assert response.ok and "svg" in response.headers["content-type"]
    assert probe.errors == []


def test_explain_mode_does_not_widen_the_desktop_page(
    page: Any, live_server: Any, store: Any
) -> None:
    # The visually-hidden movement text of off-screen cards must stay inside the track.
    page.goto(f"{live_server.url}/shoppers/?next=/product/s05/?explain=1")
    page.locator('[data-shopper-id="1"] [data-testid="use-shopper"]').click()
    page.wait_for_url(f"{live_server.url}/product/s05/?explain=1")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280
