"""The bundled, self-made demo data: a seeded catalog, shoppers and interaction history.

Pure Python (no Django): `build_demo_dataset` returns the record dataclasses of
`catalog.records`, which `python manage.py load_demo` writes through `catalog.services`.
The same seed always gives byte-identical records.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from catalog.demo.interactions import simulate_interactions
from catalog.demo.products import category_records, product_records
from catalog.demo.shoppers import shopper_records
from catalog.records import CategoryRecord, InteractionRecord, ProductRecord, ShopperRecord

DEFAULT_SEED = 1
DEFAULT_SHOPPER_COUNT = 300

__all__ = ["DEFAULT_SEED", "DEFAULT_SHOPPER_COUNT", "DemoDataset", "build_demo_dataset"]


@dataclass(frozen=True, slots=True)
class DemoDataset:
    categories: tuple[CategoryRecord, ...]
    products: tuple[ProductRecord, ...]
    shoppers: tuple[ShopperRecord, ...]
    interactions: tuple[InteractionRecord, ...]


def build_demo_dataset(
    *, seed: int = DEFAULT_SEED, shopper_count: int = DEFAULT_SHOPPER_COUNT
) -> DemoDataset:
    """Generate the demo data for `seed`.

    Catalog, shoppers and interactions draw from separate random streams, so asking for more
    shoppers leaves the catalog (and its product ids) unchanged.
    """
    if shopper_count < 0:
        raise ValueError(f"shopper_count must be 0 or more, got {shopper_count}")
    products = product_records(random.Random(f"demo-products:{seed}"))
    shoppers = shopper_records(random.Random(f"demo-shoppers:{seed}"), count=shopper_count)
    interactions = simulate_interactions(seed=seed, shoppers=shoppers, products=products)
    return DemoDataset(
        categories=tuple(category_records()),
        products=tuple(products),
        shoppers=tuple(shoppers),
        interactions=tuple(interactions),
    )
