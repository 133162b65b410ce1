"""Amazon Personalize's runtime and events wire protocol, answered by the local engine.

``POST /personalize-runtime/recommendations`` (GetRecommendations),
``POST /personalize-runtime/personalize-ranking`` (GetPersonalizedRanking) and
``POST /personalize-events/events`` (PutEvents) accept and return the restJson shapes of
botocore's service models, so a boto3 client created with
``endpoint_url="http://HOST/personalize-runtime"`` (or ``AWS_ENDPOINT_URL_PERSONALIZE_RUNTIME``)
gets real answers: the personalize backend then runs end to end without AWS. Errors carry
``x-amzn-ErrorType`` and ``{"message": ...}`` as the service's do (InvalidInputException 400,
ResourceNotFoundException 404). Request signatures are not checked: these endpoints are for
demos and tests, and PERSONALIZE_PROTOCOL_ENDPOINTS=false turns them off.

Campaign and recommender ARNs are accepted as they are (there is one local model); a filter ARN
names its filter by its last path segment (``arn:...:filter/same-category``) or through
PERSONALIZE_FILTER_ARNS. Events are de-duplicated by eventId; an event the store queued itself
(its eventId is in the outbox) is not recorded a second time as an interaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from recommendations.backends import get_backend
from recommendations.backends.base import BackendError, ItemFilter, RankingContext
from recommendations.engine.filters import FilterSyntaxError, FilterValueError, MissingFilterValue
from recommendations.events import (
    EventValidationError,
    LiveEvent,
    event_batch_validate,
    events_record,
)
from recommendations.models import OutboxEvent, ReceivedEvent
from recommendations.personalize.filter_values import filter_values_for
from recommendations.personalize.provision import DEFAULT_FILTERS

MAX_RESULTS = 500
DEFAULT_RESULTS = 25


class ProtocolError(Exception):
    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def invalid(message: str) -> ProtocolError:
    return ProtocolError("InvalidInputException", message, 400)


def not_found(message: str) -> ProtocolError:
    return ProtocolError("ResourceNotFoundException", message, 404)


def _aws_error(exc: ProtocolError) -> JsonResponse:
    response = JsonResponse({"__type": exc.code, "message": exc.message}, status=exc.status)
    response["x-amzn-ErrorType"] = exc.code
    return response


def _operation(view: Callable[[dict[str, Any]], dict[str, Any] | None]) -> Any:
    """Parse the JSON body, run `view`, and render its result or its error the AWS way."""

    @csrf_exempt
    @require_POST
    def wrapped(request: HttpRequest) -> HttpResponse:
        if not settings.PERSONALIZE_PROTOCOL_ENDPOINTS:
            return _aws_error(not_found("the Personalize protocol endpoints are turned off"))
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError) as exc:
            return _aws_error(invalid(f"malformed JSON body: {exc}"))
        if not isinstance(body, dict):
            return _aws_error(invalid("the request body must be a JSON object"))
        try:
            result = view(body)
        except ProtocolError as exc:
            return _aws_error(exc)
        if result is None:
            return HttpResponse(status=200, content_type="application/json")
        return JsonResponse(result)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _string(body: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise invalid(f"{name} is required")
        return None
    if not isinstance(value, str):
        raise invalid(f"{name} must be a string")
    return value


def _string_map(body: dict[str, Any], name: str) -> dict[str, str]:
    value = body.get(name) or {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise invalid(f"{name} must be a map of strings to strings")
    return value


def _item_filter(body: dict[str, Any]) -> ItemFilter | None:
    arn = _string(body, "filterArn")
    values = _string_map(body, "filterValues")
    if arn is None:
        if values:
            raise invalid("filterValues given without a filterArn")
        return None
    by_arn = {v: k for k, v in settings.PERSONALIZE_FILTER_ARNS.items()}
    name = by_arn.get(arn) or arn.rsplit("/", 1)[-1]
    expression = DEFAULT_FILTERS.get(name)
    if expression is None:
        raise not_found(f"no filter {arn!r}; known: {', '.join(sorted(DEFAULT_FILTERS))}")
    item_filter = ItemFilter(name=name, expression=expression, arn=arn, values=values)
    try:
        filter_values_for(item_filter)
    except (MissingFilterValue, FilterValueError, FilterSyntaxError) as exc:
        raise invalid(str(exc)) from None
    return item_filter


def _recommendation_id() -> str:
    return f"RID-{uuid.uuid4()}"


def _predicted(item_id: str, score: float) -> dict[str, Any]:
    return {"itemId": item_id, "score": round(float(score), 6)}


@_operation
def get_recommendations(body: dict[str, Any]) -> dict[str, Any]:
    """GetRecommendations: related items for itemId (the local engine is item-to-item)."""
    campaign = _string(body, "campaignArn")
    recommender = _string(body, "recommenderArn")
    if bool(campaign) == bool(recommender):
        raise invalid("give exactly one of campaignArn and recommenderArn")
    item_id = _string(body, "itemId")
    if item_id is None:
        raise invalid("itemId is required: the local engine serves Similar-Items")
    num = body.get("numResults", DEFAULT_RESULTS)
    if not isinstance(num, int) or isinstance(num, bool) or not 0 <= num <= MAX_RESULTS:
        raise invalid(f"numResults must be an integer from 0 to {MAX_RESULTS}")
    item_filter = _item_filter(body)
    user_id = _string(body, "userId")
    if num == 0:
        return {"itemList": [], "recommendationId": _recommendation_id()}
    try:
        items = get_backend("local").similar_items(
            item_id, limit=num, filter=item_filter, user_id=user_id
        )
    except BackendError as exc:
        raise not_found(f"no trained model can answer: {exc}") from None
    return {
        "itemList": [_predicted(r.item_id, r.score) for r in items],
        "recommendationId": _recommendation_id(),
    }


@_operation
def get_personalized_ranking(body: dict[str, Any]) -> dict[str, Any]:
    """GetPersonalizedRanking: inputList re-ordered for userId (a shopper or a session id)."""
    _string(body, "campaignArn", required=True)
    user_id = _string(body, "userId", required=True)
    input_list = body.get("inputList")
    if not isinstance(input_list, list) or not all(isinstance(i, str) for i in input_list):
        raise invalid("inputList is required: a list of item ids")
    if len(input_list) > MAX_RESULTS:
        raise invalid(f"inputList holds {len(input_list)} items; at most {MAX_RESULTS}")
    ctx = _string_map(body, "context")
    _item_filter(body)  # validated; ranking filters are not applied by the local engine
    try:
        ranked = get_backend("local").rank(
            user_id=user_id,
            session_id=user_id,  # anonymous visitors are ranked under their session id
            item_ids=input_list,
            context=RankingContext(device=ctx.get("DEVICE"), extra=ctx),
        )
    except BackendError as exc:
        raise not_found(f"no trained model can answer: {exc}") from None
    return {
        "personalizedRanking": [_predicted(r.item_id, r.score) for r in ranked],
        "recommendationId": _recommendation_id(),
    }


@_operation
def put_events(body: dict[str, Any]) -> None:
    """PutEvents: the validation of /api/events (recommendations.events), then each new eventId
    recorded once through the same path (an unknown userId becomes a non-selectable shopper;
    events with one sentAt are kept apart by 1 us). An event without an eventId is always new.
    Events of items the store does not know are kept as received only (Personalize accepts
    them); the store's own events (their eventId is in the outbox) are not recorded twice."""
    tracking_id = _string(body, "trackingId", required=True) or ""
    try:
        batch = event_batch_validate(body, unknown_items=True)
    except EventValidationError as exc:
        raise invalid(str(exc)) from None
    for event in batch.events:
        _record_event(tracking_id, batch.user_id, batch.session_id, event)
    return None


