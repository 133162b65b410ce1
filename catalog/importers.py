"""Read Retail Demo Store and Amazon Personalize files into the records of `catalog.records`.

Parsing only: nothing here touches the database. `catalog.services.catalog_import_files` feeds
these generators to the bulk writer `catalog.services.catalog_upsert`.

Two layouts are understood, and a folder may hold both:

- Retail Demo Store: `categories.yaml`, `products.yaml`, `users.json.gz`, `cstore_users.json.gz`
  (`.json` uncompressed too).
- Amazon Personalize: `items.csv`, `users.csv`, `interactions.csv` (each may be `.csv.gz`),
  directly in the folder or in its `personalize/` subfolder.

The YAML/JSON files are richer, so they are the source for products and shoppers; the CSVs add only
the ids those files lack, and the interactions. A malformed value raises `ImportDataError` naming
the file, the line (CSV) or record number (YAML/JSON list entries, counted from 1) and the field.
"""

from __future__ import annotations

import csv
import gzip
import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, TypeVar

import yaml

from catalog.records import CategoryRecord, InteractionRecord, ProductRecord, ShopperRecord

# Text that means "no value": Personalize exports write `nan` where pandas had none.
MISSING_TEXT = frozenset({"", "nan", "none", "null"})
WHERE_VISIBLE_VALUES = ("UI", "Alexa")
GENDER_VALUES = ("M", "F")
# Latest second `datetime` can represent (9999-12-31 23:59:59 UTC).
MAX_TIMESTAMP = 253_402_300_799

# Column limits of catalog.models, checked here so PostgreSQL never sees an over-long value.
MAX_ID = 64
MAX_CATEGORY_NAME = 100
MAX_PRODUCT_NAME = 255
MAX_SHOPPER_NAME = 200
MAX_STYLE = 100
MAX_IMAGE = 200
MAX_PERSONA = 255
MAX_DISCOUNT_PERSONA = 100
MAX_EVENT_TYPE = 32

_YamlLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

T = TypeVar("T")


class ImportDataError(ValueError):
    """A file that cannot be imported, located as precisely as the format allows.

    `line` is a 1-based physical line (CSV, or YAML syntax errors); `record` is the 1-based
    position of an entry in a YAML/JSON list. `field` names the offending field or column.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str,
        line: int | None = None,
        record: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.path = Path(path)
        self.line = line
        self.record = record
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f" line {self.line}"
        if self.record is not None:
            where += f" record {self.record}"
        if self.field:
            where += f", field {self.field}"
        return f"{where}: {self.message}"


class _FieldError(ValueError):
    """A bad value, before the reader adds where it was found."""


@dataclass(slots=True)
class SourcePosition:
    """Where a reader currently is; readers update it before yielding each record."""

    path: Path | None = None
    line: int | None = None
    record: int | None = None

    def error(self, message: str, *, field: str | None = None) -> ImportDataError:
        return ImportDataError(
            message, path=self.path or "<unknown>", line=self.line, record=self.record, field=field
        )


# --- value parsing -----------------------------------------------------------------------------


def is_missing(value: object) -> bool:
    """True for None, NaN and the texts '', 'nan', 'NaN', 'None', 'null' (any case, trimmed)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return value.strip().casefold() in MISSING_TEXT
    return False


def _text(value: object, *, max_length: int | None = None, required: bool = False) -> str:
    if is_missing(value):
        if required:
            raise _FieldError("is required")
        return ""
    if isinstance(value, dict | list):
        raise _FieldError(f"{value!r} is not a text value")
    text = str(value).strip()
    if max_length is not None and len(text) > max_length:
        raise _FieldError(f"{text[:40]!r}... is longer than {max_length} characters")
    return text


def _product_id(value: object) -> str:
    """A product id: required text of at most MAX_ID characters, usable in a URL path segment
    (no '/', no control characters), since every product has a page at /product/<id>/."""
    text = _text(value, max_length=MAX_ID, required=True)
    if "/" in text or any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise _FieldError(f"{text!r} must not contain '/' or control characters")
    return text


