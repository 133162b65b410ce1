"""`manage.py import_data` and the bulk writer `catalog_upsert`, against the database."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from catalog.models import Category, Interaction, Product, Shopper
from catalog.records import InteractionRecord, ProductRecord, ShopperRecord
from catalog.services import ImportSummary, UpsertCounts, catalog_upsert
from tests.conftest import requires_shared_data, shared_data_dir

pytestmark = pytest.mark.django_db

CATEGORIES_YAML = """\
- id: 1
  name: accessories
  image: accessories.jpg
  has_gender_affinity: true
- id: 2
  name: hot dispensed
  image: hot.jpg
  has_gender_affinity: false
"""

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
  description: nan
  price: 1.5
  current_stock: 3
  image: p2.jpg
  where_visible: Alexa
"""

USERS = [
    {
        "id": "1",
        "name": "Mark Johnson",
        "age": 31,
        "gender": "M",
        "persona": "accessories_outdoors_footwear",
        "discount_persona": "lower_priced_products",
        "selectable_user": True,
    }
]
CSTORE_USERS = [
    {
        "id": "2",
        "name": "Keith Rivera",
        "age": 19,
        "gender": "M",
        "persona": "hot dispensed:coffee",
        "discount_persona": "discount_indifferent",
        "selectable_user": False,
    }
]
# p1 is renamed here: products.yaml must win. p3 exists only here and is added.
ITEMS_CSV = """\
ITEM_ID,PRICE,CATEGORY_L1,CATEGORY_L2,PRODUCT_NAME,PRODUCT_DESCRIPTION,GENDER,PROMOTED
p1,99.00,accessories,backpack,Renamed In Items CSV,"Other text, here",M,nan
p3,12.5,food service,sandwiches,Club Sandwich,nan,Any,True
"""
USERS_CSV = "USER_ID,AGE,GENDER\n1,99,F\n3,45,F\n"
# Shopper 99 is in no users file: a minimal shopper is created for it.
INTERACTIONS_CSV = """\
ITEM_ID,USER_ID,EVENT_TYPE,TIMESTAMP,DISCOUNT
p1,1,View,1788536107,No
p1,1,AddToCart,1788536110,No
p2,2,Purchase,1788536112,Yes
p3,3,View,1788536120,nan
p3,99,View,1788536130,No
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A folder holding both layouts, the Personalize one in `personalize/`."""
    folder = tmp_path / "store"
    write(folder / "categories.yaml", CATEGORIES_YAML)
    write(folder / "products.yaml", PRODUCTS_YAML)
    write(folder / "users.json.gz", json.dumps(USERS))
    write(folder / "cstore_users.json", json.dumps(CSTORE_USERS))
    write(folder / "personalize" / "items.csv", ITEMS_CSV)
    write(folder / "personalize" / "users.csv", USERS_CSV)
    write(folder / "personalize" / "interactions.csv.gz", INTERACTIONS_CSV)
    return folder


def import_data(*paths: Path) -> str:
    out = StringIO()
    call_command("import_data", *[str(p) for p in paths], stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple[object, ...]]:
    return [
        *Category.objects.values_list("name", "slug", "has_gender_affinity", "image"),
        *Product.objects.values_list("id", "name", "price", "category__name", "current_stock"),
        *Shopper.objects.values_list("id", "name", "age", "gender", "selectable"),
        *Interaction.objects.values_list(
            "shopper_id", "product_id", "event_type", "timestamp", "discount", "source"
        ),
    ]


