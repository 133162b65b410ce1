"""A small cart kept in the visitor's session: product id -> quantity.

Selectors and services over the session only; the views record the shopper's events
(AddToCart, ViewCart, StartCheckout, Purchase) through the recommendation service, the same way
`POST /api/events` does.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from catalog.models import Product
from catalog.selectors import products_by_ids

CART_KEY = "cart"
MAX_QUANTITY = 99


@dataclass(frozen=True)
class CartLine:
    product: Product
    quantity: int

    @property
    def total(self) -> Decimal:
        return self.product.price * self.quantity


def _raw(session: MutableMapping[str, Any]) -> dict[str, int]:
    raw = session.get(CART_KEY)
    if not isinstance(raw, dict):
        return {}
    return {str(k): int(v) for k, v in raw.items() if isinstance(v, int) and v > 0}


def cart_product_ids(*, session: MutableMapping[str, Any]) -> list[str]:
    return list(_raw(session))


def cart_count(*, session: MutableMapping[str, Any]) -> int:
    return sum(_raw(session).values())


def cart_lines(*, session: MutableMapping[str, Any]) -> list[CartLine]:
    """Lines in the order they were added; products no longer visible are left out."""
    raw = _raw(session)
    found = products_by_ids(product_ids=raw)
    return [CartLine(found[pid], qty) for pid, qty in raw.items() if pid in found]


def cart_add(*, session: MutableMapping[str, Any], product: Product, quantity: int) -> int:
    """Add `quantity` (1..99) of `product`; returns the line's new quantity (capped at 99)."""
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValueError(f"quantity must be from 1 to {MAX_QUANTITY}, got {quantity}")
    raw = _raw(session)
    raw[product.id] = min(MAX_QUANTITY, raw.get(product.id, 0) + quantity)
    session[CART_KEY] = raw
    return raw[product.id]


def cart_clear(*, session: MutableMapping[str, Any]) -> None:
    session.pop(CART_KEY, None)