def _decimal(value: object, *, required: bool = False) -> Decimal | None:
    if is_missing(value):
        if required:
            raise _FieldError("is required")
        return None
    if isinstance(value, bool):
        raise _FieldError(f"{value!r} is not a number")
    try:
        # str() first: YAML gives floats, and Decimal(129.99) would carry binary noise.
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise _FieldError(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise _FieldError(f"{value!r} is not a finite number")
    if number < 0:
        raise _FieldError(f"{value!r} is negative")
    price = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if price >= Decimal("100000000"):
        raise _FieldError(f"{value!r} is too large (at most 99999999.99)")
    return price


MAX_INT32 = 2**31 - 1  # integer columns (stock, age) on PostgreSQL


def _int(
    value: object, *, required: bool = False, minimum: int = 0, maximum: int = MAX_INT32
) -> int | None:
    if is_missing(value):
        if required:
            raise _FieldError("is required")
        return None
    if isinstance(value, bool):
        raise _FieldError(f"{value!r} is not a whole number")
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        try:
            number = int(text)
        except ValueError:
            # Pandas writes whole numbers of a float column as "31.0".
            try:
                as_float = float(text)
            except ValueError:
                raise _FieldError(f"{value!r} is not a whole number") from None
            if not as_float.is_integer():
                raise _FieldError(f"{value!r} is not a whole number") from None
            number = int(as_float)
    if number < minimum:
        raise _FieldError(f"{value!r} is below {minimum}")
    if number > maximum:
        raise _FieldError(f"{value!r} is above {maximum}")
    return number


_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})


def _bool(value: object) -> bool | None:
    if is_missing(value):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _FieldError(f"{value!r} is not a yes/no value (true/false, yes/no, 1/0)")


def _gender(value: object) -> str:
    """'M', 'F', or '' for missing and Personalize's 'Any'."""
    if is_missing(value):
        return ""
    text = str(value).strip()
    if text.casefold() == "any":
        return ""
    if text.upper() in GENDER_VALUES:
        return text.upper()
    raise _FieldError(f"{value!r} is not one of M, F, Any")


def _where_visible(value: object) -> str:
    if is_missing(value):
        return "UI"
    text = str(value).strip()
    for allowed in WHERE_VISIBLE_VALUES:
        if text.casefold() == allowed.casefold():
            return allowed
    raise _FieldError(f"{value!r} is not one of {', '.join(WHERE_VISIBLE_VALUES)}")


def _timestamp(value: object) -> int:
    seconds = _int(value, required=True, maximum=2**63 - 1)
    assert seconds is not None
    if seconds > MAX_TIMESTAMP:
        raise _FieldError(f"{value!r} is not a timestamp in unix seconds")
    return seconds


def _shopper_name(*, shopper_id: str) -> str:
    return f"Shopper {shopper_id}"


# --- files -------------------------------------------------------------------------------------


def _open_text(path: Path) -> IO[str]:
    # utf-8-sig drops a byte-order mark that spreadsheet tools like to add.
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _yaml_entry_lines(path: Path) -> list[int]:
    """The 1-based line on which each entry of a top-level YAML list starts (for messages)."""
    with _open_text(path) as handle:
        node = yaml.compose(handle, Loader=_YamlLoader)
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [child.start_mark.line + 1 for child in node.value]


def _load_list(path: Path, *, kind: str) -> list[Any]:
    """A YAML or JSON file whose top level is a list of mappings."""
    try:
        with _open_text(path) as handle:
            # _YamlLoader is CSafeLoader (libyaml) or SafeLoader: never the unsafe full loader.
            data = yaml.load(handle, Loader=_YamlLoader) if kind == "yaml" else json.load(handle)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ImportDataError(f"invalid YAML ({exc})", path=path, line=line) from None
    except json.JSONDecodeError as exc:
        raise ImportDataError(f"invalid JSON ({exc.msg})", path=path, line=exc.lineno) from None
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise ImportDataError(f"cannot be read ({exc})", path=path) from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise ImportDataError("the top level must be a list of records", path=path)
    return data


