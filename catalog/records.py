"""Plain records that importers and the demo generator produce and `catalog.services` writes.

Keeping parsing (files -> records) apart from writing (records -> database) lets both the
Retail Demo Store / Personalize importers and the bundled simulator share one bulk writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class CategoryRecord:
    name: str
    has_gender_affinity: bool = False
    image: str = ""


@dataclass(frozen=True, slots=True)
class ProductRecord:
    id: str
    name: str
    category: str  # category name, created when missing
    price: Decimal
    style: str = ""
    description: str = ""
    current_stock: int = 0
    gender_affinity: str = ""  # "M", "F" or "" (no affinity)
    image: str = ""
    promoted: bool = False
    where_visible: str = "UI"
    featured: bool = False


@dataclass(frozen=True, slots=True)
class ShopperRecord:
    id: str
    name: str
    age: int | None = None
    gender: str = ""
    persona: str = ""
    discount_persona: str = ""
    selectable: bool = True


@dataclass(frozen=True, slots=True)
class InteractionRecord:
    shopper_id: str
    product_id: str
    event_type: str
    timestamp: int  # unix seconds, UTC
    discount: bool | None = None
    value: float | None = None
