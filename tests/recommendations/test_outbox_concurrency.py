"""Drains running at the same time, one after another, and one that dies mid-batch.

The events client is a real boto3 client (botocore validates every PutEvents request against the
service model) whose calls are answered by a hook that records each eventId, thread-safely."""

from __future__ import annotations

import json
import threading
import time
import types
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from django.db import connection, connections, transaction
from django.utils import timezone

from recommendations import outbox
from recommendations.models import OutboxEvent
from recommendations.outbox import outbox_claim, outbox_drain
from tests.factories import small_store
from tests.recommendations.test_outbox import record

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        f"needs PostgreSQL row locks (the test database is {connection.vendor}); run with "
        "make test-postgres"
    ),
)


class RecordingEvents:
    """PutEvents that always succeeds and remembers every eventId it was sent, in order."""

    def __init__(self, *, delay: float = 0.0) -> None:
        self.client = boto3.client(
            "personalize-events", config=Config(retries={"total_max_attempts": 1})
        )
        self.delay = delay
        self.event_ids: list[str] = []
        self.calls: list[list[str]] = []
        self._lock = threading.Lock()
        hooks: Any = self.client.meta.events  # a before-call hook may return the response
        hooks.register("before-call.personalize-events.PutEvents", self._answer)

    def _answer(self, params: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        ids = [e["eventId"] for e in json.loads(params["body"])["eventList"]]
        if self.delay:
            time.sleep(self.delay)
        with self._lock:
            self.calls.append(ids)
            self.event_ids.extend(ids)
        return AWSResponse("", 200, {}, None), {}  # type: ignore[arg-type]


@pytest.fixture
def store(db: None) -> dict[str, Any]:
    return small_store()


@pytest.fixture
def tracker(aws_env: None, settings: Any) -> str:
    settings.PERSONALIZE_EVENT_TRACKING_ID = "tracking-1"
    return "tracking-1"


@pytest.fixture
def events(aws_env: None) -> RecordingEvents:
    return RecordingEvents()


def stored_ids() -> set[str]:
    return set(OutboxEvent.objects.values_list("event_id", flat=True))


def assert_each_sent_and_marked_once(sent: list[str]) -> None:
    assert Counter(sent).most_common(1)[0][1] == 1  # no eventId twice
    assert set(sent) == stored_ids()
    assert OutboxEvent.objects.filter(sent_at__isnull=True).count() == 0
    # `attempts` is raised once per marking: 1 everywhere means marked sent exactly once
    assert set(OutboxEvent.objects.values_list("attempts", flat=True)) == {1}


def many_sessions(store: dict[str, Any], *, sessions: int, each: int) -> None:
    for k in range(sessions):
        record(store, each, user=str(k % 6 + 1) if k % 3 else None, session=f"s{k}")


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_drains_send_every_event_exactly_once(
    store: dict[str, Any],
    tracker: str,
    aws_env: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(outbox, "CLAIM_SIZE", 7)  # many small claims: the drains interleave
    many_sessions(store, sessions=24, each=13)
    events = RecordingEvents(delay=0.002)
    start = threading.Barrier(2)
    results: list[Any] = []
    errors: list[BaseException] = []

    def drain() -> None:
        try:
            start.wait()
            results.append(outbox_drain(client=events.client))  # type: ignore[arg-type]
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=drain) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert len(events.event_ids) == 24 * 13
    assert_each_sent_and_marked_once(events.event_ids)
    assert sum(r.sent for r in results) == 24 * 13
    assert all(r.sent > 0 for r in results), "one drain did all the work: no concurrency tested"


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_claim_skips_rows_another_drain_has_locked(store: dict[str, Any], tracker: str) -> None:
    record(store, 30)
    locked = threading.Event()
    release = threading.Event()
    first_ten: list[int] = []

    def hold_locks() -> None:
        try:
            with transaction.atomic():
                rows = OutboxEvent.objects.select_for_update().order_by("id")[:10]
                first_ten.extend(r.id for r in rows)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_locks)
    holder.start()
    try:
        assert locked.wait(10)
        started = time.monotonic()
        claimed = outbox_claim(limit=50)
        assert time.monotonic() - started < 2  # skipped, not waited for
    finally:
        release.set()
        holder.join(10)
    assert len(claimed) == 20 and not {r.id for r in claimed} & set(first_ten)