def _read_list(
    path: Path,
    *,
    kind: str,
    parse: Callable[[dict[str, Any]], T],
    position: SourcePosition | None,
) -> Iterator[T]:
    position = position or SourcePosition()
    position.path, position.line = path, None
    entries = _load_list(path, kind=kind)
    lines: list[int] = []
    for number, entry in enumerate(entries, start=1):
        position.record = number
        if kind == "yaml":
            # YAML errors name the line too; found only once a record is bad (a second parse).
            position.line = None
        if not isinstance(entry, dict):
            if kind == "yaml":
                lines = lines or _yaml_entry_lines(path)
                position.line = lines[number - 1] if number <= len(lines) else None
            raise position.error(f"{entry!r} is not a mapping")
        try:
            yield _parse_fields(parse, entry, position)
        except ImportDataError as exc:
            if kind != "yaml" or exc.line is not None:
                raise
            lines = lines or _yaml_entry_lines(path)
            exc.line = lines[number - 1] if number <= len(lines) else None
            exc.args = (str(exc),)
            raise


def _parse_fields(parse: Callable[[T], Any], row: T, position: SourcePosition) -> Any:
    """Run `parse`, turning a `_FieldError` raised under `_at(field)` into an ImportDataError."""
    try:
        return parse(row)
    except _LocatedFieldError as exc:
        raise position.error(str(exc.__cause__), field=exc.field) from None


class _LocatedFieldError(Exception):
    def __init__(self, field: str) -> None:
        self.field = field


def _at(name: str, parse: Callable[..., T], value: object, **kwargs: Any) -> T:
    try:
        return parse(value, **kwargs)
    except _FieldError as exc:
        raise _LocatedFieldError(name) from exc


def _csv_table(
    path: Path, *, required: Sequence[str], position: SourcePosition
) -> Iterator[list[str]]:
    """A CSV file as lists of strings: first the header's upper-cased column names (a missing
    `required` column is an error), then every non-empty row, each checked to have as many
    fields as the header. Nothing is yielded for an empty file.

    `position.line` is the file line a row ends on (the header is line 1); a file that cannot
    be read or parsed is an ImportDataError at that line.
    """
    position.path, position.record, position.line = path, None, 1
    try:
        with _open_text(path) as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                return
            names = [name.strip().upper() for name in header]
            missing = [column for column in required if column not in names]
            if missing:
                raise position.error(f"missing column(s) {', '.join(missing)}", field=missing[0])
            yield names
            width = len(names)
            for row in reader:
                position.line = reader.line_num
                if not row:
                    continue
                if len(row) != width:
                    raise position.error(f"has {len(row)} fields, the header has {width}")
                yield row
    except (OSError, UnicodeDecodeError, EOFError, csv.Error) as exc:
        raise position.error(f"cannot be read ({exc})") from None


def _csv_rows(
    path: Path,
    *,
    columns: Sequence[str],
    optional: Sequence[str] = (),
    position: SourcePosition | None,
) -> Iterator[dict[str, str]]:
    """Rows of a CSV file as {COLUMN: value}: the required `columns` and those of `optional` the
    header has. Header names are compared upper-cased."""
    table = _csv_table(path, required=columns, position=position or SourcePosition())
    names = next(table, None)
    if names is None:
        return
    wanted = [*columns, *(column for column in optional if column in names)]
    indexes = [(column, names.index(column)) for column in wanted]
    for row in table:
        yield {column: row[index] for column, index in indexes}


# --- one reader per file kind ------------------------------------------------------------------


def read_categories_yaml(
    path: Path, *, position: SourcePosition | None = None
) -> Iterator[CategoryRecord]:
    """`categories.yaml`: name, has_gender_affinity, image (its numeric `id` is not kept)."""

    def parse(entry: dict[str, Any]) -> CategoryRecord:
        return CategoryRecord(
            name=_at("name", _text, entry.get("name"), max_length=MAX_CATEGORY_NAME, required=True),
            has_gender_affinity=bool(
                _at("has_gender_affinity", _bool, entry.get("has_gender_affinity"))
            ),
            image=_at("image", _text, entry.get("image"), max_length=MAX_IMAGE),
        )

    return _read_list(path, kind="yaml", parse=parse, position=position)


