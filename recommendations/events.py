"""Live events: one validation for the PutEvents-shaped API and the store's own pages.

Events are validated here and written to the interaction log (`catalog.Interaction`), which the
local backend reads on every request: an event counts for the next carousel at once, without
retraining.

Times (`sentAt`) are normalized to one unit: an aware UTC datetime (microsecond precision).
Accepted inputs are unix seconds, unix milliseconds (any number above 10**11, i.e. after
1973-03-03 in milliseconds and after year 5138 in seconds, so the two never overlap) and
ISO 8601 strings (a naive one is read as UTC). Times before 2000-01-01 UTC (`EARLIEST`) are
rejected: they are a unit mistake (a count of days or minutes) or an unset clock (0 = 1970),
and the store has no real event that old.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.models import EventType, Interaction, Product, Shopper
from recommendations.outbox import outbox_enqueue

MAX_EVENTS = 10
MAX_ID_LENGTH = 64  # Interaction.session_id and Shopper.id
MILLISECONDS_ABOVE = 10**11
MAX_AHEAD = timedelta(days=1)
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
MAX_EVENT_ID_LENGTH = 255  # ReceivedEvent.event_id; PutEvents' own limit is 256
EVENT_TYPES: tuple[str, ...] = tuple(EventType.values)
_CANONICAL = {t.lower(): t for t in EVENT_TYPES}
# Strings a client produces when it stringifies a missing value: never a real session id.
_NOT_AN_ID = frozenset({"null", "none", "undefined", "nil", "nan"})


class EventValidationError(ValueError):
    """A bad event field; `field` is its path in the request (`eventList[2].sentAt`)."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


@dataclass(frozen=True)
class LiveEvent:
    """One validated event, ready to record. `product` is None only for an item the store does
    not know, accepted by the PutEvents protocol endpoint (`unknown_items=True`), which keeps it
    as received and records no interaction (Personalize accepts events for any itemId)."""

    product: Product | None
    event_type: str  # canonical spelling (EventType value)
    timestamp: datetime  # aware, UTC
    value: float | None = None
    discount: bool | None = None
    event_id: str | None = None
    properties: Mapping[str, Any] = field(default_factory=dict)
    item_id: str = ""

    def __post_init__(self) -> None:
        if not self.item_id and self.product is not None:
            object.__setattr__(self, "item_id", self.product.pk)


@dataclass(frozen=True)
class EventBatch:
    user_id: str | None
    session_id: str
    events: list[LiveEvent]


# ---- single fields ------------------------------------------------------------------------------
def event_type_normalize(value: object, *, field: str = "eventType") -> str:
    """The canonical spelling of a known event type (matched case-insensitively)."""
    if not isinstance(value, str) or not value.strip():
        raise EventValidationError(field, f"must be one of {', '.join(EVENT_TYPES)}")
    canonical = _CANONICAL.get(value.strip().lower())
    if canonical is None:
        raise EventValidationError(
            field, f"unknown event type {value!r}; use one of {', '.join(EVENT_TYPES)}"
        )
    return canonical


def sent_at_normalize(
    value: object, *, field: str = "sentAt", now: datetime | None = None
) -> datetime:
    """Unix seconds, unix milliseconds (> 10**11) or ISO 8601 -> aware UTC datetime.

    Times more than a day ahead of `now` are rejected (a clock in milliseconds read as seconds,
    or a client clock gone wrong, would otherwise outweigh every real event)."""
    now = now or timezone.now()
    moment: datetime
    if value is None:
        raise EventValidationError(
            field, "is required: unix seconds, unix milliseconds or an ISO 8601 string"
        )
    if isinstance(value, bool):
        raise EventValidationError(
            field,
            f"must be a number (unix seconds or milliseconds) or ISO 8601 text, got {value!r}",
        )
    raw = value
    if isinstance(value, str) and _is_number(value):
        value = float(value)  # a huge numeric string becomes inf, rejected below
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float
            raise EventValidationError(field, f"is out of range: {_short(raw)}") from None
        if not math.isfinite(number) or number < 0:
            raise EventValidationError(field, f"must be a positive unix time, got {_short(raw)}")
        seconds = number / 1000.0 if number > MILLISECONDS_ABOVE else number
        try:
            moment = datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            raise EventValidationError(field, f"is out of range: {_short(raw)}") from None
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
            moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        except ValueError:
            raise EventValidationError(
                field,
                f"{_short(value)} is neither a unix time (seconds or milliseconds) nor ISO 8601",
            ) from None
        except OverflowError:  # year 1 or 9999 shifted past the calendar by its offset
            raise EventValidationError(field, f"is out of range: {_short(value)}") from None
    else:
        raise EventValidationError(
            field, "must be unix seconds, unix milliseconds or an ISO 8601 string"
        )
    if moment < EARLIEST:
        raise EventValidationError(
            field, f"{moment.isoformat()} is before {EARLIEST.date().isoformat()}"
        )
    if moment > now + MAX_AHEAD:
        raise EventValidationError(field, f"{moment.isoformat()} is more than a day in the future")
    return moment


