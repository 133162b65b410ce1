from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from catalog import presenter_views
from catalog.models import Interaction, Product
from catalog.search import product_search, search_terms
from experiments.models import CarouselClick
from recommendations.engine.artifacts import current_version
from recommendations.services import model_train
from tests.factories import small_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def store() -> dict[str, Any]:
    data = small_store()
    model_train()
    return data


def test_cards_link_to_the_click_redirect(client: Client, store: Any) -> None:
    html = client.get("/product/s01/").content.decode()
    assert 'href="/r/' in html and "pos=1&amp;from=s01" in html
    assert 'aria-roledescription="carousel"' in html and 'aria-label="Next items"' in html


def test_click_redirect_records_one_click_and_lands_on_the_product(
    client: Client, store: Any
) -> None:
    response = client.get("/r/b02/?pos=3&from=s01")
    assert response.status_code == 302 and response["Location"] == "/product/b02/"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    click = Interaction.objects.get(event_type="Click")
    assert click.product_id == "b02" and click.source == "live" and click.session_id
    record = CarouselClick.objects.get()
    assert (record.position, record.from_product_id, record.exposure_id) == (3, "s01", None)
    assert record.interaction_id == click.id and record.variant == ""


def test_click_redirect_tolerates_bad_parameters(client: Client, store: Any) -> None:
    response = client.get("/r/b02/?pos=abc&from=nope&x=zzz&variant=Z")
    assert response.status_code == 302
    record = CarouselClick.objects.get()
    assert (record.position, record.from_product_id, record.variant) == (None, None, "")
    assert client.get("/r/hidden/").status_code == 404


@pytest.mark.parametrize("pos", ["-5", "abc", "1e21", "%00", "0", "101", "+3", " 3", "", "٣"])
def test_click_position_is_1_to_100_or_none_never_0(client: Client, store: Any, pos: str) -> None:
    assert client.get(f"/r/b02/?pos={pos}&from=s01").status_code == 302
    assert CarouselClick.objects.get().position is None
    assert Interaction.objects.filter(event_type="Click").count() == 1


def test_click_position_bounds_are_kept(client: Client, store: Any) -> None:
    client.get("/r/b02/?pos=1")
    client.get("/r/b02/?pos=100")
    assert list(CarouselClick.objects.order_by("id").values_list("position", flat=True)) == [
        1,
        100,
    ]


def test_click_head_redirects_and_records_nothing(client: Client, store: Any) -> None:
    response = client.head("/r/b02/?pos=3&from=s01")
    assert response.status_code == 302 and response["Location"] == "/product/b02/"
    assert not CarouselClick.objects.exists()
    assert not Interaction.objects.filter(event_type="Click").exists()


def test_explain_mode_is_remembered_until_turned_off(client: Client, store: Any) -> None:
    client.post("/shopper/switch/", {"shopper_id": "1"})
    assert 'data-testid="why"' not in client.get("/product/s05/").content.decode()
    html = client.get("/product/s05/?explain=1").content.decode()
    assert html.count('data-testid="why"') == 10
    assert "retaildemo-similar-items + retaildemo-personalized-ranking" in html
    assert "Moved by:" in html and "% of its score" in html
    assert client.get("/product/s01/").content.decode().count('data-testid="why"') == 10
    assert 'data-testid="why"' not in client.get("/product/s01/?explain=0").content.decode()
    assert 'data-testid="why"' not in client.get("/product/s01/").content.decode()


