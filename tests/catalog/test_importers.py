"""Parsing only: files written into tmp_path -> records, no database."""

from __future__ import annotations

import gzip
import json
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.importers import (
    ImportDataError,
    count_data_rows,
    find_sources,
    is_missing,
    read_categories_yaml,
    read_interactions_csv,
    read_items_csv,
    read_products_yaml,
    read_shoppers_json,
    read_users_csv,
)
from catalog.records import CategoryRecord, InteractionRecord, ProductRecord, ShopperRecord

PRODUCTS_YAML = """\
- id: p1
  name: Trail Backpack
  category: accessories
  style: backpack
  description: A bag.
  price: 129.99
  current_stock: 15
  image: p1.jpg
  gender_affinity: F
  where_visible: UI
  promoted: true
  featured: "true"
- id: p2
  name: Coffee
  category: hot dispensed
  style: coffee
  price: 1.5
  current_stock: nan
  where_visible: Alexa
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_products_yaml_reads_every_field(tmp_path: Path) -> None:
    path = write(tmp_path / "products.yaml", PRODUCTS_YAML)

    assert list(read_products_yaml(path)) == [
        ProductRecord(
            id="p1",
            name="Trail Backpack",
            category="accessories",
            price=Decimal("129.99"),
            style="backpack",
            description="A bag.",
            current_stock=15,
            gender_affinity="F",
            image="p1.jpg",
            promoted=True,
            where_visible="UI",
            featured=True,
        ),
        ProductRecord(
            id="p2",
            name="Coffee",
            category="hot dispensed",
            price=Decimal("1.50"),
            style="coffee",
            where_visible="Alexa",
        ),
    ]


def test_categories_yaml_keeps_gender_affinity_and_image(tmp_path: Path) -> None:
    path = write(
        tmp_path / "categories.yaml",
        "- id: 1\n  name: apparel\n  image: a.jpg\n  has_gender_affinity: true\n"
        "- id: 2\n  name: food service\n",
    )

    assert list(read_categories_yaml(path)) == [
        CategoryRecord(name="apparel", has_gender_affinity=True, image="a.jpg"),
        CategoryRecord(name="food service"),
    ]


def test_shoppers_json_gz(tmp_path: Path) -> None:
    users = [
        {
            "id": "1",
            "name": "Mark Johnson",
            "age": 31,
            "gender": "M",
            "persona": "furniture_homedecor_housewares",
            "discount_persona": "lower_priced_products",
            "selectable_user": True,
            "addresses": [],
        },
        {"id": "2", "first_name": "Ann", "last_name": "Lee", "selectable_user": False},
    ]
    path = write(tmp_path / "users.json.gz", json.dumps(users))

    assert list(read_shoppers_json(path)) == [
        ShopperRecord(
            id="1",
            name="Mark Johnson",
            age=31,
            gender="M",
            persona="furniture_homedecor_housewares",
            discount_persona="lower_priced_products",
            selectable=True,
        ),
        ShopperRecord(id="2", name="Ann Lee", selectable=False),
    ]


def test_items_csv_maps_personalize_columns_and_reads_nan_as_missing(tmp_path: Path) -> None:
    path = write(
        tmp_path / "items.csv",
        "ITEM_ID,PRICE,CATEGORY_L1,CATEGORY_L2,PRODUCT_NAME,PRODUCT_DESCRIPTION,GENDER,PROMOTED\n"
        'p1,129.99,accessories,backpack,Trail Backpack,"A bag, with straps.",F,True\n'
        "p2,1.5,hot dispensed,coffee,Coffee,nan,Any,nan\n",
    )

    assert list(read_items_csv(path)) == [
        ProductRecord(
            id="p1",
            name="Trail Backpack",
            category="accessories",
            price=Decimal("129.99"),
            style="backpack",
            description="A bag, with straps.",
            gender_affinity="F",
            promoted=True,
        ),
        ProductRecord(
            id="p2", name="Coffee", category="hot dispensed", price=Decimal("1.50"), style="coffee"
        ),
    ]


def test_users_csv_names_shoppers_by_id(tmp_path: Path) -> None:
    path = write(tmp_path / "users.csv.gz", "USER_ID,AGE,GENDER\n17,31,M\n18,NaN,\n")

    assert list(read_users_csv(path)) == [
        ShopperRecord(id="17", name="Shopper 17", age=31, gender="M"),
        ShopperRecord(id="18", name="Shopper 18"),
    ]


def test_interactions_csv_gz(tmp_path: Path) -> None:
    path = write(
        tmp_path / "interactions.csv.gz",
        "ITEM_ID,USER_ID,EVENT_TYPE,TIMESTAMP,DISCOUNT\n"
        "p1,17,View,1788536107,No\n"
        "p2,18,Purchase,1788536112,Yes\n"
        "p2,18,CustomEvent,1788536113,\n",
    )

    assert list(read_interactions_csv(path)) == [
        InteractionRecord("17", "p1", "View", 1788536107, discount=False),
        InteractionRecord("18", "p2", "Purchase", 1788536112, discount=True),
        InteractionRecord("18", "p2", "CustomEvent", 1788536113, discount=None),
    ]
    assert count_data_rows(path) == 3


@pytest.mark.parametrize("text", [None, "", "  ", "nan", "NaN", "None", "null", float("nan")])
def test_missing_values(text: object) -> None:
    assert is_missing(text)


@pytest.mark.parametrize("text", ["0", "no", 0, False, "Any"])
def test_present_values(text: object) -> None:
    assert not is_missing(text)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "products.yaml",
            PRODUCTS_YAML.replace("price: 1.5", "price: abc"),
            "products.yaml line 13 record 2, field price: 'abc' is not a number",
        ),
        (
            "products.yaml",
            PRODUCTS_YAML.replace("price: 1.5", "price: nan"),
            "products.yaml line 13 record 2, field price: is required",
        ),
        (
            "products.yaml",
            PRODUCTS_YAML.replace("where_visible: Alexa", "where_visible: TV"),
            "products.yaml line 13 record 2, field where_visible: 'TV' is not one of UI, Alexa",
        ),
        (
            "items.csv",
            "ITEM_ID,PRICE,CATEGORY_L1,CATEGORY_L2,PRODUCT_NAME\np1,1,a,b,c\np2,x1,a,b,c\n",
            "items.csv line 3, field PRICE: 'x1' is not a number",
        ),
        (
            "items.csv",
            "ITEM_ID,CATEGORY_L1,CATEGORY_L2,PRODUCT_NAME\np1,a,b,c\n",
            "items.csv line 1, field PRICE: missing column(s) PRICE",
        ),
        (
            "interactions.csv",
            "ITEM_ID,USER_ID,EVENT_TYPE,TIMESTAMP\np1,1,View,1\np1,1,View,yesterday\n",
            "interactions.csv line 3, field TIMESTAMP: 'yesterday' is not a whole number",
        ),
        (
            "interactions.csv",
            "ITEM_ID,USER_ID,EVENT_TYPE,TIMESTAMP\np1,1,,1\n",
            "interactions.csv line 2, field EVENT_TYPE: is required",
        ),
        (
            "interactions.csv",
            "ITEM_ID,USER_ID,EVENT_TYPE,TIMESTAMP,DISCOUNT\np1,1,View,1,maybe\n",
            "interactions.csv line 2, field DISCOUNT: "
            "'maybe' is not a yes/no value (true/false, yes/no, 1/0)",
        ),
        (
            "users.json",
            '[{"id": "1", "age": 30}, {"id": "2", "age": "old"}]',
            "users.json record 2, field age: 'old' is not a whole number",
        ),
    ],
)
def test_malformed_values_name_file_position_and_field(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = write(tmp_path / name, content)
    sources = find_sources(paths=[path])

    with pytest.raises(ImportDataError) as caught:
        for records in (
            sources.categories(),
            sources.products(),
            sources.shoppers(),
            sources.interactions(),
        ):
            list(records)

    assert str(caught.value) == f"{tmp_path}/{message}"


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "products.yaml", "- id: p1\n  name: [unclosed\n")

    with pytest.raises(ImportDataError, match=r"products.yaml line \d+: invalid YAML"):
        list(read_products_yaml(path))


def test_find_sources_reads_both_layouts_and_the_personalize_subfolder(tmp_path: Path) -> None:
    write(tmp_path / "products.yaml", PRODUCTS_YAML)
    write(tmp_path / "users.json", "[]")
    write(tmp_path / "notes.txt", "ignored")
    write(tmp_path / "personalize" / "items.csv", "ITEM_ID\n")
    write(tmp_path / "personalize" / "interactions.csv.gz", "ITEM_ID\n")

    sources = find_sources(paths=[tmp_path])

    assert sources.products_yaml == [tmp_path / "products.yaml"]
    assert sources.shoppers_json == [tmp_path / "users.json"]
    assert sources.items_csv == [tmp_path / "personalize" / "items.csv"]
    assert sources.interactions_csv == [tmp_path / "personalize" / "interactions.csv.gz"]


def test_yaml_wins_over_items_csv_which_adds_only_missing_ids(tmp_path: Path) -> None:
    write(tmp_path / "products.yaml", PRODUCTS_YAML)
    write(
        tmp_path / "items.csv",
        "ITEM_ID,PRICE,CATEGORY_L1,CATEGORY_L2,PRODUCT_NAME\n"
        "p1,5,accessories,backpack,Renamed In CSV\n"
        "p3,7,tools,saw,Saw\n",
    )

    products = list(find_sources(paths=[tmp_path]).products())

    assert [(p.id, p.name) for p in products] == [
        ("p1", "Trail Backpack"),
        ("p2", "Coffee"),
        ("p3", "Saw"),
    ]


@pytest.mark.parametrize("name", ["missing-folder", "readme.md"])
def test_find_sources_rejects_unknown_paths(tmp_path: Path, name: str) -> None:
    (tmp_path / "readme.md").write_text("hello")

    with pytest.raises(ImportDataError, match=name):
        find_sources(paths=[tmp_path / name])


def test_find_sources_rejects_a_folder_without_data(tmp_path: Path) -> None:
    with pytest.raises(ImportDataError, match="holds no Retail Demo Store or Personalize files"):
        find_sources(paths=[tmp_path])


def test_hardening_product_id_with_slash_huge_int_and_truncated_gzip(tmp_path: Path) -> None:
    import gzip as _gzip

    from catalog.importers import count_data_rows, read_products_yaml

    slash = tmp_path / "products.yaml"
    slash.write_text('- {id: "qa/slash", name: x, category: c, price: 7.5}\n')
    with pytest.raises(ImportDataError, match=r"record 1, field id: 'qa/slash' must not contain"):
        list(read_products_yaml(slash))
    huge = tmp_path / "huge" / "products.yaml"
    huge.parent.mkdir()
    huge.write_text("- {id: p1, name: x, category: c, price: 1, current_stock: 99999999999}\n")
    with pytest.raises(ImportDataError, match=r"field current_stock: 99999999999 is above"):
        list(read_products_yaml(huge))
    truncated = tmp_path / "interactions.csv.gz"
    truncated.write_bytes(_gzip.compress(b"ITEM_ID,USER_ID,EVENT_TYPE,TIMESTAMP\n" * 500)[:60])
    with pytest.raises(ImportDataError, match="interactions.csv.gz line 1: cannot be read"):
        count_data_rows(truncated)
    not_gzip = tmp_path / "x" / "interactions.csv.gz"
    not_gzip.parent.mkdir()
    not_gzip.write_text("hello")
    with pytest.raises(ImportDataError, match="cannot be read"):
        count_data_rows(not_gzip)
