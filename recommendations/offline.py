"""Read a data folder (or the bundled simulator) straight into the engine's tables.

No database: offline evaluation, tuning and benchmarks read the Retail Demo Store / Personalize
files with the same parsers `import_data` uses, and build the plain columns `engine.train` takes.
Products that `import_data` would hide from the web UI are kept: the model is trained on the whole
catalog, and the page filters visibility afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from catalog.importers import find_sources
from catalog.records import InteractionRecord, ProductRecord, ShopperRecord
from recommendations.engine.dataset import InteractionTable, ItemTable


def tables_from_records(
    *,
    products: Iterable[ProductRecord],
    interactions: Iterable[InteractionRecord],
    shoppers: Iterable[ShopperRecord] = (),
) -> tuple[ItemTable, InteractionTable]:
    """Items in catalog order and interactions in file order (the order ties keep); the
    shoppers' known genders go with the interactions."""
    rows = list(products)
    items = ItemTable(
        ids=[p.id for p in rows],
        names=[p.name for p in rows],
        descriptions=[p.description for p in rows],
        categories=[p.category for p in rows],
        styles=[p.style for p in rows],
        genders=[p.gender_affinity for p in rows],
    )
    users: list[str] = []
    item_ids: list[str] = []
    types: list[str] = []
    stamps: list[int] = []
    for r in interactions:
        users.append(r.shopper_id)
        item_ids.append(r.product_id)
        types.append(r.event_type)
        stamps.append(r.timestamp)
    genders = {s.id: s.gender for s in shoppers if s.gender in ("M", "F")}
    table = InteractionTable(
        users, item_ids, types, np.asarray(stamps, dtype=np.int64), user_genders=genders
    )
    return items, table


def tables_from_directory(path: Path | str) -> tuple[ItemTable, InteractionTable]:
    """The catalog and interactions found in `path` (see `catalog.importers.find_sources`)."""
    sources = find_sources(paths=[path])
    if not sources.interactions_csv:
        raise ValueError(f"{path} holds no interactions.csv(.gz): nothing to evaluate")
    return tables_from_records(
        products=sources.products(),
        interactions=sources.interactions(),
        shoppers=sources.shoppers(),
    )


def tables_from_demo(*, seed: int = 1) -> tuple[ItemTable, InteractionTable]:
    """The bundled simulator's data for `seed` (what `load_demo` writes)."""
    from catalog.demo import build_demo_dataset

    data = build_demo_dataset(seed=seed)
    return tables_from_records(
        products=data.products, interactions=data.interactions, shoppers=data.shoppers
    )
