from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.core.management import call_command
from moto import mock_aws

from catalog.models import Interaction, Product
from recommendations.personalize.export import SCHEMAS
from tests.factories import small_store

pytestmark = pytest.mark.django_db


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


def test_export_to_a_folder(tmp_path: Path) -> None:
    small_store()
    Product.objects.filter(pk="s01").update(promoted=True, gender_affinity="F")
    Interaction.objects.create(
        session_id="anon-1",
        product_id="k01",
        event_type="View",
        timestamp="2026-01-02T00:00:00Z",
    )
    call_command("personalize_export", "--out", str(tmp_path))
    items = read(tmp_path / "items.csv")
    assert list(items[0]) == [
        "ITEM_ID",
        "PRICE",
        "CATEGORY_L1",
        "CATEGORY_L2",
        "PRODUCT_DESCRIPTION",
        "GENDER",
        "PROMOTED",
    ]
    by_id = {r["ITEM_ID"]: r for r in items}
    assert by_id["s01"] == {
        "ITEM_ID": "s01",
        "PRICE": "10.00",
        "CATEGORY_L1": "footwear",
        "CATEGORY_L2": "sneaker",
        "PRODUCT_DESCRIPTION": "running sneaker",
        "GENDER": "F",
        "PROMOTED": "True",
    }
    assert by_id["s02"]["PROMOTED"] == "False"
    users = read(tmp_path / "users.csv")
    assert list(users[0]) == ["USER_ID", "AGE", "GENDER"] and len(users) == 6
    interactions = read(tmp_path / "interactions.csv")
    assert list(interactions[0]) == ["ITEM_ID", "USER_ID", "EVENT_TYPE", "TIMESTAMP"]
    assert len(interactions) == Interaction.objects.count()
    assert {
        "ITEM_ID": "k01",
        "USER_ID": "anon-1",
        "EVENT_TYPE": "View",
        "TIMESTAMP": "1767312000",
    } in interactions
    for kind, schema in SCHEMAS.items():
        written = json.loads((tmp_path / f"{kind}.schema.json").read_text())
        assert written == schema
        assert [f["name"] for f in written["fields"]] == list(read(tmp_path / f"{kind}.csv")[0])
    fields = {f["name"]: f for f in SCHEMAS["items"]["fields"]}
    assert fields["PRODUCT_DESCRIPTION"]["textual"] is True
    assert all(
        fields[n]["categorical"] for n in ("CATEGORY_L1", "CATEGORY_L2", "GENDER", "PROMOTED")
    )
    timestamp = {f["name"]: f for f in SCHEMAS["interactions"]["fields"]}["TIMESTAMP"]
    assert timestamp["type"] == "long"


def test_export_to_s3_and_schemas_accepted(aws_env: None, settings: Any) -> None:
    small_store()
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="shop-data")
        call_command("personalize_export", "--out", "s3://shop-data/exports/v1")
        keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="shop-data")["Contents"])
        assert keys == sorted(
            f"exports/v1/{kind}{ext}" for kind in SCHEMAS for ext in (".csv", ".schema.json")
        )
        personalize = boto3.client("personalize", region_name="us-east-1")
        for kind, schema in SCHEMAS.items():
            arn = personalize.create_schema(name=f"t-{kind}", schema=json.dumps(schema))[
                "schemaArn"
            ]
            assert (
                json.loads(personalize.describe_schema(schemaArn=arn)["schema"]["schema"]) == schema
            )


def test_bad_s3_uri_is_a_command_error(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="bucket"):
        call_command("personalize_export", "--out", "s3://")


# The schemas exactly as Personalize must receive them (moto's create_schema checks only that
# they parse as Avro, so the service's own rules are spelled out here).
EXPECTED_SCHEMAS: dict[str, dict[str, Any]] = {
    "items": {
        "type": "record",
        "name": "Items",
        "namespace": "com.amazonaws.personalize.schema",
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
    },
    "users": {
        "type": "record",
        "name": "Users",
        "namespace": "com.amazonaws.personalize.schema",
        "fields": [
            {"name": "USER_ID", "type": "string"},
            {"name": "AGE", "type": ["null", "int"]},
            {"name": "GENDER", "type": ["null", "string"], "categorical": True},
        ],
        "version": "1.0",
    },
    "interactions": {
        "type": "record",
        "name": "Interactions",
        "namespace": "com.amazonaws.personalize.schema",
        "fields": [
            {"name": "ITEM_ID", "type": "string"},
            {"name": "USER_ID", "type": "string"},
            {"name": "EVENT_TYPE", "type": "string"},
            {"name": "TIMESTAMP", "type": "long"},
        ],
        "version": "1.0",
    },
}
REQUIRED = {
    "items": {"ITEM_ID": "string"},
    "users": {"USER_ID": "string"},
    "interactions": {"ITEM_ID": "string", "USER_ID": "string", "TIMESTAMP": "long"},
}
# Reserved string fields that are neither categorical nor textual.
PLAIN_STRINGS = {"ITEM_ID", "USER_ID", "EVENT_TYPE"}


def personalize_rule_breaks(kind: str, schema: dict[str, Any]) -> list[str]:
    """What Amazon Personalize would refuse in `schema`, as sentences (empty: accepted)."""
    problems = []
    for key, value in {
        "type": "record",
        "namespace": "com.amazonaws.personalize.schema",
        "version": "1.0",
    }.items():
        if schema.get(key) != value:
            problems.append(f"{key} must be {value!r}")
    if not schema.get("name"):
        problems.append("a record name is required")
    fields = {f["name"]: f for f in schema["fields"]}
    for name, avro_type in REQUIRED[kind].items():
        if name not in fields or fields[name]["type"] != avro_type:
            problems.append(f"{name} must be a non-null {avro_type}")
    for name, f in fields.items():
        types = f["type"] if isinstance(f["type"], list) else [f["type"]]
        is_string = "string" in types
        if (f.get("categorical") or f.get("textual")) and not is_string:
            problems.append(f"{name}: categorical/textual only apply to strings")
        if f.get("categorical") and f.get("textual"):
            problems.append(f"{name}: categorical and textual at once")
        if (
            is_string
            and name not in PLAIN_STRINGS
            and not (f.get("categorical") or f.get("textual"))
        ):
            problems.append(f"{name}: a string field must be categorical or textual")
        if not set(types) <= {"null", "string", "int", "long", "float", "double", "boolean"}:
            problems.append(f"{name}: unsupported type {f['type']!r}")
    return problems


def test_schema_files_are_exactly_what_personalize_requires(tmp_path: Path) -> None:
    small_store()
    call_command("personalize_export", "--out", str(tmp_path))
    for kind, expected in EXPECTED_SCHEMAS.items():
        written = json.loads((tmp_path / f"{kind}.schema.json").read_text())
        assert written == expected, kind
        assert personalize_rule_breaks(kind, written) == []
    textual = [
        f["name"] for s in EXPECTED_SCHEMAS.values() for f in s["fields"] if f.get("textual")
    ]
    assert textual == ["PRODUCT_DESCRIPTION"]


def test_the_rule_check_catches_what_personalize_refuses() -> None:
    bad = json.loads(json.dumps(EXPECTED_SCHEMAS["interactions"]))
    bad["namespace"] = "retaildemo"
    bad["fields"][3]["type"] = "int"  # TIMESTAMP
    bad["fields"].append({"name": "DEVICE", "type": "string"})
    assert personalize_rule_breaks("interactions", bad) == [
        "namespace must be 'com.amazonaws.personalize.schema'",
        "TIMESTAMP must be a non-null long",
        "DEVICE: a string field must be categorical or textual",
    ]
