"""Write-side functions for the catalog (HackSoft style: services write, selectors read).

`catalog_upsert` is the one bulk writer: the file importer (`import_data`) and the bundled demo
generator both hand it iterables of `catalog.records` and it upserts them in one transaction.
It writes with `INSERT ... VALUES (...), (...) ON CONFLICT (...) DO UPDATE`, which
SQLite (3.24+) and PostgreSQL both understand, with many rows per statement: far faster than
`bulk_create` or a per-row `update_or_create` for the 675k interactions of the reference data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from catalog.importers import ImportSources
from catalog.models import Category, Interaction, Product, Shopper
from catalog.records import CategoryRecord, InteractionRecord, ProductRecord, ShopperRecord

# progress(kind, rows_done): called every PROGRESS_EVERY interactions and once per finished kind.
ProgressCallback = Callable[[str, int], None]

BATCH_SIZE = 5_000
ROWS_PER_STATEMENT = 500
SQLITE_IMPORT_CACHE_KIB = 256 * 1024
PROGRESS_EVERY = 50_000

T = TypeVar("T")


@dataclass(slots=True)
class UpsertCounts:
    created: int = 0
    updated: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated


@dataclass(slots=True)
class ImportSummary:
    """Rows created and updated per kind. A record met twice in one call counts as an update."""

    categories: UpsertCounts = field(default_factory=UpsertCounts)
    products: UpsertCounts = field(default_factory=UpsertCounts)
    shoppers: UpsertCounts = field(default_factory=UpsertCounts)
    interactions: UpsertCounts = field(default_factory=UpsertCounts)

    def __str__(self) -> str:
        return "; ".join(
            f"{kind}: {counts.created:,} created, {counts.updated:,} updated"
            for kind, counts in (
                ("categories", self.categories),
                ("products", self.products),
                ("shoppers", self.shoppers),
                ("interactions", self.interactions),
            )
        )


class UnknownProductError(ValueError):
    """An interaction names a product that is neither in the records given nor in the database."""

    def __init__(self, *, product_id: str) -> None:
        self.product_id = product_id
        super().__init__(
            f"unknown product {product_id!r}: import the products (products.yaml or items.csv) "
            "before, or together with, the interactions"
        )


def catalog_upsert(
    *,
    categories: Iterable[CategoryRecord] = (),
    products: Iterable[ProductRecord] = (),
    shoppers: Iterable[ShopperRecord] = (),
    interactions: Iterable[InteractionRecord] = (),
    progress: ProgressCallback | None = None,
    interaction_source: str = Interaction.SOURCE_IMPORT,
) -> ImportSummary:
    """Create or update categories, products, shoppers and interactions, in that order, in one
    transaction: any exception raised while the iterables are consumed rolls everything back.

    - Categories are matched by name; slugs are `slugify(name)` (made unique when two names
      slugify alike). A product's category is created when missing.
    - Products and shoppers are matched by id; every field is overwritten.
    - Interactions are matched by (shopper, product, event type, timestamp); an update rewrites
      discount and value and keeps the row's source. A shopper id not known yet gets a minimal
      Shopper ("Shopper <id>", not selectable); an unknown product id raises
      `UnknownProductError` at that record (nothing is written).

    Iterables are consumed lazily, so generators over large files keep memory small.
    """
    summary = ImportSummary()
    with transaction.atomic(), _sqlite_cache(kib=SQLITE_IMPORT_CACHE_KIB):
        category_ids = _category_upsert_all(records=categories, counts=summary.categories)
        _product_upsert_all(
            records=products,
            category_ids=category_ids,
            summary=summary,
        )
        if progress:
            progress("products", summary.products.total)
        _shopper_upsert_all(records=shoppers, counts=summary.shoppers)
        if progress:
            progress("shoppers", summary.shoppers.total)
        _interaction_upsert_all(
            records=interactions,
            summary=summary,
            source=interaction_source,
            progress=progress,
        )
    return summary


def catalog_import(
    *, sources: ImportSources, progress: ProgressCallback | None = None
) -> ImportSummary:
    """Import files found by `catalog.importers.find_sources`, all or nothing.

    Raises `catalog.importers.ImportDataError` (a ValueError) naming file, line or record and
    field, for malformed values and for interactions whose product is unknown.
    """
    try:
        return catalog_upsert(
            categories=sources.categories(),
            products=sources.products(),
            shoppers=sources.shoppers(),
            interactions=sources.interactions(),
            progress=progress,
        )
    except UnknownProductError as exc:
        # Records are checked as they are pulled, so the reader still points at the bad one.
        raise sources.position.error(str(exc), field="ITEM_ID") from None


# --- SQL ---------------------------------------------------------------------------------------


class _Upsert:
    """`INSERT ... VALUES (...), (...) ON CONFLICT (key) DO UPDATE SET c = excluded.c` (or DO
    NOTHING), for rows whose first columns are the conflict key.

    A few hundred rows per statement (re-importing the reference data on SQLite: 7 s, against
    10 s with `executemany`). PostgreSQL refuses to update one row twice in a statement, so
    each batch keeps the last row per key.
    """

    def __init__(
        self,
        *,
        model: type[models.Model],
        columns: Sequence[str],
        conflict: Sequence[str],
        update: Sequence[str] = (),
        touch: str | None = None,
    ) -> None:
        """`touch`: a timestamp column among `update` that changes only when another updated
        column does (so `updated_at` tells edited products from merely re-imported ones)."""
        if list(columns[: len(conflict)]) != list(conflict):
            raise ValueError("the conflict columns must come first in `columns`")
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        self.key_length = len(conflict)
        self.row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
        self.head = (
            f"INSERT INTO {quote(model._meta.db_table)} "
            f"({', '.join(quote(c) for c in columns)}) VALUES "
        )
        compared = [c for c in update if c != touch]
        changed = " OR ".join(
            f"{table}.{quote(c)} IS DISTINCT FROM excluded.{quote(c)}" for c in compared
        )
        assignments = [
            f"{quote(c)} = CASE WHEN {changed or 'TRUE'} THEN excluded.{quote(c)} "
            f"ELSE {table}.{quote(c)} END"
            if c == touch
            else f"{quote(c)} = excluded.{quote(c)}"
            for c in update
        ]
        action = "DO UPDATE SET " + ", ".join(assignments) if update else "DO NOTHING"
        self.tail = f" ON CONFLICT ({', '.join(quote(c) for c in conflict)}) {action}"
        # Stay under the backend's bound-parameter limit (SQLite's is the tightest).
        max_params = connection.features.max_query_params or 10_000
        self.rows_per_statement = max(1, min(ROWS_PER_STATEMENT, max_params // len(columns)))

    def execute(self, rows: Iterable[tuple[Any, ...]]) -> None:
        k = self.key_length
        unique = list({row[:k]: row for row in rows}.values())
        if not unique:
            return
        step = self.rows_per_statement
        full_sql = self._sql(step)
        with connection.cursor() as cursor:
            for start in range(0, len(unique), step):
                chunk = unique[start : start + step]
                sql = full_sql if len(chunk) == step else self._sql(len(chunk))
                cursor.execute(sql, [value for row in chunk for value in row])

    def _sql(self, n_rows: int) -> str:
        return self.head + ", ".join([self.row_sql] * n_rows) + self.tail


@contextmanager
def _sqlite_cache(*, kib: int) -> Iterator[None]:
    """Let SQLite keep up to `kib` KiB of pages in memory while importing.

    The interaction table has six indexes filled in random key order; with the default 2 MiB
    page cache SQLite spills and rereads pages constantly (a fresh import of the reference data
    took 22 s instead of 15 s). The previous size is restored afterwards.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _batches(items: Iterable[T], *, size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


# --- categories --------------------------------------------------------------------------------


def _unique_slug(*, name: str, taken: set[str]) -> str:
    base = slugify(name)[:110] or "category"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _category_upsert_all(
    *, records: Iterable[CategoryRecord], counts: UpsertCounts
) -> dict[str, int]:
    """Upsert categories by name (a few dozen rows: the ORM is fast enough); returns name -> id."""
    existing = {c.name: c for c in Category.objects.all()}
    taken = {c.slug for c in existing.values()}
    for record in records:
        category = existing.get(record.name)
        if category is None:
            category = Category.objects.create(
                name=record.name,
                slug=_unique_slug(name=record.name, taken=taken),
                has_gender_affinity=record.has_gender_affinity,
                image=record.image,
            )
            existing[record.name] = category
            counts.created += 1
        else:
            if (category.has_gender_affinity, category.image) != (
                record.has_gender_affinity,
                record.image,
            ):
                category.has_gender_affinity = record.has_gender_affinity
                category.image = record.image
                category.save(update_fields=["has_gender_affinity", "image"])
            counts.updated += 1
    return {name: category.pk for name, category in existing.items()}


def _category_id(*, name: str, category_ids: dict[str, int], counts: UpsertCounts) -> int:
    """The id of category `name`, created with defaults when no categories file named it."""
    category_id = category_ids.get(name)
    if category_id is None:
        taken = set(Category.objects.values_list("slug", flat=True))
        category_id = Category.objects.create(
            name=name, slug=_unique_slug(name=name, taken=taken)
        ).pk
        category_ids[name] = category_id
        counts.created += 1
    return category_id


# --- products and shoppers ---------------------------------------------------------------------

_PRODUCT_FIELDS = (
    "id",
    "name",
    "category",
    "style",
    "description",
    "price",
    "current_stock",
    "gender_affinity",
    "image",
    "promoted",
    "where_visible",
    "featured",
    "updated_at",
)
_SHOPPER_FIELDS = (
    "id",
    "name",
    "age",
    "gender",
    "persona",
    "discount_persona",
    "selectable",
)


def _columns(model: type[models.Model], names: Sequence[str]) -> list[str]:
    return [str(model._meta.get_field(name).column) for name in names]  # type: ignore[union-attr]


def _prep(
    model: type[models.Model], names: Sequence[str], values: Sequence[Any]
) -> tuple[Any, ...]:
    """Values as the database wants them (decimals, datetimes), through each field's adapter."""
    fields = [model._meta.get_field(name) for name in names]
    return tuple(
        f.get_db_prep_save(v, connection)  # type: ignore[union-attr]
        for f, v in zip(fields, values, strict=True)
    )


def _product_upsert_all(
    *,
    records: Iterable[ProductRecord],
    category_ids: dict[str, int],
    summary: ImportSummary,
) -> None:
    columns = _columns(Product, _PRODUCT_FIELDS)
    upsert = _Upsert(
        model=Product,
        columns=columns,
        conflict=columns[:1],
        update=columns[1:],
        touch=_columns(Product, ["updated_at"])[0],
    )
    existing = set(Product.objects.values_list("id", flat=True))
    now = timezone.now()
    for batch in _batches(records, size=BATCH_SIZE):
        rows = []
        for r in batch:
            category_id = _category_id(
                name=r.category, category_ids=category_ids, counts=summary.categories
            )
            values = (
                r.id,
                r.name,
                category_id,
                r.style,
                r.description,
                r.price,
                r.current_stock,
                r.gender_affinity,
                r.image,
                r.promoted,
                r.where_visible,
                r.featured,
                now,
            )
            rows.append(_prep(Product, _PRODUCT_FIELDS, values))
            _count(summary.products, key=r.id, existing=existing)
        upsert.execute(rows)


def _shopper_upsert_all(*, records: Iterable[ShopperRecord], counts: UpsertCounts) -> None:
    columns = _columns(Shopper, _SHOPPER_FIELDS)
    upsert = _Upsert(model=Shopper, columns=columns, conflict=columns[:1], update=columns[1:])
    existing = set(Shopper.objects.values_list("id", flat=True))
    for batch in _batches(records, size=BATCH_SIZE):
        rows = []
        for r in batch:
            rows.append(
                (r.id, r.name, r.age, r.gender, r.persona, r.discount_persona, r.selectable)
            )
            _count(counts, key=r.id, existing=existing)
        upsert.execute(rows)


def _count(counts: UpsertCounts, *, key: str, existing: set[str]) -> None:
    if key in existing:
        counts.updated += 1
    else:
        existing.add(key)
        counts.created += 1


# --- interactions ------------------------------------------------------------------------------

_INTERACTION_COLUMNS = (
    "shopper_id",
    "product_id",
    "event_type",
    "timestamp",
    "discount",
    "value",
    "session_id",
    "source",
)
_INTERACTION_IDENTITY = ("shopper_id", "product_id", "event_type", "timestamp")


def _interaction_upsert_all(
    *,
    records: Iterable[InteractionRecord],
    summary: ImportSummary,
    source: str,
    progress: ProgressCallback | None,
) -> None:
    upsert = _Upsert(
        model=Interaction,
        columns=_INTERACTION_COLUMNS,
        conflict=_INTERACTION_IDENTITY,
        update=("discount", "value"),
    )
    # Every column is listed: Django's field defaults are not database defaults.
    shopper_insert = _Upsert(
        model=Shopper, columns=_columns(Shopper, _SHOPPER_FIELDS), conflict=["id"]
    )
    known_products = set(Product.objects.values_list("id", flat=True))
    known_shoppers = set(Shopper.objects.values_list("id", flat=True))
    before = Interaction.objects.count()
    adapt_datetime = connection.ops.adapt_datetimefield_value
    done = 0
    next_report = PROGRESS_EVERY

    def rows_of(records: Iterable[InteractionRecord]) -> Iterator[tuple[Any, ...]]:
        # Checked as each record is pulled, so the caller's reader still points at a bad one.
        for r in records:
            if r.product_id not in known_products:
                raise UnknownProductError(product_id=r.product_id)
            yield (
                r.shopper_id,
                r.product_id,
                r.event_type,
                adapt_datetime(datetime.fromtimestamp(r.timestamp, tz=UTC)),
                r.discount,
                r.value,
                "",
                source,
            )

    for batch in _batches(rows_of(records), size=BATCH_SIZE):
        new_shoppers = {row[0] for row in batch} - known_shoppers
        if new_shoppers:
            shopper_insert.execute(
                (s, f"Shopper {s}", None, "", "", "", False) for s in sorted(new_shoppers)
            )
            known_shoppers |= new_shoppers
            summary.shoppers.created += len(new_shoppers)
        upsert.execute(batch)
        done += len(batch)
        if progress and done >= next_report:
            progress("interactions", done)
            next_report = (done // PROGRESS_EVERY + 1) * PROGRESS_EVERY
    # Interactions are too many to look up one by one: the row count tells created from updated.
    created = Interaction.objects.count() - before
    summary.interactions.created += created
    summary.interactions.updated += done - created
    if progress:
        progress("interactions", done)
