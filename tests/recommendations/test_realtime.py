"""Events change the next carousel at once, for shoppers and anonymous sessions alike."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client

from catalog.middleware import VISIT_KEY
from catalog.models import Interaction
from recommendations.services import model_train
from tests.factories import small_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def store() -> dict[str, Any]:
    data = small_store()
    model_train()
    return data


def rerank(client: Client, **who: str) -> list[str]:
    body = {**who, "items": [{"itemId": i} for i in ("k01", "s01", "s02")]}
    response = client.post("/api/rerank", json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    return [i["itemId"] for i in response.json()]


def put_views(client: Client, items: list[str], **who: str) -> None:
    now = time.time()
    events = [
        {"eventType": "View", "itemId": pid, "sentAt": now - 10 + k} for k, pid in enumerate(items)
    ]
    response = client.post(
        "/api/events", json.dumps({**who, "eventList": events}), content_type="application/json"
    )
    assert response.status_code == 202, response.content


def related(client: Client, **params: str) -> list[str]:
    response = client.get("/api/related", {"numResults": "11", **params})
    assert response.status_code == 200, response.content
    return [r["product"]["id"] for r in response.json()]


def test_new_shopper_order_is_stable_then_follows_three_shoe_views(
    client: Client, store: dict[str, Any]
) -> None:
    assert rerank(client, userID="new-shopper") == ["k01", "s01", "s02"]
    assert rerank(client, userID="new-shopper") == ["k01", "s01", "s02"]
    put_views(client, ["s03", "s04", "s05"], userId="new-shopper", sessionId="sess-new")
    # Shoes move above the kitchen item. s01 stays before s02: shopper 2 entered the footwear
    # at s01 and went on to s02-s04, so one entry-path group holds s01-s04 and both are equally
    # close to s03/s04 by paths (0.9 of the behaviour part, issue 3); only the damped
    # co-occurrence part (0.1) still discounts s01, co-viewed with boots by shoppers 3 and 4,
    # and that small gap does not outweigh the given order's prior gap of 0.5 x 1/3.
    assert rerank(client, userID="new-shopper") == ["s01", "s02", "k01"]


def test_anonymous_session_reranks_on_its_own_events(client: Client, store: dict[str, Any]) -> None:
    assert rerank(client, sessionID="anon-1") == ["k01", "s01", "s02"]
    put_views(client, ["s03", "s04", "s05"], sessionId="anon-1")
    # shoes first, in the given order, as in the test above
    assert rerank(client, sessionID="anon-1") == ["s01", "s02", "k01"]
    assert rerank(client, sessionID="anon-2") == ["k01", "s01", "s02"]  # other sessions: no


def test_rerank_without_user_or_session_is_a_400(client: Client, store: dict[str, Any]) -> None:
    for body in ({"items": [{"itemId": "s01"}]}, {"userID": "", "sessionID": " ", "items": []}):
        response = client.post("/api/rerank", json.dumps(body), content_type="application/json")
        assert response.status_code == 400
        assert response.json()["message"] == (
            "userID (or sessionID, for an anonymous visitor) is required"
        )
    response = client.post(
        "/api/rerank",
        json.dumps({"sessionID": "null", "items": [{"itemId": "s01"}]}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("sessionID: 'null' is not an id")


def test_related_follows_the_session_at_once(client: Client, store: dict[str, Any]) -> None:
    plain = related(client, currentItemID="s05")
    assert related(client, currentItemID="s05", sessionID="anon-b") == plain
    put_views(client, ["b05", "b06", "b05"], sessionId="anon-b")
    boots = related(client, currentItemID="s05", sessionID="anon-b")
    assert sorted(boots) == sorted(plain)
    assert boots[:2] == ["b05", "b06"]
    assert plain[:2] != boots[:2]


def test_current_session_weighs_more_than_older_history(
    client: Client, store: dict[str, Any]
) -> None:
    # Shopper 1 viewed boots (imported history); sneakers in this session win.
    assert related(client, currentItemID="s05", userID="1")[0].startswith("b")
    put_views(client, ["s06", "s06"], userId="1", sessionId="today")
    assert related(client, currentItemID="s05", userID="1", sessionID="today")[0] == "s06"


def session_of(client: Client) -> str:
    return str(client.session[VISIT_KEY])


def carousel_ids(client: Client, path: str) -> list[str]:
    html = client.get(path).content.decode()
    return [
        c.split('"')[0]
        for c in html.split('class="carousel-card"')[1:]
        for c in [c.split('data-product-id="')[1]]
    ]


def test_anonymous_visitor_has_a_real_session_and_keeps_it_for_a_chosen_shopper(
    client: Client, store: dict[str, Any]
) -> None:
    client.get("/product/b05/")
    anon = session_of(client)
    assert len(anon) == 32 and anon not in ("null", "None")
    client.get("/product/b06/")
    rows = list(Interaction.objects.filter(source="live").values_list("shopper_id", "session_id"))
    assert rows == [(None, anon), (None, anon)]

    # choosing a shopper keeps the session: its anonymous events now count for the shopper
    client.post("/shopper/switch/", {"shopper_id": "5", "next": "/"})
    assert session_of(client) == anon
    order = related(client, currentItemID="s05", userID="5")
    assert set(order[:2]) == {"b05", "b06"}  # the anonymous boots views, without sessionID

    # switching to another shopper starts a new session; shopper 3 is not credited
    client.post("/shopper/switch/", {"shopper_id": "3", "next": "/"})
    assert session_of(client) != anon
    client.get("/product/k01/")
    assert Interaction.objects.filter(shopper_id="3", source="live").get().session_id == (
        session_of(client)
    )
    assert set(related(client, currentItemID="s05", userID="3")[:2]) != {"b05", "b06"}
    # the anonymous session's events now belong to shopper 5 (and keep their session id)
    credited = Interaction.objects.filter(session_id=anon).values_list("shopper_id", "product_id")
    assert sorted(credited) == [("5", "b05"), ("5", "b06")]


def test_page_carousel_follows_the_anonymous_session(client: Client, store: dict[str, Any]) -> None:
    before = carousel_ids(client, "/product/s05/")
    for pid in ("b05", "b06", "b05"):
        client.get(f"/product/{pid}/")
    after = carousel_ids(client, "/product/s05/")
    assert before[0].startswith("s")
    assert after[:2] == ["b05", "b06"]
