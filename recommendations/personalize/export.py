"""The store's data in the form Amazon Personalize imports: three CSV files and their Avro
schemas.

- ``items.csv``: ITEM_ID, PRICE, CATEGORY_L1 (category), CATEGORY_L2 (style),
  PRODUCT_DESCRIPTION (textual), GENDER, PROMOTED. Categorical fields are marked categorical.
  Personalize cannot filter on booleans, so PROMOTED is the string ``True`` or ``False``.
- ``users.csv``: USER_ID, AGE, GENDER.
- ``interactions.csv``: ITEM_ID, USER_ID, EVENT_TYPE, TIMESTAMP (unix seconds, long). An
  anonymous interaction's USER_ID is its session id, the id the runtime sends for anonymous
  visitors.
- ``items.schema.json``, ``users.schema.json``, ``interactions.schema.json``.
"""

from __future__ import annotations

import csv
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog.models import Interaction, Product, Shopper

NAMESPACE = "com.amazonaws.personalize.schema"

ITEMS_SCHEMA: dict[str, Any] = {
    "type": "record",
    "name": "Items",
    "namespace": NAMESPACE,
    "fields": [
        {"name": "ITEM_ID", "type": "string"},
        {"name": "PRICE", "type": "float"},
        {"name": "CATEGORY_L1", "type": "string", "categorical": True},
        {"name": "CATEGORY_L2", "type": ["null", "string"], "categorical": True},
        {"name": "PRODUCT_DESCRIPTION", "type": ["null", "string"], "textual": True},
        {"name": "GENDER", "type": ["null", "string"], "categorical": True},
        {"name": "PROMOTED", "type": "string", "categorical": True},
    ],
    "version": "1.0",
}
USERS_SCHEMA: dict[str, Any] = {
    "type": "record",
    "name": "Users",
    "namespace": NAMESPACE,
    "fields": [
        {"name": "USER_ID", "type": "string"},
        {"name": "AGE", "type": ["null", "int"]},
        {"name": "GENDER", "type": ["null", "string"], "categorical": True},
    ],
    "version": "1.0",
}
INTERACTIONS_SCHEMA: dict[str, Any] = {
    "type": "record",
    "name": "Interactions",
    "namespace": NAMESPACE,
    "fields": [
        {"name": "ITEM_ID", "type": "string"},
        {"name": "USER_ID", "type": "string"},
        {"name": "EVENT_TYPE", "type": "string"},
        {"name": "TIMESTAMP", "type": "long"},
    ],
    "version": "1.0",
}
SCHEMAS: dict[str, dict[str, Any]] = {
    "items": ITEMS_SCHEMA,
    "users": USERS_SCHEMA,
    "interactions": INTERACTIONS_SCHEMA,
}


def columns(kind: str) -> list[str]:
    return [f["name"] for f in SCHEMAS[kind]["fields"]]


@dataclass
class ExportResult:
    files: list[str]
    counts: dict[str, int]


def _write(path: Path, header: list[str], rows: Any) -> int:
    n = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            n += 1
    return n


def _items() -> Any:
    for pid, price, category, style, description, gender, promoted in (
        Product.objects.order_by("id")
        .values_list(
            "id", "price", "category__name", "style", "description", "gender_affinity", "promoted"
        )
        .iterator(chunk_size=5000)
    ):
        yield [
            pid,
            f"{price:.2f}",
            category,
            style,
            description,
            gender,
            "True" if promoted else "False",
        ]


def _users() -> Any:
    for sid, age, gender in Shopper.objects.order_by("id").values_list("id", "age", "gender"):
        yield [sid, "" if age is None else age, gender]


def _interactions() -> Any:
    for pid, shopper_id, session_id, event_type, ts in (
        Interaction.objects.order_by("timestamp", "id")
        .values_list("product_id", "shopper_id", "session_id", "event_type", "timestamp")
        .iterator(chunk_size=20000)
    ):
        user = shopper_id or session_id
        if user:
            yield [pid, user, event_type, int(ts.timestamp())]


def export_to_dir(out: Path) -> ExportResult:
    """Write the three CSV files and three schema files into `out` (created if needed)."""
    out.mkdir(parents=True, exist_ok=True)
    counts = {
        "items": _write(out / "items.csv", columns("items"), _items()),
        "users": _write(out / "users.csv", columns("users"), _users()),
        "interactions": _write(out / "interactions.csv", columns("interactions"), _interactions()),
    }
    files = [f"{kind}.csv" for kind in SCHEMAS]
    for kind, schema in SCHEMAS.items():
        (out / f"{kind}.schema.json").write_text(json.dumps(schema, indent=2) + "\n")
        files.append(f"{kind}.schema.json")
    return ExportResult(files=files, counts=counts)


def split_s3_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/some/prefix`` -> ("bucket", "some/prefix") (no trailing slash)."""
    if not uri.startswith("s3://") or len(uri) <= 5:
        raise ValueError(f"not an S3 URI: {uri!r}; use s3://bucket/prefix")
    bucket, _, prefix = uri[5:].partition("/")
    if not bucket:
        raise ValueError(f"no bucket in {uri!r}; use s3://bucket/prefix")
    return bucket, prefix.strip("/")


def export_to_s3(uri: str) -> ExportResult:
    """Export into a temporary folder and upload every file under ``s3://bucket/prefix/``."""
    from recommendations import aws

    bucket, prefix = split_s3_uri(uri)
    s3 = aws.client("s3", connect_timeout=5.0, read_timeout=60.0, max_attempts=5)
    with tempfile.TemporaryDirectory() as tmp:
        result = export_to_dir(Path(tmp))
        for name in result.files:
            key = f"{prefix}/{name}" if prefix else name
            s3.upload_file(str(Path(tmp) / name), bucket, key)
    result.files = [f"s3://{bucket}/{prefix + '/' if prefix else ''}{n}" for n in result.files]
    return result


def personalize_export(*, out: str) -> ExportResult:
    """Export to a folder or to ``s3://bucket/prefix``."""
    if out.startswith("s3://"):
        return export_to_s3(out)
    return export_to_dir(Path(out))