def read_products_yaml(
    path: Path, *, position: SourcePosition | None = None
) -> Iterator[ProductRecord]:
    """`products.yaml`: the Retail Demo Store catalog (aliases, link and licence are dropped)."""

    def parse(entry: dict[str, Any]) -> ProductRecord:
        price = _at("price", _decimal, entry.get("price"), required=True)
        assert price is not None
        return ProductRecord(
            id=_at("id", _product_id, entry.get("id")),
            name=_at("name", _text, entry.get("name"), max_length=MAX_PRODUCT_NAME, required=True),
            category=_at(
                "category",
                _text,
                entry.get("category"),
                max_length=MAX_CATEGORY_NAME,
                required=True,
            ),
            price=price,
            style=_at("style", _text, entry.get("style"), max_length=MAX_STYLE),
            description=_at("description", _text, entry.get("description")),
            current_stock=_at("current_stock", _int, entry.get("current_stock")) or 0,
            gender_affinity=_at("gender_affinity", _gender, entry.get("gender_affinity")),
            image=_at("image", _text, entry.get("image"), max_length=MAX_IMAGE),
            promoted=bool(_at("promoted", _bool, entry.get("promoted"))),
            where_visible=_at("where_visible", _where_visible, entry.get("where_visible")),
            featured=bool(_at("featured", _bool, entry.get("featured"))),
        )

    return _read_list(path, kind="yaml", parse=parse, position=position)


def read_shoppers_json(
    path: Path, *, position: SourcePosition | None = None
) -> Iterator[ShopperRecord]:
    """`users.json(.gz)` / `cstore_users.json(.gz)`: a JSON list of Retail Demo Store users."""

    def parse(entry: dict[str, Any]) -> ShopperRecord:
        shopper_id = _at("id", _text, entry.get("id"), max_length=MAX_ID, required=True)
        name = _at("name", _text, entry.get("name"), max_length=MAX_SHOPPER_NAME)
        if not name:
            first = _at("first_name", _text, entry.get("first_name"))
            last = _at("last_name", _text, entry.get("last_name"))
            name = f"{first} {last}".strip()[:MAX_SHOPPER_NAME] or _shopper_name(
                shopper_id=shopper_id
            )
        selectable = _at("selectable_user", _bool, entry.get("selectable_user"))
        return ShopperRecord(
            id=shopper_id,
            name=name,
            age=_at("age", _int, entry.get("age")),
            gender=_at("gender", _gender, entry.get("gender")),
            persona=_at("persona", _text, entry.get("persona"), max_length=MAX_PERSONA),
            discount_persona=_at(
                "discount_persona",
                _text,
                entry.get("discount_persona"),
                max_length=MAX_DISCOUNT_PERSONA,
            ),
            selectable=True if selectable is None else selectable,
        )

    return _read_list(path, kind="json", parse=parse, position=position)


ITEMS_COLUMNS = ("ITEM_ID", "PRICE", "CATEGORY_L1", "CATEGORY_L2", "PRODUCT_NAME")
ITEMS_OPTIONAL_COLUMNS = ("PRODUCT_DESCRIPTION", "GENDER", "PROMOTED")


def read_items_csv(
    path: Path, *, position: SourcePosition | None = None
) -> Iterator[ProductRecord]:
    """Personalize `items.csv`: CATEGORY_L2 is the style, GENDER M/F/Any, PROMOTED True/nan."""
    position = position or SourcePosition()
    rows = _csv_rows(
        path, columns=ITEMS_COLUMNS, optional=ITEMS_OPTIONAL_COLUMNS, position=position
    )
    for row in rows:
        yield _parse_fields(_parse_item, row, position)


def _parse_item(row: dict[str, str]) -> ProductRecord:
    price = _at("PRICE", _decimal, row["PRICE"], required=True)
    assert price is not None
    return ProductRecord(
        id=_at("ITEM_ID", _product_id, row["ITEM_ID"]),
        name=_at(
            "PRODUCT_NAME", _text, row["PRODUCT_NAME"], max_length=MAX_PRODUCT_NAME, required=True
        ),
        category=_at(
            "CATEGORY_L1", _text, row["CATEGORY_L1"], max_length=MAX_CATEGORY_NAME, required=True
        ),
        price=price,
        style=_at("CATEGORY_L2", _text, row["CATEGORY_L2"], max_length=MAX_STYLE),
        description=_at("PRODUCT_DESCRIPTION", _text, row.get("PRODUCT_DESCRIPTION")),
        gender_affinity=_at("GENDER", _gender, row.get("GENDER")),
        promoted=bool(_at("PROMOTED", _bool, row.get("PROMOTED"))),
    )


