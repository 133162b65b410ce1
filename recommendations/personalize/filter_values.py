"""filterValues for Personalize requests, built and checked with the engine's own codec.

Personalize wants each value double-quoted inside the string and several values separated by
commas (``{"CATEGORY": "\\"footwear\\",\\"apparel\\""}``). The encoding lives in
``recommendations.engine.filters`` (:func:`format_filter_values`, which escapes quotes, commas
and backslashes); this module only maps Python values onto it and refuses a request whose INCLUDE
filter lacks a value, because Personalize would answer it unfiltered or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from recommendations.backends.base import ItemFilter
from recommendations.engine.filters import (
    Action,
    MissingFilterValue,
    format_filter_values,
    parse_filter,
    parse_filter_values,
)

__all__ = ["MissingFilterValue", "filter_values", "filter_values_for"]


def filter_values(**params: str | Sequence[str] | None) -> dict[str, str]:
    """``filter_values(CATEGORY="footwear", STYLES=["boot", "sneaker"])`` ->
    ``{"CATEGORY": '"footwear"', "STYLES": '"boot","sneaker"'}``.

    Every value is taken literally: ``'"footwear"'`` is a value holding two quote characters and
    is escaped as such. A string is one value; a list or tuple is several. ``None`` and empty
    lists are left out, so :func:`filter_values_for` can tell that they are missing.
    """
    out: dict[str, str] = {}
    for name, raw in params.items():
        if raw is None:
            continue
        values = [raw] if isinstance(raw, str) else [str(v) for v in raw]
        if values:
            out[name] = format_filter_values(values)
    return out


def filter_values_for(item_filter: ItemFilter) -> dict[str, str]:
    """The filterValues to send with `item_filter`, validated against its expression.

    Raises ``MissingFilterValue`` when a ``$PARAMETER`` of an INCLUDE clause has no value (or an
    empty one), and ``FilterValueError`` when a value is not in Personalize's format. Values for
    EXCLUDE parameters may be left out (Personalize then drops that test). Without an expression
    the values are only checked for format.
    """
    values: Mapping[str, str] = item_filter.values or {}
    for raw in values.values():
        parse_filter_values(raw)  # raises FilterValueError naming the bad character
    if item_filter.expression:
        expression = parse_filter(item_filter.expression)
        for parameter in sorted(expression.parameters, key=lambda p: p.name):
            given = values.get(parameter.name)
            if parameter.action is Action.INCLUDE and not (given and parse_filter_values(given)):
                raise MissingFilterValue(parameter.name)
    return {name: raw for name, raw in values.items() if parse_filter_values(raw)}
