"""JSON API shaped like the Retail Demo Store recommendations service.

Paths have no trailing slash; JSON POSTs need no CSRF token. Errors are `{"message": "..."}`.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from catalog.models import Product
from catalog.selectors import product_get
from recommendations.backends import get_backend
from recommendations.events import (
    EventValidationError,
    event_batch_validate,
    events_record,
    identifier_normalize,
)
from recommendations.filtering import FilterRequestError, filter_get, filter_values_parse
from recommendations.openapi import openapi_document
from recommendations.services import SAME_CATEGORY, carousel_for_product, rerank_items

DEFAULT_RESULTS = 25
MAX_RESULTS = 100


class ApiError(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"message": message}, status=status)


def product_json(product: Product) -> dict[str, Any]:
    return {
        "id": product.id,
        "url": product.get_absolute_url(),
        "name": product.name,
        "category": product.category.name,
        "style": product.style,
        "description": product.description,
        "price": float(product.price),
        "current_stock": product.current_stock,
        "gender_affinity": product.gender_affinity or None,
        "image": product.image,
        "promoted": product.promoted,
        "where_visible": product.where_visible,
        "featured": product.featured,
    }


def _num_results(raw: str | None) -> int:
    if raw is None or raw == "":
        return DEFAULT_RESULTS
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(
            f"numResults must be an integer from 1 to {MAX_RESULTS}, got {raw!r}"
        ) from None
    if not 1 <= value <= MAX_RESULTS:
        raise ApiError(f"numResults must be from 1 to {MAX_RESULTS}, got {value}")
    return value


def health(request: HttpRequest) -> JsonResponse:
    backend = get_backend()
    return JsonResponse(
        {"status": "ok", "backend": backend.name, "model_version": backend.model_version()}
    )


def _identifier(raw: object, *, field: str) -> str | None:
    try:
        return identifier_normalize(raw, field=field, required=False)
    except EventValidationError as exc:
        raise ApiError(str(exc)) from None


@require_GET
def related(request: HttpRequest) -> JsonResponse:
    """GET /api/related?currentItemID=&userID=&sessionID=&numResults=&filter=&filterValues="""
    item_id = request.GET.get("currentItemID", "").strip()
    if not item_id:
        return error("currentItemID is required")
    try:
        limit = _num_results(request.GET.get("numResults"))
        user_id = _identifier(request.GET.get("userID"), field="userID")
        session_id = _identifier(request.GET.get("sessionID"), field="sessionID")
        filter_name = request.GET.get("filter", "").strip()
        values = filter_values_parse(request.GET.get("filterValues"))
        item_filter = (
            filter_get(name=filter_name, values=values) if filter_name or values else SAME_CATEGORY
        )
    except ApiError as exc:
        return error(exc.message, exc.status)
    except FilterRequestError as exc:
        return error(str(exc))
    product = product_get(product_id=item_id)
    if product is None:
        return error(f"no product with id {item_id!r}", 404)
    carousel = carousel_for_product(
        product=product,
        user_id=user_id,
        session_id=session_id,
        limit=limit,
        personalize=bool(user_id or session_id),
        item_filter=item_filter,
    )
    payload = [
        {"product": product_json(r.product), "score": round(float(r.score), 6)}
        for r in carousel.items
    ]
    response = JsonResponse(payload, safe=False)
    response["X-Recommendation-Recipe"] = carousel.recipe
    return response


@csrf_exempt
@require_POST
def rerank(request: HttpRequest) -> JsonResponse:
    """POST /api/rerank {"userID"?: "...", "sessionID"?: "...", "items": [{"itemId": "..."}]}"""
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError) as exc:
        return error(f"malformed JSON: {exc}")
    if not isinstance(body, dict):
        return error("the body must be a JSON object with userID (or sessionID) and items")
    try:
        user_id = _identifier(body.get("userID"), field="userID")
        session_id = _identifier(body.get("sessionID"), field="sessionID")
    except ApiError as exc:
        return error(exc.message, exc.status)
    if not user_id and not session_id:
        return error("userID (or sessionID, for an anonymous visitor) is required")
    items = body.get("items")
    if not isinstance(items, list) or not items:
        return error("items must be a non-empty list of objects with an itemId")
    ids: list[str] = []
    for k, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("itemId"), str):
            return error(f"items[{k}] must be an object with a string itemId")
        ids.append(item["itemId"])
    order = rerank_items(user_id=user_id, session_id=session_id, item_ids=ids)
    first: dict[str, dict[str, Any]] = {}
    for item in items:
        first.setdefault(item["itemId"], item)
    return JsonResponse([first[i] for i in order if i in first], safe=False)


@csrf_exempt
@require_POST
def events(request: HttpRequest) -> JsonResponse:
    """POST /api/events in PutEvents' shape: {"userId"?, "sessionId", "eventList": [...]}"""
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError) as exc:
        return error(f"malformed JSON: {exc}")
    try:
        batch = event_batch_validate(body)
    except EventValidationError as exc:
        return error(str(exc))
    stored = events_record(user_id=batch.user_id, session_id=batch.session_id, events=batch.events)
    return JsonResponse(
        {
            "userId": batch.user_id,
            "sessionId": batch.session_id,
            "recorded": len(stored),
            "events": [
                {
                    "eventType": row.event_type,
                    "itemId": row.product_id,
                    "sentAt": row.timestamp.timestamp(),
                }
                for row in stored
            ],
        },
        status=202,
    )


@require_GET
def openapi(request: HttpRequest) -> JsonResponse:
    """GET /api/openapi.json"""
    return JsonResponse(openapi_document(request.build_absolute_uri("/")))