def read_users_csv(
    path: Path, *, position: SourcePosition | None = None
) -> Iterator[ShopperRecord]:
    """Personalize `users.csv`: USER_ID, AGE, GENDER; shoppers are named "Shopper <id>"."""
    position = position or SourcePosition()
    for row in _csv_rows(path, columns=("USER_ID",), optional=("AGE", "GENDER"), position=position):
        yield _parse_fields(_parse_user, row, position)


def _parse_user(row: dict[str, str]) -> ShopperRecord:
    shopper_id = _at("USER_ID", _text, row["USER_ID"], max_length=MAX_ID, required=True)
    return ShopperRecord(
        id=shopper_id,
        name=_shopper_name(shopper_id=shopper_id),
        age=_at("AGE", _int, row.get("AGE")),
        gender=_at("GENDER", _gender, row.get("GENDER")),
    )


INTERACTIONS_COLUMNS = ("ITEM_ID", "USER_ID", "EVENT_TYPE", "TIMESTAMP")


def read_interactions_csv(
    path: Path, *, position: SourcePosition | None = None
) -> Iterator[InteractionRecord]:
    """Personalize `interactions.csv(.gz)`: ITEM_ID, USER_ID, EVENT_TYPE, TIMESTAMP (unix
    seconds), optional DISCOUNT (Yes/No) and EVENT_VALUE.

    The hot loop of an import (675k rows for the reference data): plain code, no per-field
    helpers on the common path.
    """
    position = position or SourcePosition()
    table = _csv_table(path, required=INTERACTIONS_COLUMNS, position=position)
    names = next(table, None)
    if names is None:
        return
    i_item, i_user, i_event, i_time = (names.index(c) for c in INTERACTIONS_COLUMNS)
    i_discount = names.index("DISCOUNT") if "DISCOUNT" in names else None
    i_value = names.index("EVENT_VALUE") if "EVENT_VALUE" in names else None
    for row in table:
        yield _parse_fields(
            _parse_interaction,
            (row, i_item, i_user, i_event, i_time, i_discount, i_value),
            position,
        )


_DISCOUNT = {"Yes": True, "No": False}


def _parse_interaction(
    args: tuple[list[str], int, int, int, int, int | None, int | None],
) -> InteractionRecord:
    row, i_item, i_user, i_event, i_time, i_discount, i_value = args
    item, user, event, stamp = row[i_item], row[i_user], row[i_event], row[i_time]
    # Fast path for the well-formed common case; anything unusual goes through the checkers.
    if not (item and len(item) <= MAX_ID and item.strip() == item):
        item = _at("ITEM_ID", _text, item, max_length=MAX_ID, required=True)
    if not (user and len(user) <= MAX_ID and user.strip() == user):
        user = _at("USER_ID", _text, user, max_length=MAX_ID, required=True)
    if not (event and len(event) <= MAX_EVENT_TYPE and event.strip() == event):
        event = _at("EVENT_TYPE", _text, event, max_length=MAX_EVENT_TYPE, required=True)
    seconds = int(stamp) if stamp.isdigit() else _at("TIMESTAMP", _timestamp, stamp)
    if seconds > MAX_TIMESTAMP:
        seconds = _at("TIMESTAMP", _timestamp, stamp)
    discount: bool | None = None
    if i_discount is not None:
        raw = row[i_discount]
        discount = _DISCOUNT[raw] if raw in _DISCOUNT else _at("DISCOUNT", _bool, raw)
    value: float | None = None
    if i_value is not None:
        value = _at("EVENT_VALUE", _float, row[i_value])
    return InteractionRecord(
        shopper_id=user,
        product_id=item,
        event_type=event,
        timestamp=seconds,
        discount=discount,
        value=value,
    )


def _float(value: object) -> float | None:
    if is_missing(value):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        raise _FieldError(f"{value!r} is not a number") from None
    if not math.isfinite(number):
        raise _FieldError(f"{value!r} is not a finite number")
    return number


def count_data_rows(path: Path) -> int:
    """Lines after the header, for a progress bar's total (quoted newlines make it an estimate).

    A truncated or non-gzip `.gz` file is an ImportDataError naming the file."""
    lines = 0
    last = b"\n"
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except (OSError, EOFError) as exc:
        raise ImportDataError(f"cannot be read: {exc}", path=path, line=lines + 1) from None
    if last != b"\n":
        lines += 1
    return max(lines - 1, 0)


# --- finding files -----------------------------------------------------------------------------