def test_import_reads_both_layouts_with_yaml_and_json_winning(store: Path) -> None:
    output = import_data(store)

    assert "interactions [" in output and "5/5" in output
    assert list(Category.objects.values_list("name", "slug", "has_gender_affinity", "image")) == [
        ("accessories", "accessories", True, "accessories.jpg"),
        ("food service", "food-service", False, ""),
        ("hot dispensed", "hot-dispensed", False, "hot.jpg"),
    ]
    p1, p2, p3 = Product.objects.order_by("id")
    assert (p1.name, p1.price, p1.category.name, p1.style, p1.description) == (
        "Trail Backpack",
        Decimal("129.99"),
        "accessories",
        "backpack",
        "A bag.",
    )
    assert (p1.current_stock, p1.gender_affinity, p1.image, p1.promoted, p1.featured) == (
        15,
        "F",
        "p1.jpg",
        True,
        True,
    )
    assert p1.where_visible == "UI"
    assert (p2.description, p2.gender_affinity, p2.promoted, p2.featured, p2.where_visible) == (
        "",
        "",
        False,
        False,
        "Alexa",
    )
    assert (p3.name, p3.price, p3.category.name, p3.style, p3.description) == (
        "Club Sandwich",
        Decimal("12.50"),
        "food service",
        "sandwiches",
        "",
    )
    assert (p3.gender_affinity, p3.promoted, p3.current_stock, p3.image) == ("", True, 0, "")
    assert list(
        Shopper.objects.order_by("id").values_list(
            "id", "name", "age", "gender", "persona", "discount_persona", "selectable"
        )
    ) == [
        (
            "1",
            "Mark Johnson",
            31,
            "M",
            "accessories_outdoors_footwear",
            "lower_priced_products",
            True,
        ),
        ("2", "Keith Rivera", 19, "M", "hot dispensed:coffee", "discount_indifferent", False),
        ("3", "Shopper 3", 45, "F", "", "", True),
        ("99", "Shopper 99", None, "", "", "", False),
    ]
    assert list(
        Interaction.objects.values_list(
            "shopper_id", "product_id", "event_type", "timestamp", "discount", "source"
        )
    ) == [
        ("1", "p1", "View", datetime(2026, 9, 4, 15, 35, 7, tzinfo=UTC), False, "import"),
        ("1", "p1", "AddToCart", datetime(2026, 9, 4, 15, 35, 10, tzinfo=UTC), False, "import"),
        ("2", "p2", "Purchase", datetime(2026, 9, 4, 15, 35, 12, tzinfo=UTC), True, "import"),
        ("3", "p3", "View", datetime(2026, 9, 4, 15, 35, 20, tzinfo=UTC), None, "import"),
        ("99", "p3", "View", datetime(2026, 9, 4, 15, 35, 30, tzinfo=UTC), False, "import"),
    ]


def test_personalize_files_alone(tmp_path: Path) -> None:
    items = write(tmp_path / "items.csv.gz", ITEMS_CSV)
    users = write(tmp_path / "users.csv", USERS_CSV)
    interactions = write(
        tmp_path / "interactions.csv",
        "ITEM_ID,USER_ID,EVENT_TYPE,TIMESTAMP,DISCOUNT\np1,1,View,1788536107,No\n",
    )

    output = import_data(items, users, interactions)

    assert "categories: 2 created" in output
    assert list(Product.objects.order_by("id").values_list("id", "name", "gender_affinity")) == [
        ("p1", "Renamed In Items CSV", "M"),
        ("p3", "Club Sandwich", ""),
    ]
    assert list(Shopper.objects.order_by("id").values_list("id", "name", "age", "gender")) == [
        ("1", "Shopper 1", 99, "F"),
        ("3", "Shopper 3", 45, "F"),
    ]
    assert Interaction.objects.count() == 1


def test_reimport_updates_and_never_duplicates(store: Path) -> None:
    import_data(store)
    first = snapshot()

    output = import_data(store)

    assert snapshot() == first
    assert (Category.objects.count(), Product.objects.count()) == (3, 3)
    assert (Shopper.objects.count(), Interaction.objects.count()) == (4, 5)
    assert "products: 0 created, 3 updated" in output
    assert "interactions: 0 created, 5 updated" in output

    write(store / "products.yaml", PRODUCTS_YAML.replace("price: 129.99", "price: 119.5"))
    import_data(store)

    assert Product.objects.get(pk="p1").price == Decimal("119.50")
    assert Product.objects.count() == 3


