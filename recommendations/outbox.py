"""The events outbox: store interactions are queued in the database, then sent to Amazon
Personalize's event tracker (PutEvents) by a drain, `manage.py send_events`.

Why an outbox: a page must never wait for AWS, and an event must never be lost because AWS was
down. Rows are written in the same transaction as the interaction and only when an event
tracker is configured (PERSONALIZE_EVENT_TRACKING_ID), so a store without Personalize keeps no
queue. The drain claims rows inside a transaction before sending (two drains never send the same
row; a drain whose lease is half gone gives its rows back and claims again), sends at most 10
events per PutEvents call (one call per user and session, as the API takes one of each), marks
a row sent exactly once, and retries failures with exponential backoff (1 s doubling up to 5
minutes) for as long as it takes. Delivery to AWS is at least once: a drain that crashes after
AWS accepted a batch and before marking it resends that batch with the same eventIds (the local
PutEvents endpoint de-duplicates them).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from catalog.models import Interaction
from recommendations import aws
from recommendations.models import OutboxEvent

if TYPE_CHECKING:
    from mypy_boto3_personalize_events import PersonalizeEventsClient

logger = logging.getLogger(__name__)

BATCH_SIZE = 10  # PutEvents accepts 1 to 10 events per call
CLAIM_SIZE = 200
LEASE_SECONDS = 120.0
BACKOFF_BASE = 1.0
BACKOFF_CAP = 300.0


def backoff_seconds(attempts: int) -> float:
    """Delay before the next try after `attempts` failures: 1, 2, 4 ... seconds, capped at 300."""
    return min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, attempts - 1))


def outbox_enqueue(
    *, interaction: Interaction, properties: Mapping[str, Any] | None = None
) -> OutboxEvent | None:
    """Queue `interaction` for the event tracker; None when no tracker is configured.

    `properties` (event properties such as {"discount": "Yes"}) are JSON-encoded here, once;
    the drain sends the stored string as it is. An anonymous visitor's event carries only the
    sessionId (Personalize ties it to the session, and our runtime calls use the session id as
    the userId for anonymous visitors)."""
    tracking_id = settings.PERSONALIZE_EVENT_TRACKING_ID
    if not aws.is_configured(tracking_id):
        return None
    event_id = uuid.uuid4().hex
    user_id = interaction.shopper_id or ""
    return OutboxEvent.objects.create(
        event_id=event_id,
        interaction=interaction,
        tracking_id=tracking_id,
        user_id=user_id,
        session_id=interaction.session_id or (f"user-{user_id}" if user_id else event_id),
        event_type=interaction.event_type,
        item_id=interaction.product_id,
        event_value=interaction.value,
        properties=json.dumps(dict(properties), sort_keys=True) if properties else "",
        occurred_at=interaction.timestamp,
        next_attempt_at=timezone.now(),
    )


class OutboxNotConfigured(RuntimeError):
    """Events are queued but no boto3 client can be built (no region, no credentials)."""


@dataclass
class DrainResult:
    sent: int = 0
    retried: int = 0  # rows whose batch failed and will be tried again later
    rejected: int = 0  # rows Personalize refused as invalid, kept with rejected_at set
    calls: int = 0

    def __str__(self) -> str:
        return (
            f"{self.sent} sent, {self.retried} to retry, {self.rejected} rejected "
            f"in {self.calls} PutEvents calls"
        )


def _due(now: datetime) -> Q:
    return Q(sent_at__isnull=True, rejected_at__isnull=True, next_attempt_at__lte=now) & (
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


def outbox_claim(*, limit: int = CLAIM_SIZE, lease: float = LEASE_SECONDS) -> list[OutboxEvent]:
    """Claim up to `limit` due rows for this drain, oldest first.

    The UPDATE repeats the "due and unclaimed" test, so of two drains racing for a row only one
    gets it (row locks with SKIP LOCKED where the database has them; SQLite serializes writes)."""
    now = timezone.now()
    token = uuid.uuid4().hex
    with transaction.atomic():
        due = OutboxEvent.objects.filter(_due(now)).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[:limit])
        if not ids:
            return []
        OutboxEvent.objects.filter(_due(now), id__in=ids).update(
            claim_token=token, claimed_until=now + timedelta(seconds=lease)
        )
    return list(OutboxEvent.objects.filter(claim_token=token, sent_at__isnull=True).order_by("id"))


def _event_payload(row: OutboxEvent) -> dict[str, Any]:
    event: dict[str, Any] = {
        "eventId": row.event_id,
        "eventType": row.event_type,
        "itemId": row.item_id,
        "sentAt": row.occurred_at,
    }
    if row.event_value is not None:
        event["eventValue"] = row.event_value
    if row.properties:
        event["properties"] = row.properties  # already a JSON string: never encode it again
    return event


def _put(client: PersonalizeEventsClient, rows: list[OutboxEvent]) -> None:
    first = rows[0]
    params: dict[str, Any] = {
        "trackingId": first.tracking_id,
        "sessionId": first.session_id,
        "eventList": [_event_payload(r) for r in rows],
    }
    if first.user_id:
        params["userId"] = first.user_id
    client.put_events(**params)


def _mark_sent(rows: list[OutboxEvent]) -> int:
    by_token: dict[str, list[int]] = {}
    for r in rows:
        by_token.setdefault(r.claim_token, []).append(r.id)
    now = timezone.now()
    marked = 0
    for token, ids in by_token.items():
        marked += OutboxEvent.objects.filter(
            id__in=ids, claim_token=token, sent_at__isnull=True
        ).update(sent_at=now, claimed_until=None, last_error="", attempts=F("attempts") + 1)
    return marked


def _mark_failed(rows: list[OutboxEvent], error: str, *, reject: bool = False) -> None:
    now = timezone.now()
    for r in rows:
        attempts = r.attempts + 1
        OutboxEvent.objects.filter(id=r.id, claim_token=r.claim_token, sent_at__isnull=True).update(
            attempts=attempts,
            next_attempt_at=now + timedelta(seconds=backoff_seconds(attempts)),
            claimed_until=None,
            last_error=error[:2000],
            rejected_at=now if reject else None,
        )


def _release(rows: list[OutboxEvent]) -> None:
    for r in rows:
        OutboxEvent.objects.filter(id=r.id, claim_token=r.claim_token, sent_at__isnull=True).update(
            claimed_until=None
        )


def _batches(rows: list[OutboxEvent]) -> list[list[OutboxEvent]]:
    """Rows grouped by (tracker, user, session) in order of first appearance, then cut to 10."""
    key: Callable[[OutboxEvent], tuple[str, str, str]] = lambda r: (  # noqa: E731
        r.tracking_id,
        r.user_id,
        r.session_id,
    )
    first_seen: dict[tuple[str, str, str], int] = {}
    for k, r in enumerate(rows):
        first_seen.setdefault(key(r), k)
    ordered = sorted(rows, key=lambda r: (first_seen[key(r)], r.id))
    out: list[list[OutboxEvent]] = []
    for _, group in groupby(ordered, key=key):
        items = list(group)
        out.extend(items[i : i + BATCH_SIZE] for i in range(0, len(items), BATCH_SIZE))
    return out


def events_client() -> PersonalizeEventsClient:
    """Batch work tolerates slower answers than a page: 2 s connect, 10 s read, 3 attempts."""
    return aws.client("personalize-events", connect_timeout=2.0, read_timeout=10.0, max_attempts=3)


def outbox_drain(
    *, client: PersonalizeEventsClient | None = None, max_events: int | None = None
) -> DrainResult:
    """Send every due outbox row (or up to `max_events`), stopping at the first failure that
    is not the events' own fault (AWS down, throttled): those rows wait for their backoff."""
    from botocore.exceptions import BotoCoreError, ClientError

    result = DrainResult()
    events = client  # built at the first claimed row: an empty outbox needs no AWS at all
    while max_events is None or result.sent + result.rejected < max_events:
        room = CLAIM_SIZE if max_events is None else max_events - result.sent - result.rejected
        rows = outbox_claim(limit=min(CLAIM_SIZE, room))
        if not rows:
            break
        if events is None:
            try:
                events = events_client()
            except BotoCoreError as exc:  # no region, no credentials
                for batch in _batches(rows):
                    _release(batch)
                raise OutboxNotConfigured(f"cannot send events: {exc}") from exc
        batches = _batches(rows)
        for k, batch in enumerate(batches):
            if _lease_running_out(batch):
                # Slow but working AWS: give the rest back and claim afresh rather than send
                # rows whose claim another drain may take over (it would send them twice).
                for other in batches[k:]:
                    _release(other)
                break
            try:
                result.calls += 1
                _put(events, batch)
            except ClientError as exc:
                code = exc.response.get("Error", {}).get("Code", "")
                if code == "InvalidInputException":
                    _send_singly(events, batch, result)
                    continue
                _fail_and_stop(batch, batches[k + 1 :], f"{code}: {exc}", result)
                return result
            except BotoCoreError as exc:
                _fail_and_stop(batch, batches[k + 1 :], f"{type(exc).__name__}: {exc}", result)
                return result
            result.sent += _mark_sent(batch)
    return result