def _short(value: object) -> str:
    """repr() of a bad value, cut so that a 400-digit number does not fill the message."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def identifier_normalize(value: object, *, field: str, required: bool) -> str | None:
    """A user or session id: a non-empty string of at most 64 characters, never the text of
    a missing value ("null", "None", "undefined")."""
    if value is None or (isinstance(value, str) and not value.strip() and not required):
        if required:
            raise EventValidationError(field, "is required")
        return None
    if not isinstance(value, str):
        raise EventValidationError(field, "must be a string")
    text = value.strip()
    if not text:
        raise EventValidationError(field, "must not be empty")
    if text.lower() in _NOT_AN_ID:
        raise EventValidationError(field, f"{value!r} is not an id (a missing value?)")
    if len(text) > MAX_ID_LENGTH:
        raise EventValidationError(field, f"must be at most {MAX_ID_LENGTH} characters")
    return text


def _properties(value: object, *, field: str) -> dict[str, Any]:
    """PutEvents sends `properties` as a JSON string; an object is accepted too."""
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise EventValidationError(field, "must be a JSON object (or its JSON text)") from None
    if not isinstance(value, dict):
        raise EventValidationError(field, "must be a JSON object (or its JSON text)")
    return value


def _value(raw: object, *, field: str) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise EventValidationError(field, "must be a number")
    try:
        number = float(raw)
    except ValueError:
        raise EventValidationError(field, "must be a number") from None
    except OverflowError:  # an integer too large for a float
        raise EventValidationError(field, "must be a finite number") from None
    if not math.isfinite(number):
        raise EventValidationError(field, "must be a finite number")
    return number


def _discount(raw: object) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in {"yes", "true", "no", "false"}:
        return raw.strip().lower() in {"yes", "true"}
    return None


# ---- whole events -----------------------------------------------------------------------------
def event_validate(
    raw: object,
    *,
    prefix: str = "",
    products: Mapping[str, Product] | None = None,
    now: datetime | None = None,
    unknown_items: bool = False,
) -> LiveEvent:
    """One PutEvents event object -> LiveEvent. `products` may pre-load the items by id;
    with `unknown_items` an itemId the store does not know gives `product=None`."""
    if not isinstance(raw, dict):
        raise EventValidationError(prefix.rstrip(".") or "event", "must be an object")
    event_type = event_type_normalize(raw.get("eventType"), field=f"{prefix}eventType")
    item_id = raw.get("itemId")
    if not isinstance(item_id, str) or not item_id.strip():
        raise EventValidationError(f"{prefix}itemId", "is required (a product id)")
    item_id = item_id.strip()
    product = (
        products.get(item_id)
        if products is not None
        else Product.objects.filter(pk=item_id).first()
    )
    if product is None and not unknown_items:
        raise EventValidationError(f"{prefix}itemId", f"no product with id {_short(item_id)}")
    timestamp = sent_at_normalize(raw.get("sentAt"), field=f"{prefix}sentAt", now=now)
    properties = _properties(raw.get("properties"), field=f"{prefix}properties")
    value = _value(raw.get("eventValue"), field=f"{prefix}eventValue")
    event_id = raw.get("eventId")
    if event_id is not None and not isinstance(event_id, str):
        raise EventValidationError(f"{prefix}eventId", "must be a string")
    if event_id is not None and len(event_id) > MAX_EVENT_ID_LENGTH:
        raise EventValidationError(
            f"{prefix}eventId", f"must be at most {MAX_EVENT_ID_LENGTH} characters"
        )
    return LiveEvent(
        product=product,
        event_type=event_type,
        timestamp=timestamp,
        value=value,
        discount=_discount(properties.get("discount")),
        event_id=event_id,
        properties=properties,
        item_id=item_id,
    )


def event_batch_validate(
    body: object, *, now: datetime | None = None, unknown_items: bool = False
) -> EventBatch:
    """A PutEvents body `{"userId"?, "sessionId", "eventList": [...]}` -> EventBatch.

    Raises EventValidationError naming the first bad field (`eventList[2].sentAt`)."""
    if not isinstance(body, dict):
        raise EventValidationError("body", "must be a JSON object with sessionId and eventList")
    user_id = identifier_normalize(body.get("userId"), field="userId", required=False)
    session_id = identifier_normalize(body.get("sessionId"), field="sessionId", required=True)
    assert session_id is not None
    raw_events = body.get("eventList")
    if not isinstance(raw_events, list) or not raw_events:
        raise EventValidationError("eventList", "must be a non-empty list of events")
    if len(raw_events) > MAX_EVENTS:
        raise EventValidationError(
            "eventList", f"holds {len(raw_events)} events; at most {MAX_EVENTS} per call"
        )
    ids = [e.get("itemId") for e in raw_events if isinstance(e, dict)]
    products = Product.objects.in_bulk([i.strip() for i in ids if isinstance(i, str)])
    now = now or timezone.now()
    events = [
        event_validate(
            raw,
            prefix=f"eventList[{k}].",
            products=products,
            now=now,
            unknown_items=unknown_items,
        )
        for k, raw in enumerate(raw_events)
    ]
    return EventBatch(user_id=user_id, session_id=session_id, events=events)


# ---- recording --------------------------------------------------------------------------------
def events_record(
    *,
    user_id: str | None,
    session_id: str | None,
    events: Sequence[LiveEvent],
    enqueue: bool = True,
) -> list[Interaction]:
    """Store events of a shopper (or an anonymous session), every one of them (events of an
    unknown item, `product=None`, are skipped). `enqueue=False` keeps them out of the outbox:
    events received by the local PutEvents endpoint are not forwarded to Personalize.

    An unknown shopper id gets a minimal, non-selectable Shopper (Personalize accepts any
    userId; the importer does the same). Interactions are unique on (shopper, product, event
    type, timestamp), so a shopper's event that collides with a stored one (a double click
    inside one millisecond, two events posted with the same sentAt) is moved 1 microsecond
    later until it is free: every posted event is counted once, none is lost or merged.
    """
    if user_id:
        Shopper.objects.get_or_create(
            pk=user_id, defaults={"name": f"Shopper {user_id}", "selectable": False}
        )
        if session_id:
            session_attribute(session_id=session_id, user_id=user_id)
    stored: list[Interaction] = []
    with transaction.atomic():
        for event in events:
            if event.product is None:
                continue
            stored.append(
                _record_one(
                    user_id=user_id,
                    session_id=session_id or "",
                    event=event,
                    product=event.product,
                    enqueue=enqueue,
                )
            )
    return stored


def _record_one(
    *, user_id: str | None, session_id: str, event: LiveEvent, product: Product, enqueue: bool
) -> Interaction:
    timestamp = event.timestamp
    if user_id:
        taken = set(
            Interaction.objects.filter(
                shopper_id=user_id,
                product=product,
                event_type=event.event_type,
                timestamp__gte=timestamp,
                timestamp__lt=timestamp + timedelta(seconds=1),
            ).values_list("timestamp", flat=True)
        )
        while timestamp in taken:
            timestamp += timedelta(microseconds=1)
    for _attempt in range(100):
        try:
            with transaction.atomic():
                row = Interaction.objects.create(
                    shopper_id=user_id or None,
                    session_id=session_id,
                    product=product,
                    event_type=event.event_type,
                    timestamp=timestamp,
                    value=event.value,
                    discount=event.discount,
                    source=Interaction.SOURCE_LIVE,
                )
                # With an event tracker configured, the same transaction queues it for
                # Personalize (`manage.py send_events`).
                if enqueue:
                    outbox_enqueue(interaction=row, properties=event.properties or None)
                return row
        except IntegrityError:  # a concurrent writer took the same instant
            timestamp += timedelta(microseconds=1)
    raise IntegrityError(f"could not store {event.event_type} of {product.pk}")


def session_attribute(*, session_id: str, user_id: str) -> int:
    """Credit a session's anonymous events to the shopper who now owns it (as Personalize
    does with events that carry a sessionId and, later, a userId). Returns rows credited.

    A row that would collide with one of the shopper's own (same product, type and instant)
    is moved 1 microsecond later, as when recording."""
    if not session_id or not user_id:
        return 0
    anonymous = list(Interaction.objects.filter(session_id=session_id, shopper__isnull=True))
    if not anonymous:
        return 0
    Shopper.objects.get_or_create(
        pk=user_id, defaults={"name": f"Shopper {user_id}", "selectable": False}
    )
    with transaction.atomic():
        for row in anonymous:
            timestamp = row.timestamp
            while Interaction.objects.filter(
                shopper_id=user_id,
                product_id=row.product_id,
                event_type=row.event_type,
                timestamp=timestamp,
            ).exists():
                timestamp += timedelta(microseconds=1)
            Interaction.objects.filter(pk=row.pk).update(shopper_id=user_id, timestamp=timestamp)
    return len(anonymous)
