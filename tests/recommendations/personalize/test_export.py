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
