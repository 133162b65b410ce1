from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from recommendations.services import model_train
from tests.factories import small_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def store() -> dict[str, Any]:
    data = small_store()
    model_train()
    return data


def test_related_shape(client: Client, store: dict[str, Any]) -> None:
    response = client.get("/api/related", {"currentItemID": "s01", "numResults": "3"})
    assert response.status_code == 200
    body = response.json()
    assert [row["product"]["id"] for row in body] == ["s02", "s03", "s04"]
    first = body[0]
    assert set(first) == {"product", "score"}
    assert first["product"]["price"] == 10.0 and isinstance(first["product"]["price"], float)
    assert first["product"]["category"] == "footwear"
    # 0.95 x best behaviour 1.0 + 0.05 x identical metadata + 0.2 same style (see
    # test_services.test_carousel_is_same_category_visible_and_never_the_product)
    assert first["score"] == pytest.approx(1.2, abs=0.005)


def test_related_default_is_25_capped_by_category(client: Client, store: dict[str, Any]) -> None:
    body = client.get("/api/related", {"currentItemID": "s01"}).json()
    assert len(body) == 11  # 12 visible shoes minus s01


def test_related_with_user_is_reranked(client: Client, store: dict[str, Any]) -> None:
    plain = [
        r["product"]["id"]
        for r in client.get("/api/related", {"currentItemID": "s05", "numResults": "10"}).json()
    ]
    boots = [
        r["product"]["id"]
        for r in client.get(
            "/api/related", {"currentItemID": "s05", "numResults": "10", "userID": "1"}
        ).json()
    ]
    assert sorted(plain) == sorted(boots)
    # b02 and b03 (viewed twice) first; then b01 before b04 (each viewed once): shopper 1
    # entered the boots at b01, so the entry-path group {b01, b02, b03, b04} makes b01 as close
    # to the shopper's other boots as b04 is, and b01's own path group with s01 adds to it.
    assert boots[:4] == ["b02", "b03", "b01", "b04"]
    assert plain != boots


@pytest.mark.parametrize(
    ("params", "status", "fragment"),
    [
        ({}, 400, "currentItemID"),
        ({"currentItemID": "s01", "numResults": "abc"}, 400, "numResults"),
        ({"currentItemID": "s01", "numResults": "0"}, 400, "numResults"),
        ({"currentItemID": "s01", "numResults": "101"}, 400, "numResults"),
        ({"currentItemID": "nope"}, 404, "nope"),
        ({"currentItemID": "hidden"}, 404, "hidden"),
    ],
)
def test_related_errors(
    client: Client, store: dict[str, Any], params: dict[str, str], status: int, fragment: str
) -> None:
    response = client.get("/api/related", params)
    assert response.status_code == status
    assert fragment in response.json()["message"]


def test_rerank_reorders_items_for_the_shopper(client: Client, store: dict[str, Any]) -> None:
    items = [{"itemId": pid, "extra": k} for k, pid in enumerate(["s05", "b04", "k01", "b02"])]
    response = client.post(
        "/api/rerank", json.dumps({"userID": "1", "items": items}), content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert [i["itemId"] for i in body] == ["b02", "b04", "s05", "k01"]
    assert body[0] == {"itemId": "b02", "extra": 3}


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("{not json", "malformed JSON"),
        (json.dumps({"items": [{"itemId": "s01"}]}), "userID"),
        (json.dumps({"userID": "1"}), "items"),
        (json.dumps({"userID": "1", "items": []}), "items"),
        (json.dumps({"userID": "1", "items": [{"id": "x"}]}), "itemId"),
        (json.dumps([1, 2]), "JSON object"),
    ],
)
def test_rerank_errors(client: Client, store: dict[str, Any], body: str, fragment: str) -> None:
    response = client.post("/api/rerank", body, content_type="application/json")
    assert response.status_code == 400
    assert fragment in response.json()["message"]


def test_rerank_needs_no_csrf_token(store: dict[str, Any]) -> None:
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(
        "/api/rerank",
        json.dumps({"userID": "1", "items": [{"itemId": "s01"}]}),
        content_type="application/json",
    )
    assert response.status_code == 200