def _record_event(tracking_id: str, user_id: str | None, session_id: str, event: LiveEvent) -> None:
    event_id = event.event_id or uuid.uuid4().hex
    try:
        with transaction.atomic():
            ReceivedEvent.objects.create(
                event_id=event_id,
                tracking_id=tracking_id,
                user_id=user_id or "",
                session_id=session_id,
                event_type=event.event_type,
                item_id=event.item_id,
                event_value=event.value,
                properties=json.dumps(dict(event.properties), sort_keys=True)
                if event.properties
                else "",
                sent_at=event.timestamp,
            )
            if event.product is None:
                return
            if OutboxEvent.objects.filter(event_id=event_id).exists():
                return  # the store's own event, already an interaction
            # Received events are not queued again for Personalize: this endpoint stands in
            # for it (a store whose outbox sends here would otherwise loop).
            events_record(user_id=user_id, session_id=session_id, events=[event], enqueue=False)
    except IntegrityError:
        if ReceivedEvent.objects.filter(event_id=event_id).exists():
            return  # this eventId was received before: counted once
        raise


runtime_urlpatterns = [
    path("recommendations", get_recommendations, name="personalize-get-recommendations"),
    path("personalize-ranking", get_personalized_ranking, name="personalize-ranking"),
]
events_urlpatterns = [
    path("events", put_events, name="personalize-put-events"),
]
