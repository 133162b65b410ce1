"""Named filters: Personalize filter expressions configured in settings, chosen per request.

`RECOMMENDATIONS_FILTERS` maps a name to an expression (evaluated locally by
`recommendations.engine.filters`) and optionally the ARN of the same filter in Amazon
Personalize. Every expression is parsed when the app starts (`RecommendationsConfig.ready`):
a bad one raises ImproperlyConfigured naming the filter and the position of the error.

Items are presented to the evaluator as rows of the Personalize export's columns (ITEM_ID,
CATEGORY_L1 = category name, CATEGORY_L2 = style, PRICE, GENDER, PROMOTED "True"/"False");
the shopper as AGE/GENDER; interactions are the shopper's and the session's events.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from catalog.models import Product, Shopper
from recommendations.backends.base import ItemFilter
from recommendations.engine.filters import (
    FilterExpression,
    FilterSyntaxError,
    FilterValueError,
    MissingFilterValue,
    apply_filter,
    parse_filter,
    parse_filter_values,
)

DEFAULT_FILTER = "same-category"


class FilterRequestError(ValueError):
    """A request names an unknown filter or gives unusable filterValues (a 400)."""


_cache_lock = threading.Lock()
_cache: tuple[int, dict[str, ItemFilter]] | None = None
_parsed: dict[str, FilterExpression] = {}


def filters_validate(raw: Mapping[str, Any]) -> dict[str, ItemFilter]:
    """Settings value -> ItemFilter per name; ImproperlyConfigured for anything invalid.

    A value is an expression string or {"expression": "...", "arn": "..."}."""
    if not isinstance(raw, Mapping):
        raise ImproperlyConfigured(
            "RECOMMENDATIONS_FILTERS must map filter names to expressions or "
            '{"expression": ..., "arn": ...} objects'
        )
    out: dict[str, ItemFilter] = {}
    for name, spec in raw.items():
        if isinstance(spec, str):
            expression, arn = spec, None
        elif isinstance(spec, Mapping):
            expression, arn = spec.get("expression", ""), spec.get("arn") or None
        else:
            raise ImproperlyConfigured(
                f"RECOMMENDATIONS_FILTERS[{name!r}] must be an expression or an object with "
                "'expression' and optionally 'arn'"
            )
        if not isinstance(expression, str) or not expression.strip():
            raise ImproperlyConfigured(f"RECOMMENDATIONS_FILTERS[{name!r}] has no expression")
        try:
            parse_filter(expression)
        except FilterSyntaxError as exc:
            raise ImproperlyConfigured(
                f"RECOMMENDATIONS_FILTERS[{name!r}] is not a valid filter expression: {exc} "
                f"(position {exc.position} of {expression!r})"
            ) from exc
        out[str(name)] = ItemFilter(name=str(name), expression=expression, arn=arn)
    return out


def filters_configured() -> dict[str, ItemFilter]:
    """The named filters from settings (validated once per settings value)."""
    global _cache
    raw = getattr(settings, "RECOMMENDATIONS_FILTERS", {})
    cached = _cache
    if cached is not None and cached[0] == id(raw):
        return cached[1]
    with _cache_lock:
        filters = filters_validate(raw)
        _cache = (id(raw), filters)
    return filters


def filter_values_parse(raw: str | None) -> dict[str, str]:
    """`filterValues` query parameter: a JSON object of parameter name (without `$`) ->
    values in Personalize's format (`"\\"footwear\\",\\"outdoors\\""`)."""
    if raw is None or not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise FilterRequestError(f"filterValues must be a JSON object: {exc}") from None
    if not isinstance(data, dict):
        raise FilterRequestError(
            'filterValues must be a JSON object such as {"CATEGORY": "\\"footwear\\""}'
        )
    values: dict[str, str] = {}
    for key, value in data.items():
        name = key[1:] if key.startswith("$") else key
        if not isinstance(value, str):
            raise FilterRequestError(
                f"filterValues.{name} must be a string of double-quoted, comma-separated values"
            )
        try:
            parse_filter_values(value)
        except FilterValueError as exc:
            raise FilterRequestError(f"filterValues.{name}: {exc}") from None
        values[name] = value
    return values


