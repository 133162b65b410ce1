"""Issue 5's real-time example on the bundled demo catalog, not only on a hand-made one."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client

from catalog.models import Product
from recommendations.services import model_train

pytestmark = pytest.mark.django_db


def test_three_shoe_views_bring_other_shoes_first(client: Client) -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    model_train()
    shoes = Product.objects.visible().filter(category__name="footwear").order_by("id")
    styles = sorted({p.style for p in shoes})
    viewed = list(shoes.filter(style=styles[0])[:3])
    s1, s2 = list(shoes.filter(style=styles[1])[:2])  # shoes of another style
    k1 = Product.objects.visible().filter(category__name="housewares").order_by("id").first()
    assert k1 is not None
    items = [{"itemId": k1.id}, {"itemId": s1.id}, {"itemId": s2.id}]

    def rerank() -> list[str]:
        body = {"sessionID": "fresh-visitor", "items": items}
        response = client.post("/api/rerank", json.dumps(body), content_type="application/json")
        assert response.status_code == 200
        return [row["itemId"] for row in response.json()]

    assert rerank() == [k1.id, s1.id, s2.id]  # no history: the given order, stable
    assert rerank() == [k1.id, s1.id, s2.id]
    events = [
        {"eventType": "View", "itemId": shoe.id, "sentAt": 1_780_000_000 + k}
        for k, shoe in enumerate(viewed)
    ]
    posted = client.post(
        "/api/events",
        json.dumps({"sessionId": "fresh-visitor", "eventList": events}),
        content_type="application/json",
    )
    assert posted.status_code == 202
    order = rerank()
    assert set(order[:2]) == {s1.id, s2.id} and order[2] == k1.id
