from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from catalog.models import Interaction, Shopper
from recommendations.events import (
    EventValidationError,
    event_batch_validate,
    sent_at_normalize,
)
from recommendations.services import model_train
from tests.factories import small_store

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def store() -> dict[str, Any]:
    data = small_store()
    model_train()
    return data


def post(client: Client, body: object) -> Any:
    return client.post("/api/events", json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1_767_225_600, datetime(2026, 1, 1, tzinfo=UTC)),
        (1_767_225_600.25, datetime(2026, 1, 1, 0, 0, 0, 250000, tzinfo=UTC)),
        (1_767_225_600_250, datetime(2026, 1, 1, 0, 0, 0, 250000, tzinfo=UTC)),
        ("1767225600", datetime(2026, 1, 1, tzinfo=UTC)),
        ("2026-01-01T00:00:00Z", datetime(2026, 1, 1, tzinfo=UTC)),
        ("2026-01-01T01:00:00+01:00", datetime(2026, 1, 1, tzinfo=UTC)),
        ("2026-01-01T00:00:00", datetime(2026, 1, 1, tzinfo=UTC)),  # naive = UTC
        (946_684_800, datetime(2000, 1, 1, tzinfo=UTC)),  # EARLIEST itself
    ],
)
def test_sent_at_is_normalized_to_one_unit(raw: object, expected: datetime) -> None:
    assert sent_at_normalize(raw, now=NOW) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (None, "required"),
        (True, "must be a number (unix seconds or milliseconds) or ISO 8601 text"),
        (100_000_000_001, "1973-03-03T09:46:40.001000+00:00 is before 2000-01-01"),  # ms
        (0, "1970-01-01T00:00:00+00:00 is before 2000-01-01"),
        ("yesterday", "neither a unix time"),
        (-5, "positive"),
        ({"t": 1}, "ISO 8601"),
        ((NOW + timedelta(days=1, seconds=1)).timestamp(), "more than a day in the future"),
        (100_000_000_000, "5138-11-16T09:46:40+00:00 is more than a day"),  # 10^11: seconds
        ((NOW + timedelta(days=2)).timestamp() * 1000, "more than a day in the future"),
    ],
)
def test_bad_sent_at_is_rejected(raw: object, fragment: str) -> None:
    with pytest.raises(EventValidationError) as err:
        sent_at_normalize(raw, field="eventList[0].sentAt", now=NOW)
    assert str(err.value).startswith("eventList[0].sentAt: ")
    assert fragment in str(err.value)


def test_a_day_ahead_is_still_accepted() -> None:
    ahead = NOW + timedelta(days=1)
    assert sent_at_normalize(ahead.timestamp(), now=NOW) == ahead


def test_events_are_stored_and_answered_with_202(client: Client, store: dict[str, Any]) -> None:
    response = post(
        client,
        {
            "userId": "1",
            "sessionId": "sess-1",
            "eventList": [
                {"eventType": "View", "itemId": "s01", "sentAt": 1_767_225_600},
                {"eventType": "addtocart", "itemId": "s02", "sentAt": 1_767_225_601_500},
                {
                    "eventType": "Purchase",
                    "itemId": "s03",
                    "sentAt": "2026-01-01T00:00:02Z",
                    "eventValue": 2,
                    "properties": '{"discount": "Yes"}',
                    "eventId": "e-1",
                },
            ],
        },
    )
    assert response.status_code == 202
    body = response.json()
    assert body["recorded"] == 3
    assert body["events"] == [
        {"eventType": "View", "itemId": "s01", "sentAt": 1_767_225_600.0},
        {"eventType": "AddToCart", "itemId": "s02", "sentAt": 1_767_225_601.5},
        {"eventType": "Purchase", "itemId": "s03", "sentAt": 1_767_225_602.0},
    ]
    live = list(
        Interaction.objects.filter(source="live")
        .order_by("timestamp")
        .values_list("shopper_id", "session_id", "product_id", "event_type", "value", "discount")
    )
    assert live == [
        ("1", "sess-1", "s01", "View", None, None),
        ("1", "sess-1", "s02", "AddToCart", None, None),
        ("1", "sess-1", "s03", "Purchase", 2.0, True),
    ]


def test_identical_events_are_each_counted(client: Client, store: dict[str, Any]) -> None:
    event = {"eventType": "View", "itemId": "s01", "sentAt": 1_767_225_600}
    for user in ("7", None):
        body: dict[str, Any] = {"sessionId": f"s-{user}", "eventList": [event, event, event]}
        if user:
            body["userId"] = user
        assert post(client, body).status_code == 202
    # the same posted again: still counted, never merged
    assert (
        post(client, {"userId": "7", "sessionId": "s-7", "eventList": [event]}).status_code == 202
    )
    assert Interaction.objects.filter(shopper_id="7", product_id="s01").count() == 4
    assert Interaction.objects.filter(session_id="s-None", shopper=None).count() == 3
    stamps = sorted(Interaction.objects.filter(shopper_id="7").values_list("timestamp", flat=True))
    base = datetime(2026, 1, 1, tzinfo=UTC)
    assert stamps == [base + timedelta(microseconds=k) for k in range(4)]


def test_unknown_user_becomes_a_non_selectable_shopper(
    client: Client, store: dict[str, Any]
) -> None:
    event = {"eventType": "View", "itemId": "s01", "sentAt": 1_767_225_600}
    assert (
        post(client, {"userId": "new-9", "sessionId": "x", "eventList": [event]}).status_code == 202
    )
    shopper = Shopper.objects.get(pk="new-9")
    assert shopper.selectable is False