def test_compare_view(client: Client, store: Any) -> None:
    client.post("/shopper/switch/", {"shopper_id": "1"})
    response = client.get("/product/s05/compare/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "↑" in html and "↓" in html
    assert client.get("/product/nope/compare/").status_code == 404


def test_compare_lists_every_candidate_so_was_k_has_a_row(client: Client, store: Any) -> None:
    client.post("/shopper/switch/", {"shopper_id": "1"})
    html = client.get("/product/s05/compare/").content.decode()
    # small_store: 11 other visible shoes, all candidates of the re-rank (3 x 10 = 30 at most)
    rows = html.count('<th scope="row">')
    assert rows == 11 and "all 11 candidates" in html
    befores = [int(k) for k in re.findall(r"was #(\d+)", html)]
    assert befores and max(befores) <= rows
    assert html.count('data-testid="in-carousel"') == 10  # the 10 that made the carousel
    assert "No experiment is running" in html


def _cards(html: str) -> list[str]:
    return re.findall(
        r'<div class="carousel-card".*?data-testid="why">(.*?)\n      </div>', html, re.S
    )


def test_explain_never_names_the_viewed_product_nor_unmoved_cards(
    client: Client, store: Any
) -> None:
    html = client.get("/product/s05/?explain=1").content.decode()  # a new anonymous visitor
    assert "0 of 10 cards moved" in html
    assert "Moved by" not in html
    assert "You are looking at <strong>Runner sneaker 5</strong>" in html
    assert html.count("No event of this shopper moved it.") == 10
    client.post("/shopper/switch/", {"shopper_id": "1"})
    html = client.get("/product/s05/?explain=1").content.decode()
    cards = _cards(html)
    assert len(cards) == 10
    for card in cards:
        moved_by = "Moved by:" in card
        assert moved_by == ('class="move up"' in card), card
        if moved_by:
            assert "Runner sneaker 5" not in card.split("Moved by:")[1]
        if 'class="move down"' in card:
            assert "moved down because other cards matched this shopper better" in card.lower()
    compare = client.get("/product/s05/compare/").content.decode()
    assert "Runner sneaker 5</" not in compare.split("<tbody>")[1].split("</tbody>")[0]


def test_moved_label_is_visually_hidden_text_not_aria_label_on_span(
    client: Client, store: Any
) -> None:
    client.post("/shopper/switch/", {"shopper_id": "1"})
    html = client.get("/product/s05/?explain=1").content.decode()
    assert 'aria-label="moved up' not in html
    assert re.search(r'<span class="visually-hidden">Moved up \d+ places?:</span>', html)


def test_carousel_slides_are_groups_in_a_div_not_list_items(client: Client, store: Any) -> None:
    html = client.get("/product/s01/").content.decode()
    assert '<div id="carousel-track"' in html and "<ol" not in html.split("carousel-track")[1]
    assert html.count('<div class="carousel-card" role="group" aria-roledescription="slide"') == 10
    assert '<li class="carousel-card"' not in html


def test_explain_describes_the_interleaved_carousel_served(client: Client, store: Any) -> None:
    from experiments.models import Experiment

    Experiment.objects.filter(key="related-vs-reranked-interleaving").update(active=True)
    client.post("/shopper/switch/", {"shopper_id": "1"})
    html = client.get("/product/s05/?explain=1").content.decode()
    assert "team-draft interleaving of related only" in html and ">AB<" not in html
    assert "team A" not in html and "team B" not in html
    cards = _cards(html)
    related = [c for c in cards if "From the related list" in c]
    mine = [c for c in cards if "From the personalized list" in c]
    assert len(related) + len(mine) == 10 and related and mine
    for card in related:  # the related-only team is never re-ranked
        assert 'class="move same"' in card and "Moved by" not in card
    # Positions of the personalized team match the compare page's personalized column.
    compare = client.get("/product/s05/compare/").content.decode()
    assert "team-draft interleaving" in compare
    column = dict(
        (int(after), int(before))
        for after, before in re.findall(
            r'<th scope="row">(\d+)</th>.*?<td>.*?</td>\s*<td><a [^>]*>[^<]*</a> '
            r'<span class="muted">was #(\d+)</span>',
            compare,
            re.S,
        )
    )
    for card in mine:
        found = re.search(r"#(\d+) → #(\d+) in that list", card)
        assert found is not None
        before, after = map(int, found.groups())
        assert column[after] == before


def test_shoppers_page_searches_groups_and_switches(client: Client, store: Any) -> None:
    store["shoppers"]["3"].persona = "housewares_tools_books"
    store["shoppers"]["3"].save()
    html = client.get("/shoppers/?next=/product/s01/").content.decode()
    assert "footwear_outdoors_apparel" in html and "housewares_tools_books" in html
    assert html.count('data-testid="use-shopper"') == 6
    assert "Hiking boot" in html  # recent history
    html = client.get("/shoppers/?q=housewares").content.decode()
    assert html.count('data-testid="use-shopper"') == 1
    html = client.get("/shoppers/?persona=footwear_outdoors_apparel").content.decode()
    assert html.count('data-testid="use-shopper"') == 5
    response = client.post("/shopper/switch/", {"shopper_id": "3", "next": "/product/s01/"})
    assert response["Location"] == "/product/s01/"
    assert "Shopping as <strong>Shopper 3</strong>" in client.get("/product/s01/").content.decode()


def test_shoppers_page_paginates(client: Client, store: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(presenter_views, "SHOPPERS_PAGE_SIZE", 4)
    html = client.get("/shoppers/").content.decode()
    assert html.count('data-testid="use-shopper"') == 4 and "Page 1 of 2" in html
    assert client.get("/shoppers/?page=2").content.decode().count('data-testid="use-shopper"') == 2


def test_reset_demo_deletes_live_events_only(client: Client, store: Any) -> None:
    imported = Interaction.objects.filter(source="import").count()
    client.get("/product/s01/")
    client.get("/r/b01/?pos=1&from=s01")
    assert Interaction.objects.filter(source="live").count() == 2  # a View and a Click
    assert client.get("/shoppers/reset/").status_code == 405
    response = client.post("/shoppers/reset/", {"next": "/shoppers/"}, follow=True)
    assert "2 of your live events removed" in response.content.decode()
    assert Interaction.objects.filter(source="live").count() == 0
    assert Interaction.objects.filter(source="import").count() == imported
    assert CarouselClick.objects.get().interaction_id is None


def test_reset_demo_by_an_anonymous_visitor_only_resets_their_own_events(
    client: Client, store: Any
) -> None:
    other = Client()
    other.get("/product/s02/")
    other.post("/shopper/switch/", {"shopper_id": "2"})
    other.get("/product/s03/")
    client.get("/product/s01/")
    client.post("/shopper/switch/", {"shopper_id": "1"})
    client.get("/product/b01/")
    assert Interaction.objects.filter(source="live").count() == 4
    page = client.get("/shoppers/").content.decode()
    assert "Deletes <strong>your</strong> events" in page
    html = client.post("/shoppers/reset/", {"next": "/shoppers/"}, follow=True).content.decode()
    assert "2 of your live events removed" in html
    left = Interaction.objects.filter(source="live")
    assert sorted(left.values_list("product_id", flat=True)) == ["s02", "s03"]


def test_reset_demo_by_staff_resets_every_live_event(client: Client, store: Any) -> None:
    Client().get("/product/s02/")
    client.get("/product/s01/")
    client.force_login(get_user_model().objects.create_user("st", password="x", is_staff=True))
    assert "Deletes <strong>every visitor's</strong>" in client.get("/shoppers/").content.decode()
    html = unescape(client.post("/shoppers/reset/", follow=True).content.decode())
    assert "2 of every visitor's live events removed" in html
    assert not Interaction.objects.filter(source="live").exists()


def test_search_of_only_short_words_says_so_and_shows_featured(client: Client, store: Any) -> None:
    Product.objects.filter(pk__in=["b01", "k02"]).update(featured=True)
    html = client.get("/search/?q=a").content.decode()
    assert "Try fewer words" not in html and "Nothing matches" not in html
    assert "Words shorter than 2 letters are ignored: “a”" in html
    featured = html.split('data-testid="featured"')[1]
    assert "Hiking boot 1" in featured and "Pan 2" in featured
    # the header search box keeps the query
    assert 'id="search-q" type="search" name="q" value="a"' in html
    html = client.get("/search/?q=hiking+x").content.decode()
    assert "ignored: “x”" in html and 'value="hiking x"' in html
    assert html.split('data-testid="results"')[1].count('class="card"') == 6


def test_explain_suggests_shoppers_active_in_the_category(client: Client, store: Any) -> None:
    assert 'data-testid="shopper-hints"' not in client.get("/product/s05/").content.decode()
    html = client.get("/product/s05/?explain=1").content.decode()
    hinted = re.findall(r'data-testid="hint-shopper" data-shopper-id="(\w+)"', html)
    assert hinted == ["1", "2", "3"]  # 6, 6, then 2 footwear events (ties by id)
    client.post("/shopper/switch/", {"shopper_id": "1", "next": "/product/s05/"})
    html = client.get("/product/s05/").content.decode()
    assert re.findall(r'data-testid="hint-shopper" data-shopper-id="(\w+)"', html) == [
        "2",
        "3",
        "4",
    ]
    assert "Try a shopper whose history is in footwear" in html


def test_reset_demo_needs_csrf(store: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/shoppers/reset/").status_code == 403


def test_search(client: Client, store: Any) -> None:
    assert search_terms("Hiking, BOOT boot a") == ["hiking", "boot"]
    assert [p.id for p in product_search(query="boot 3")] == ["b03"]
    assert [p.id for p in product_search(query="house wares")] == [
        "k01",
        "k02",
        "k03",
        "k04",
        "k05",
    ]
    assert not product_search(query="voice").exists()  # Alexa-only products stay hidden
    assert not product_search(query="  ").exists()
    html = client.get("/search/?q=leather+boot").content.decode()
    assert html.count('class="card"') == 6 and "6 products found" in html
    assert client.get("/search/?q=zzz").status_code == 200


def test_home_has_search_and_featured(client: Client, store: Any) -> None:
    p = store["products"]["b02"]
    p.featured = True
    p.save()
    html = client.get("/").content.decode()
    assert 'role="search"' in html and "Featured" in html and "Hiking boot 2" in html


def test_walkthrough_and_badge(client: Client, store: Any) -> None:
    assert 'href="/demo/related-items/"' in client.get("/product/s01/").content.decode()
    html = client.get("/demo/related-items/").content.decode()
    assert "Similar-Items" in html and "Personalized-Ranking" in html
    assert "RECOMMENDATIONS_BACKEND=personalize" in html


def test_status_is_staff_only(client: Client, store: Any, settings: Any, tmp_path: Any) -> None:
    settings.BASE_DIR = tmp_path  # no var/evaluation.json from a local `make evaluate`
    response = client.get("/status/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    user = get_user_model().objects.create_user("someone", password="pw-123456")
    client.force_login(user)
    assert client.get("/status/").status_code == 302
    user.is_staff = True
    user.save()
    html = client.get("/status/").content.decode()
    assert "local" in html and "18 items" in html and "make evaluate" in html
    assert "Fallbacks since start" in html


def test_status_shows_evaluation_json(
    client: Client, store: Any, settings: Any, tmp_path: Any
) -> None:
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "evaluation.json").write_text('{"hit_rate": {"at_10": 0.4321}}')
    settings.BASE_DIR = tmp_path
    client.force_login(get_user_model().objects.create_user("s", password="x", is_staff=True))
    html = client.get("/status/").content.decode()
    assert "hit_rate.at_10" in html and "0.4321" in html


def test_status_shows_the_committed_evaluation_as_tables_and_a_human_date(
    client: Client, store: Any, settings: Any, tmp_path: Any
) -> None:
    committed = Path(__file__).resolve().parents[2] / "docs" / "evaluation.json"
    data = json.loads(committed.read_text())  # committed, from evaluate_recommendations --json
    assert data["k"] == 10 and {"next", "cold", "carousel"} <= set(data)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "evaluation.json").write_text(committed.read_text())
    settings.BASE_DIR = tmp_path  # a fresh clone: no var/evaluation.json
    client.force_login(get_user_model().objects.create_user("s", password="x", is_staff=True))
    html = client.get("/status/").content.decode()
    assert "docs/evaluation.json" in html and html.count('data-testid="evaluation-table"') == 3
    assert f"{data['carousel']['reranked']['hr']:.4f}" in html and "implicit_bm25" in html
    trained = re.search(r'data-testid="trained-at"><time datetime="[^"]+">([^<]+)</time>', html)
    assert trained and re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d \w+", trained[1])


def test_staff_can_retrain(client: Client, store: Any, monkeypatch: Any, settings: Any) -> None:
    monkeypatch.setattr(presenter_views, "RETRAIN_IN_BACKGROUND", False)
    client.force_login(get_user_model().objects.create_user("s", password="x", is_staff=True))
    model_dir = settings.RECOMMENDATIONS_MODEL_DIR
    before = current_version(model_dir)
    response = client.post("/status/retrain/", follow=True)
    assert "Retraining started" in response.content.decode()
    after = current_version(model_dir)
    assert after and after != before
    admin_index = client.get("/admin/").content.decode()
    assert "/status/" in admin_index