def filter_get(*, name: str | None, values: Mapping[str, str] | None = None) -> ItemFilter:
    """The named filter with the request's values, checked so that it can be applied.

    Raises FilterRequestError for an unknown name (listing the known ones), a missing INCLUDE
    parameter, or a value that does not suit its placeholder."""
    filters = filters_configured()
    key = str(name or getattr(settings, "RECOMMENDATIONS_DEFAULT_FILTER", DEFAULT_FILTER))
    base = filters.get(key)
    if base is None:
        known = ", ".join(sorted(filters)) or "(none configured)"
        raise FilterRequestError(f"unknown filter {key!r}; known filters: {known}")
    chosen = ItemFilter(
        name=base.name, expression=base.expression, arn=base.arn, values=dict(values or {})
    )
    filter_check(chosen)
    return chosen


def filter_check(item_filter: ItemFilter) -> None:
    """Raise FilterRequestError if the filter cannot be applied with its values."""
    try:
        # One dummy row exercises every value: missing INCLUDE ones, non-numeric numbers.
        apply_filter(
            filter_parsed(item_filter.expression),
            items=[{}],
            current_item={},
            values=item_filter.values,
        )
    except MissingFilterValue as exc:
        raise FilterRequestError(
            f"filter {item_filter.name!r} needs filterValues.{exc.parameter} "
            f'(e.g. filterValues={{"{exc.parameter}": "\\"value\\""}})'
        ) from None
    except (FilterValueError, FilterSyntaxError) as exc:
        raise FilterRequestError(f"filter {item_filter.name!r}: {exc}") from None


def filter_parsed(expression: str) -> FilterExpression:
    parsed = _parsed.get(expression)
    if parsed is None:
        parsed = _parsed[expression] = parse_filter(expression)
    return parsed


# ---- rows for the evaluator ------------------------------------------------------------------
_ROW_FIELDS = ("id", "category__name", "style", "price", "gender_affinity", "promoted")


def _row(values: tuple[Any, ...]) -> dict[str, Any]:
    pid, category, style, price, gender, promoted = values
    return {
        "ITEM_ID": pid,
        "CATEGORY_L1": category,
        "CATEGORY_L2": style or None,
        "PRICE": float(price) if price is not None else None,
        "GENDER": gender or None,
        "PROMOTED": "True" if promoted else "False",
    }


def item_rows(*, product_ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """Export-shaped rows by product id (all products when `product_ids` is None)."""
    qs = Product.objects.all()
    if product_ids is not None:
        qs = qs.filter(pk__in=list(product_ids))
    return {v[0]: _row(v) for v in qs.values_list(*_ROW_FIELDS).iterator(chunk_size=5000)}


def product_row(product: Product) -> dict[str, Any]:
    return _row(
        (
            product.id,
            product.category.name,
            product.style,
            product.price,
            product.gender_affinity,
            product.promoted,
        )
    )


def user_row(*, user_id: str | None) -> dict[str, Any] | None:
    """CurrentUser row (AGE, GENDER); None for anonymous requests (IF clauses are skipped)."""
    if not user_id:
        return None
    shopper = Shopper.objects.filter(pk=user_id).values_list("age", "gender").first()
    if shopper is None:
        return None
    return {"AGE": shopper[0], "GENDER": shopper[1] or None}


def filter_mask(
    item_filter: ItemFilter,
    *,
    rows: list[dict[str, Any]],
    current_item: Mapping[str, Any] | None,
    user_id: str | None,
    interactions: list[tuple[str, str]],
) -> list[bool]:
    """Keep-mask of `rows` under the filter, for this shopper/session's interactions."""
    return apply_filter(
        filter_parsed(item_filter.expression),
        items=rows,
        current_item=current_item or {},
        current_user=user_row(user_id=user_id),
        interactions=interactions,
        values=item_filter.values,
    )