_KINDS: dict[str, tuple[str, ...]] = {
    "categories_yaml": ("categories.yaml", "categories.yml"),
    "products_yaml": ("products.yaml", "products.yml"),
    "shoppers_json": (
        "users.json",
        "users.json.gz",
        "cstore_users.json",
        "cstore_users.json.gz",
    ),
    "items_csv": ("items.csv", "items.csv.gz"),
    "users_csv": ("users.csv", "users.csv.gz"),
    "interactions_csv": ("interactions.csv", "interactions.csv.gz"),
}
_KIND_OF_NAME = {name: kind for kind, names in _KINDS.items() for name in names}
PERSONALIZE_SUBFOLDER = "personalize"


@dataclass
class ImportSources:
    """The files to import, by kind, and the readers that apply the layouts' precedence.

    Each reader method is a generator; `position` tells where the latest record came from, so
    an error found while writing it can still name its file and line.
    """

    categories_yaml: list[Path] = field(default_factory=list)
    products_yaml: list[Path] = field(default_factory=list)
    shoppers_json: list[Path] = field(default_factory=list)
    items_csv: list[Path] = field(default_factory=list)
    users_csv: list[Path] = field(default_factory=list)
    interactions_csv: list[Path] = field(default_factory=list)
    position: SourcePosition = field(default_factory=SourcePosition)

    @property
    def files(self) -> list[Path]:
        return [
            *self.categories_yaml,
            *self.products_yaml,
            *self.shoppers_json,
            *self.items_csv,
            *self.users_csv,
            *self.interactions_csv,
        ]

    def add(self, path: Path) -> bool:
        """File `path` under its kind; False when its name is not one we import."""
        kind = _KIND_OF_NAME.get(path.name.lower())
        if kind is None:
            return False
        paths: list[Path] = getattr(self, kind)
        if path not in paths:
            paths.append(path)
        return True

    def categories(self) -> Iterator[CategoryRecord]:
        for path in self.categories_yaml:
            yield from read_categories_yaml(path, position=self.position)

    def products(self) -> Iterator[ProductRecord]:
        """products.yaml entries, then items.csv rows for ids no products.yaml holds."""
        yield from self._rich_then_plain(
            rich=[read_products_yaml(p, position=self.position) for p in self.products_yaml],
            plain=[read_items_csv(p, position=self.position) for p in self.items_csv],
        )

    def shoppers(self) -> Iterator[ShopperRecord]:
        """users.json entries, then users.csv rows for ids no users.json holds."""
        yield from self._rich_then_plain(
            rich=[read_shoppers_json(p, position=self.position) for p in self.shoppers_json],
            plain=[read_users_csv(p, position=self.position) for p in self.users_csv],
        )

    def interactions(self) -> Iterator[InteractionRecord]:
        for path in self.interactions_csv:
            yield from read_interactions_csv(path, position=self.position)

    def count_interactions(self) -> int:
        return sum(count_data_rows(path) for path in self.interactions_csv)

    @staticmethod
    def _rich_then_plain(
        *,
        rich: Iterable[Iterator[ProductRecord | ShopperRecord]],
        plain: Iterable[Iterator[ProductRecord | ShopperRecord]],
    ) -> Iterator[Any]:
        seen: set[str] = set()
        for records in rich:
            for record in records:
                seen.add(record.id)
                yield record
        for records in plain:
            for record in records:
                if record.id not in seen:
                    yield record


def find_sources(*, paths: Sequence[Path | str]) -> ImportSources:
    """Classify files, and the known files inside folders (and their `personalize/`)."""
    sources = ImportSources()
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            if not sources.add(path):
                known = ", ".join(sorted(_KIND_OF_NAME))
                raise ImportDataError(f"is not a file we import (known names: {known})", path=path)
        elif path.is_dir():
            found = False
            for folder in (path, path / PERSONALIZE_SUBFOLDER):
                if folder.is_dir():
                    for child in sorted(folder.iterdir()):
                        if child.is_file():
                            found = sources.add(child) or found
            if not found:
                raise ImportDataError(
                    "holds no Retail Demo Store or Personalize files "
                    "(products.yaml, users.json.gz, items.csv, interactions.csv, ...)",
                    path=path,
                )
        else:
            raise ImportDataError("does not exist", path=path)
    return sources