@pytest.mark.parametrize(
    ("relative", "broken", "message"),
    [
        (
            "products.yaml",
            PRODUCTS_YAML.replace("price: 1.5", "price: abc"),
            "products.yaml line 13 record 2, field price: 'abc' is not a number",
        ),
        (
            "personalize/interactions.csv.gz",
            INTERACTIONS_CSV.replace("1788536120", "12:00"),
            "personalize/interactions.csv.gz line 5, field TIMESTAMP: "
            "'12:00' is not a whole number",
        ),
        (
            "personalize/interactions.csv.gz",
            INTERACTIONS_CSV.replace("Purchase", ""),
            "personalize/interactions.csv.gz line 4, field EVENT_TYPE: is required",
        ),
        (
            "personalize/interactions.csv.gz",
            INTERACTIONS_CSV.replace("p3,99", "nope,99"),
            "personalize/interactions.csv.gz line 6, field ITEM_ID: unknown product 'nope'",
        ),
    ],
)
def test_a_malformed_record_is_reported_and_nothing_is_written(
    store: Path, relative: str, broken: str, message: str
) -> None:
    import_data(store)
    before = snapshot()
    # A valid change in an earlier file must be rolled back with the rest.
    write(store / "categories.yaml", CATEGORIES_YAML.replace("hot.jpg", "changed.jpg"))
    write(store / relative, broken)

    with pytest.raises(CommandError) as caught:
        import_data(store)

    assert str(caught.value).startswith(f"{store}/{message}")
    assert snapshot() == before


def test_unknown_product_on_an_empty_database_writes_nothing(tmp_path: Path) -> None:
    path = write(
        tmp_path / "interactions.csv",
        "ITEM_ID,USER_ID,EVENT_TYPE,TIMESTAMP\nghost,1,View,1788536107\n",
    )

    with pytest.raises(CommandError, match=r"interactions.csv line 2, field ITEM_ID: unknown"):
        import_data(path)

    assert (Shopper.objects.count(), Interaction.objects.count()) == (0, 0)


def test_catalog_upsert_takes_plain_records() -> None:
    calls: list[tuple[str, int]] = []

    summary = catalog_upsert(
        products=[
            ProductRecord(id="a", name="A", category="garden", price=Decimal("2.00")),
            ProductRecord(id="a", name="A2", category="garden", price=Decimal("3.00")),
        ],
        shoppers=[ShopperRecord(id="s1", name="Sam")],
        interactions=(
            InteractionRecord("s1", "a", "View", 1_700_000_000, value=1.5),
            InteractionRecord("s2", "a", "View", 1_700_000_000),
            InteractionRecord("s1", "a", "View", 1_700_000_000, discount=True),
        ),
        progress=lambda kind, done: calls.append((kind, done)),
        interaction_source="demo",
    )

    assert summary == ImportSummary(
        categories=UpsertCounts(created=1),
        products=UpsertCounts(created=1, updated=1),
        shoppers=UpsertCounts(created=2),
        interactions=UpsertCounts(created=2, updated=1),
    )
    assert calls == [("products", 2), ("shoppers", 1), ("interactions", 3)]
    assert Product.objects.get().name == "A2"
    assert Category.objects.get().slug == "garden"
    assert list(Interaction.objects.values_list("shopper_id", "discount", "value", "source")) == [
        ("s1", True, None, "demo"),
        ("s2", None, None, "demo"),
    ]


@requires_shared_data
def test_import_of_the_retail_demo_store_data() -> None:
    output = import_data(shared_data_dir())

    assert Product.objects.count() == 2_465
    assert Category.objects.count() == 20
    assert Shopper.objects.count() == 6_000
    assert Interaction.objects.count() == 675_004
    assert Interaction.objects.filter(source=Interaction.SOURCE_IMPORT).count() == 675_004
    assert "interactions [##############################] 675,004/675,004" in output
