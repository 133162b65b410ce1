"""Inputs a newcomer threw at the API: every one is a JSON 4xx, never a 500 or an HTML page."""

from __future__ import annotations

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


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ('{"userID": "\\ud800", "items": [{"itemId": "s01"}]}', "invalid text"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"userID": "1", "items": [{"itemId": "s01", "v": NaN}]}', "NaN is not valid JSON"),
        ('{"userID": "1", "items": [{"itemId": "s01", "v": Infinity}]}', "Infinity"),
    ],
)
def test_rerank_rejects_what_is_not_strict_json(
    client: Client, store: dict[str, Any], body: str, fragment: str
) -> None:
    response = client.post("/api/rerank", body, content_type="application/json")
    assert response.status_code == 400
    assert fragment in response.json()["message"]


@pytest.mark.parametrize("value", ["1_0", "٥", " 5x", "-3", "9999999"])
def test_num_results_accepts_only_plain_digits(
    client: Client, store: dict[str, Any], value: str
) -> None:
    response = client.get("/api/related", {"currentItemID": "s01", "numResults": value})
    assert response.status_code == 400
    assert "numResults" in response.json()["message"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("post", "/api/related", "GET, HEAD"),
        ("delete", "/api/related", "GET, HEAD"),
        ("get", "/api/rerank", "POST"),
        ("get", "/api/events", "POST"),
        ("put", "/health", "GET, HEAD"),
    ],
)
def test_wrong_method_is_a_json_405(
    client: Client, store: dict[str, Any], method: str, path: str, allowed: str
) -> None:
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response["Allow"] == allowed
    assert "not allowed" in response.json()["message"]