GOOD = {"eventType": "View", "itemId": "s01", "sentAt": 1_767_225_600}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([1], "body: must be a JSON object with sessionId and eventList"),
        ({"eventList": [GOOD]}, "sessionId: is required"),
        ({"sessionId": "", "eventList": [GOOD]}, "sessionId: must not be empty"),
        ({"sessionId": "null", "eventList": [GOOD]}, "sessionId: 'null' is not an id"),
        ({"sessionId": "None", "eventList": [GOOD]}, "sessionId: 'None' is not an id"),
        ({"sessionId": "x" * 65, "eventList": [GOOD]}, "sessionId: must be at most 64"),
        ({"sessionId": "s", "userId": 5, "eventList": [GOOD]}, "userId: must be a string"),
        ({"sessionId": "s"}, "eventList: must be a non-empty list of events"),
        ({"sessionId": "s", "eventList": []}, "eventList: must be a non-empty list of events"),
        (
            {"sessionId": "s", "eventList": [GOOD] * 11},
            "eventList: holds 11 events; at most 10 per call",
        ),
        (
            {"sessionId": "s", "eventList": [GOOD, {**GOOD, "eventType": "Like"}]},
            "eventList[1].eventType: unknown event type 'Like'; use one of View, AddToCart, "
            "ViewCart, StartCheckout, Purchase, Click",
        ),
        (
            {"sessionId": "s", "eventList": [GOOD, GOOD, {**GOOD, "itemId": "nope"}]},
            "eventList[2].itemId: no product with id 'nope'",
        ),
        (
            {"sessionId": "s", "eventList": [GOOD, GOOD, {**GOOD, "sentAt": "soon"}]},
            "eventList[2].sentAt: 'soon' is neither a unix time (seconds or milliseconds) "
            "nor ISO 8601",
        ),
        (
            {"sessionId": "s", "eventList": [{"eventType": "View", "itemId": "s01"}]},
            "eventList[0].sentAt: is required",
        ),
        (
            {"sessionId": "s", "eventList": [{**GOOD, "properties": "[1]"}]},
            "eventList[0].properties: must be a JSON object",
        ),
        (
            {"sessionId": "s", "eventList": [{**GOOD, "eventValue": "x"}]},
            "eventList[0].eventValue: must be a number",
        ),
        ({"sessionId": "s", "eventList": ["View"]}, "eventList[0]: must be an object"),
    ],
)
def test_bad_events_are_a_400_naming_the_field(
    client: Client, store: dict[str, Any], body: object, message: str
) -> None:
    response = post(client, body)
    assert response.status_code == 400
    assert response.json()["message"].startswith(message)
    assert not Interaction.objects.filter(source="live").exists()


def test_malformed_json_and_get_are_refused(client: Client, store: dict[str, Any]) -> None:
    response = client.post("/api/events", "{", content_type="application/json")
    assert response.status_code == 400 and "malformed JSON" in response.json()["message"]
    assert client.get("/api/events").status_code == 405


def test_events_need_no_csrf_token(store: dict[str, Any]) -> None:
    response = post(Client(enforce_csrf_checks=True), {"sessionId": "s", "eventList": [GOOD]})
    assert response.status_code == 202


def test_validation_is_shared_with_pages(store: dict[str, Any]) -> None:
    from recommendations.services import interaction_record

    products = store["products"]
    row = interaction_record(
        product=products["s01"], event_type="purchase", user_id=None, session_id="p"
    )
    assert row.event_type == "Purchase"
    with pytest.raises(EventValidationError, match="unknown event type"):
        interaction_record(product=products["s01"], event_type="Like", user_id=None, session_id="p")
    with pytest.raises(EventValidationError, match=r"eventList\[0\]\.itemId"):
        event_batch_validate({"sessionId": "s", "eventList": [{**GOOD, "itemId": "zz"}]})


BIG = int("1" + "0" * 400)


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (
            {"sentAt": "0001-01-01T00:00:00+01:00"},
            "eventList[0].sentAt: is out of range: '0001-01-01T00:00:00+01:00'",
        ),
        (
            {"sentAt": "9999-12-31T23:59:59-01:00"},
            "eventList[0].sentAt: is out of range: '9999-12-31T23:59:59-01:00'",
        ),
        (
            {"sentAt": BIG},
            "eventList[0].sentAt: is out of range: 1" + "0" * 36 + "...",
        ),
        (
            {"sentAt": str(BIG)},
            "eventList[0].sentAt: must be a positive unix time, got '1" + "0" * 35 + "...",
        ),
        ({"eventValue": BIG}, "eventList[0].eventValue: must be a finite number"),
        (
            {"sentAt": True},
            "eventList[0].sentAt: must be a number (unix seconds or milliseconds) or ISO 8601 "
            "text, got True",
        ),
        ({"sentAt": 0}, "eventList[0].sentAt: 1970-01-01T00:00:00+00:00 is before 2000-01-01"),
        ({"eventId": "e" * 256}, "eventList[0].eventId: must be at most 255 characters"),
    ],
)
def test_overflowing_and_odd_values_are_a_400_naming_the_field(
    client: Client, store: dict[str, Any], event: dict[str, Any], message: str
) -> None:
    raw = {"eventType": "View", "itemId": "s01", "sentAt": 1_767_225_600, **event}
    response = post(client, {"sessionId": "sess-x", "eventList": [raw]})
    assert response.status_code == 400
    assert response.json() == {"message": message}
    assert not Interaction.objects.filter(session_id="sess-x").exists()


def test_a_non_object_event_is_named_without_a_trailing_dot(
    client: Client, store: dict[str, Any]
) -> None:
    response = post(client, {"sessionId": "sess-x", "eventList": ["View"]})
    assert response.status_code == 400
    assert response.json() == {"message": "eventList[0]: must be an object"}
