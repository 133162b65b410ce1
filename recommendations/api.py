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
from recommendations.services import carousel_for_product, rerank_items

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


@require_GET
def related(request: HttpRequest) -> JsonResponse:
    """GET /api/related?currentItemID=&userID=&numResults=&feature="""
    item_id = request.GET.get("currentItemID", "").strip()
    if not item_id:
        return error("currentItemID is required")
    try:
        limit = _num_results(request.GET.get("numResults"))
    except ApiError as exc:
        return error(exc.message, exc.status)
    product = product_get(product_id=item_id)
    if product is None:
        return error(f"no product with id {item_id!r}", 404)
    user_id = request.GET.get("userID", "").strip() or None
    carousel = carousel_for_product(
        product=product, user_id=user_id, session_id=None, limit=limit, personalize=bool(user_id)
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
    """POST /api/rerank {"userID": "...", "items": [{"itemId": "..."}, ...]}"""
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError) as exc:
        return error(f"malformed JSON: {exc}")
    if not isinstance(body, dict):
        return error("the body must be a JSON object with userID and items")
    user_id = body.get("userID")
    if not isinstance(user_id, str) or not user_id.strip():
        return error("userID is required")
    items = body.get("items")
    if not isinstance(items, list) or not items:
        return error("items must be a non-empty list of objects with an itemId")
    ids: list[str] = []
    for k, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("itemId"), str):
            return error(f"items[{k}] must be an object with a string itemId")
        ids.append(item["itemId"])
    order = rerank_items(user_id=user_id.strip(), session_id=None, item_ids=ids)
    first: dict[str, dict[str, Any]] = {}
    for item in items:
        first.setdefault(item["itemId"], item)
    return JsonResponse([first[i] for i in order if i in first], safe=False)