@pytest.mark.django_db
def test_back_to_back_drains_send_each_event_once(
    store: dict[str, Any],
    tracker: str,
    events: RecordingEvents,
) -> None:
    many_sessions(store, sessions=5, each=12)
    first = outbox_drain(client=events.client)  # type: ignore[arg-type]
    second = outbox_drain(client=events.client)  # type: ignore[arg-type]
    assert (first.sent, second.sent, second.calls) == (60, 0, 0)
    assert all(1 <= len(call) <= 10 for call in events.calls)
    assert_each_sent_and_marked_once(events.event_ids)


@pytest.mark.django_db
def test_a_drain_killed_mid_batch_is_resent_with_the_same_event_ids_after_its_lease(
    store: dict[str, Any],
    tracker: str,
    events: RecordingEvents,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record(store, 25)  # one shopper and session: batches of 10, 10 and 5
    real_mark_sent = outbox._mark_sent
    marks = [0]

    def dies_on_second_mark(rows: list[OutboxEvent]) -> int:
        marks[0] += 1
        if marks[0] == 2:  # AWS took the second batch; the process dies before marking it
            raise KeyboardInterrupt
        return real_mark_sent(rows)

    monkeypatch.setattr(outbox, "_mark_sent", dies_on_second_mark)
    with pytest.raises(KeyboardInterrupt):
        outbox_drain(client=events.client)  # type: ignore[arg-type]
    monkeypatch.setattr(outbox, "_mark_sent", real_mark_sent)
    first, accepted_unmarked = events.calls
    assert OutboxEvent.objects.filter(sent_at__isnull=False).count() == 10

    # Within the lease the dead drain's rows are still claimed: nothing is sent twice yet.
    assert outbox_drain(client=events.client).calls == 0  # type: ignore[arg-type]

    later = timezone.now() + timedelta(seconds=outbox.LEASE_SECONDS + 1)

    def now() -> datetime:
        return later

    monkeypatch.setattr(outbox, "timezone", types.SimpleNamespace(now=now))
    result = outbox_drain(client=events.client)  # type: ignore[arg-type]
    assert (result.sent, result.calls) == (15, 2)
    assert events.calls[2] == accepted_unmarked  # resent as it was: same eventIds, same order
    assert len(events.calls[3]) == 5
    # at least once to AWS (the dead drain's batch twice), marked sent exactly once each
    assert Counter(events.event_ids) == Counter({i: 2 for i in accepted_unmarked}) + Counter(
        first + events.calls[3]
    )
    assert set(events.event_ids) == stored_ids()
    assert set(OutboxEvent.objects.values_list("attempts", flat=True)) == {1}
    assert OutboxEvent.objects.filter(sent_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_a_slow_drain_reclaims_before_its_lease_runs_out(
    store: dict[str, Any],
    tracker: str,
    events: RecordingEvents,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each PutEvents takes 70 s (over half the 120 s lease): the drain gives the rest back
    and claims it again, so every batch goes out under a claim that still holds."""
    record(store, 25)
    clock = [timezone.now()]
    monkeypatch.setattr(outbox, "timezone", types.SimpleNamespace(now=lambda: clock[0]))
    under_claim: list[bool] = []

    def slow(params: dict[str, Any], **_: Any) -> None:
        ids = [e["eventId"] for e in json.loads(params["body"])["eventList"]]
        held = OutboxEvent.objects.filter(event_id__in=ids, claimed_until__gt=clock[0]).count()
        under_claim.append(held == len(ids))
        clock[0] += timedelta(seconds=70)

    events.client.meta.events.register_first("before-call.personalize-events.PutEvents", slow)
    result = outbox_drain(client=events.client)  # type: ignore[arg-type]
    assert (result.sent, result.calls) == (25, 3)
    assert under_claim == [True, True, True]
    assert_each_sent_and_marked_once(events.event_ids)
