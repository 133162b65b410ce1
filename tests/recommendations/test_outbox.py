"""The events outbox: queued with each interaction, drained to PutEvents in batches of 10."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.stub import ANY, Stubber
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Interaction, Product
from recommendations import aws
from recommendations.models import OutboxEvent, ReceivedEvent
from recommendations.outbox import backoff_seconds, outbox_claim, outbox_drain, outbox_enqueue
from recommendations.services import interaction_record
from tests.factories import small_store


@pytest.fixture
def store(db: None) -> dict[str, Any]:
    return small_store()


@pytest.fixture
def tracker(aws_env: None, settings: Any) -> str:
    settings.PERSONALIZE_EVENT_TRACKING_ID = "tracking-1"
    return "tracking-1"


@pytest.fixture
def events_client(aws_env: None) -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client("personalize-events", config=Config(retries={"total_max_attempts": 1}))
    with Stubber(client) as stub:
        yield client, stub


def record(store: dict[str, Any], n: int, *, user: str | None = "1", session: str = "s1") -> None:
    products: dict[str, Product] = store["products"]
    ids = sorted(products)
    for k in range(n):
        interaction_record(
            product=products[ids[k % len(ids)]],
            event_type="View",
            user_id=user,
            session_id=session,
            timestamp=timezone.now() + timedelta(seconds=k),
        )


def test_nothing_is_queued_without_an_event_tracker(store: dict[str, Any]) -> None:
    record(store, 3)
    assert OutboxEvent.objects.count() == 0


def test_every_store_interaction_is_queued(store: dict[str, Any], tracker: str) -> None:
    record(store, 3)
    record(store, 1, user=None, session="anon")
    rows = list(OutboxEvent.objects.order_by("id"))
    assert len(rows) == 4
    assert all(r.interaction_id is not None and r.tracking_id == tracker for r in rows)
    assert (rows[-1].user_id, rows[-1].session_id) == ("", "anon")


def test_eleven_events_make_two_calls(
    store: dict[str, Any], tracker: str, events_client: tuple[Any, Stubber]
) -> None:
    client, stub = events_client
    record(store, 11)
    rows = list(OutboxEvent.objects.order_by("id"))
    for chunk in (rows[:10], rows[10:]):
        stub.add_response(
            "put_events",
            {},
            {
                "trackingId": tracker,
                "userId": "1",
                "sessionId": "s1",
                "eventList": [
                    {"eventId": r.event_id, "eventType": "View", "itemId": r.item_id, "sentAt": ANY}
                    for r in chunk
                ],
            },
        )
    result = outbox_drain(client=client)
    stub.assert_no_pending_responses()
    assert (result.sent, result.calls) == (11, 2)
    assert OutboxEvent.objects.filter(sent_at__isnull=True).count() == 0
    assert outbox_drain(client=client).calls == 0  # marked sent exactly once: nothing to resend


def test_properties_are_json_encoded_once(
    store: dict[str, Any], tracker: str, events_client: tuple[Any, Stubber]
) -> None:
    client, stub = events_client
    interaction = Interaction.objects.create(
        shopper_id="1",
        session_id="s1",
        product=store["products"]["s01"],
        event_type="Purchase",
        timestamp=timezone.now(),
        value=19.5,
    )
    row = outbox_enqueue(interaction=interaction, properties={"discount": "Yes"})
    assert row is not None and row.properties == '{"discount": "Yes"}'
    stub.add_response(
        "put_events",
        {},
        {
            "trackingId": tracker,
            "userId": "1",
            "sessionId": "s1",
            "eventList": [
                {
                    "eventId": row.event_id,
                    "eventType": "Purchase",
                    "itemId": "s01",
                    "eventValue": 19.5,
                    "properties": '{"discount": "Yes"}',
                    "sentAt": ANY,
                }
            ],
        },
    )
    assert outbox_drain(client=client).sent == 1
    assert json.loads(json.dumps('{"discount": "Yes"}')) == row.properties


def test_an_hour_of_aws_outage_loses_nothing(
    store: dict[str, Any], tracker: str, events_client: tuple[Any, Stubber]
) -> None:
    client, stub = events_client
    record(store, 25)
    for _ in range(12):  # a failing drain every 5 minutes
        stub.add_client_error("put_events", "ServiceUnavailable", http_status_code=503)
        result = outbox_drain(client=client)
        assert result.sent == 0 and result.calls == 1
        OutboxEvent.objects.update(next_attempt_at=timezone.now())  # time passes
    assert OutboxEvent.objects.filter(sent_at__isnull=True).count() == 25
    assert max(OutboxEvent.objects.values_list("attempts", flat=True)) == 12
    for _ in range(3):
        stub.add_response("put_events", {})
    result = outbox_drain(client=client)
    assert (result.sent, result.calls) == (25, 3)
    assert (
        OutboxEvent.objects.filter(sent_at__isnull=False).count()
        == Interaction.objects.filter(source=Interaction.SOURCE_LIVE).count()
    )


def test_failed_rows_wait_for_their_backoff(
    store: dict[str, Any], tracker: str, events_client: tuple[Any, Stubber]
) -> None:
    client, stub = events_client
    record(store, 2)
    stub.add_client_error("put_events", "ThrottlingException")
    outbox_drain(client=client)
    assert outbox_drain(client=client).calls == 0  # not due yet: no call, Stubber stays empty
    assert [backoff_seconds(a) for a in (1, 2, 3, 10, 20)] == [1, 2, 4, 300, 300]


def test_an_invalid_event_is_isolated_and_the_rest_are_sent(
    store: dict[str, Any], tracker: str, events_client: tuple[Any, Stubber]
) -> None:
    client, stub = events_client
    record(store, 3)
    stub.add_client_error("put_events", "InvalidInputException")  # the batch of 3
    stub.add_response("put_events", {})
    stub.add_client_error("put_events", "InvalidInputException")
    stub.add_response("put_events", {})
    result = outbox_drain(client=client)
    assert (result.sent, result.rejected, result.calls) == (2, 1, 4)
    assert outbox_drain(client=client).calls == 0


def test_two_drains_never_claim_the_same_row(store: dict[str, Any], tracker: str) -> None:
    record(store, 30)
    first = outbox_claim(limit=20)
    second = outbox_claim(limit=20)
    assert len(first) == 20 and len(second) == 10
    assert not {r.id for r in first} & {r.id for r in second}
    assert outbox_claim(limit=20) == []
    # a crashed drain's claim lapses after its lease
    OutboxEvent.objects.filter(id__in=[r.id for r in first]).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert len(outbox_claim(limit=50)) == 20


@pytest.mark.django_db(transaction=True)
def test_drain_to_the_stores_own_endpoint_counts_each_event_once(
    protocol_endpoint: str, settings: Any
) -> None:
    settings.PERSONALIZE_EVENT_TRACKING_ID = "local-tracker"
    data = small_store()
    record(data, 11)
    interactions = Interaction.objects.count()
    call_command("send_events")
    assert ReceivedEvent.objects.count() == 11
    assert Interaction.objects.count() == interactions  # the store's own events: not twice
    OutboxEvent.objects.update(sent_at=None)  # as if a drain crashed before marking
    call_command("send_events", "--loop", "--interval", "0", "--max-passes", "2")
    assert ReceivedEvent.objects.count() == 11
    assert OutboxEvent.objects.filter(sent_at__isnull=False).count() == 11


def test_send_events_without_tracker_or_region_builds_no_client(
    db: None, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    for name in ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    settings.PERSONALIZE_EVENT_TRACKING_ID = ""
    settings.PERSONALIZE_REGION = ""
    aws.reset_clients()
    out = io.StringIO()
    call_command("send_events", stdout=out)
    assert out.getvalue().splitlines() == [
        "no event tracker is configured (PERSONALIZE_EVENT_TRACKING_ID): "
        "store events are not queued for Personalize",
        "outbox: 0 queued, 0 sent, 0 pending, 0 rejected",
    ]
    settings.PERSONALIZE_EVENT_TRACKING_ID = "tracking-1"  # a tracker, but nothing queued
    out = io.StringIO()
    call_command("send_events", stdout=out)
    assert out.getvalue().splitlines() == [
        "0 sent, 0 to retry, 0 rejected in 0 PutEvents calls",
        "outbox: 0 queued, 0 sent, 0 pending, 0 rejected",
    ]