def _lease_running_out(batch: list[OutboxEvent]) -> bool:
    """Less than half of the claim's lease left (LEASE_SECONDS is far above one PutEvents
    call's worst case: 3 attempts of 2 s connect + 10 s read)."""
    until = min((r.claimed_until for r in batch if r.claimed_until), default=None)
    return until is not None and timezone.now() > until - timedelta(seconds=LEASE_SECONDS / 2)


def _fail_and_stop(
    batch: list[OutboxEvent], rest: list[list[OutboxEvent]], error: str, result: DrainResult
) -> None:
    logger.warning("PutEvents failed, %d events will be retried: %s", len(batch), error)
    _mark_failed(batch, error)
    result.retried += len(batch)
    for other in rest:
        _release(other)


def _send_singly(
    client: PersonalizeEventsClient, batch: list[OutboxEvent], result: DrainResult
) -> None:
    """A batch refused as invalid: find the bad events by sending one at a time."""
    from botocore.exceptions import BotoCoreError, ClientError

    for row in batch:
        try:
            result.calls += 1
            _put(client, [row])
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            reject = code == "InvalidInputException"
            _mark_failed([row], f"{code}: {exc}", reject=reject)
            if reject:
                logger.warning("PutEvents refused event %s: %s", row.event_id, exc)
                result.rejected += 1
            else:
                result.retried += 1
        except BotoCoreError as exc:
            _mark_failed([row], f"{type(exc).__name__}: {exc}")
            result.retried += 1
        else:
            result.sent += _mark_sent([row])


def outbox_counts() -> dict[str, int]:
    """Rows queued, sent, pending and rejected (queued == sent + pending + rejected)."""
    qs = OutboxEvent.objects.all()
    return {
        "queued": qs.count(),
        "sent": qs.filter(sent_at__isnull=False).count(),
        "pending": qs.filter(sent_at__isnull=True, rejected_at__isnull=True).count(),
        "rejected": qs.filter(rejected_at__isnull=False).count(),
    }
