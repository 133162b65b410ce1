"""Store rules applied to a carousel after ranking (settings.RECOMMENDATIONS_RULES).

1. Exclude items out of stock and items not visible in the web UI (on by default).
2. Diversity: at most `max_per_style` items of one (category, style) (0 = off, the default).
3. Promotions: `promoted_share` of the slots (rounded, at least one when the share is above 0)
   come from the named `promoted_filter`, as Personalize's promotions do (off by default).
4. Never empty: when nothing is left and the category has other visible products, its popular
   ones are served (in stock first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings

from catalog.models import Product


@dataclass(frozen=True)
class StoreRules:
    exclude_out_of_stock: bool = True
    exclude_not_visible: bool = True
    max_per_style: int = 0
    promoted_filter: str = "promoted"
    promoted_share: float = 0.0

    @classmethod
    def from_settings(cls) -> StoreRules:
        raw = dict(getattr(settings, "RECOMMENDATIONS_RULES", {}) or {})
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def promoted_slots(self, n: int) -> list[int]:
        """0-based carousel positions given to promoted items, spread over the carousel:
        k = max(1, round(share * n)) slots at floor((j + 1/2) * n / k), j = 0..k-1."""
        if self.promoted_share <= 0 or n <= 0:
            return []
        k = min(n, max(1, round(self.promoted_share * n)))
        return sorted({int((j + 0.5) * n / k) for j in range(k)})


def product_allowed(product: Product, rules: StoreRules) -> bool:
    """Rule 1: may this product appear in a carousel at all?"""
    if rules.exclude_not_visible and not product.is_visible:
        return False
    return not (rules.exclude_out_of_stock and product.current_stock <= 0)


T = TypeVar("T")


def diversify(
    items: Sequence[T],
    *,
    styles: Sequence[str],
    max_per_style: int,
    taken: Sequence[str] = (),
) -> list[T]:
    """Rule 2: keep items in order, skipping any whose style already has `max_per_style`
    items (0 = no limit), counting the styles in `taken` (items already placed, such as the
    promoted ones) as well. Items without a style are never capped."""
    if max_per_style <= 0:
        return list(items)
    counts: dict[str, int] = {}
    for style in taken:
        if style:
            counts[style] = counts.get(style, 0) + 1
    out: list[T] = []
    for item, style in zip(items, styles, strict=True):
        if style:
            if counts.get(style, 0) >= max_per_style:
                continue
            counts[style] = counts.get(style, 0) + 1
        out.append(item)
    return out


def place_promoted(items: Sequence[T], promoted: Sequence[T], *, slots: Sequence[int]) -> list[T]:
    """Rule 3: put promoted items at `slots` (0-based), the others in order around them.
    Slots beyond the end become appends; unused slots are simply not filled."""
    out = list(items)
    for slot, item in zip(slots, promoted, strict=False):
        out.insert(min(slot, len(out)), item)
    return out
