"""Named filters through /api/related, for known shoppers and anonymous sessions alike."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from catalog.models import Interaction, Product, Shopper
from recommendations.filtering import filters_configured, filters_validate
from recommendations.services import model_train
from tests.factories import T0, small_store

pytestmark = pytest.mark.django_db

SHOES = {f"s0{k}" for k in range(1, 7)} | {f"b0{k}" for k in range(1, 7)}
KITCHEN = {f"k0{k}" for k in range(1, 6)}
EVERYTHING = SHOES | KITCHEN  # visible, in stock

DONE_WHEN = {
    "purchased": 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("Purchase")',
    "categories": "INCLUDE ItemID WHERE Items.CATEGORY_L1 IN ($CATEGORY)",
    "not-sneakers": (
        'EXCLUDE ItemID WHERE Items.CATEGORY_L1 IN ("footwear") '
        'AND Items.CATEGORY_L2 NOT IN ("boot")'
    ),
    "max-price": "INCLUDE ItemID WHERE Items.PRICE <= $MAXPRICE",
    "same-category-expr": "INCLUDE ItemID WHERE Items.CATEGORY_L1 IN CurrentItem.CATEGORY_L1",
    "cheaper-same-style": (
        "INCLUDE ItemID WHERE Items.PRICE < CurrentItem.PRICE "
        "AND Items.CATEGORY_L2 IN CurrentItem.CATEGORY_L2"
    ),
    "no-men-for-women": 'EXCLUDE ItemID WHERE Items.GENDER IN ("M") IF CurrentUser.GENDER IN ("F")',
    "untouched": 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*")',
    "promoted-cheap": (
        'INCLUDE ItemID WHERE Items.PROMOTED IN ("True") | EXCLUDE ItemID WHERE Items.PRICE > 100'
    ),
}


@pytest.fixture
def store(settings: Any) -> dict[str, Any]:
    """small_store with prices s0k = 10k, b0k = 100 + 10k, pans 10; s01/s02 for men, b01 for
    women; s03, b02 and k01 promoted. Shopper 6 bought b01 ("Purchase") and b02 ("purchase");
    shopper 3 is a woman, shopper 4 a man."""
    settings.RECOMMENDATIONS_FILTERS = {**settings.RECOMMENDATIONS_FILTERS, **DONE_WHEN}
    data = small_store()
    for k in range(1, 7):
        Product.objects.filter(pk=f"s0{k}").update(price=Decimal(10 * k))
        Product.objects.filter(pk=f"b0{k}").update(price=Decimal(100 + 10 * k))
    Product.objects.filter(pk__in=["s01", "s02"]).update(gender_affinity="M")
    Product.objects.filter(pk="b01").update(gender_affinity="F")
    Product.objects.filter(pk__in=["s03", "b02", "k01"]).update(promoted=True)
    Shopper.objects.filter(pk="3").update(gender="F")
    Shopper.objects.filter(pk="4").update(gender="M")
    for pid, etype in (("b01", "Purchase"), ("b02", "purchase")):
        Interaction.objects.create(shopper_id="6", product_id=pid, event_type=etype, timestamp=T0)
    model_train()
    return data


def related(client: Client, **params: str) -> Any:
    return client.get("/api/related", {"currentItemID": "s04", "numResults": "25", **params})


def ids(client: Client, **params: str) -> set[str]:
    response = related(client, **params)
    assert response.status_code == 200, response.content
    found = [r["product"]["id"] for r in response.json()]
    assert len(found) == len(set(found))
    return set(found)


def values(**kv: list[str]) -> str:
    return json.dumps({k: ",".join(f'"{v}"' for v in vs) for k, vs in kv.items()})


def test_default_is_same_category(client: Client, store: dict[str, Any]) -> None:
    assert ids(client) == SHOES - {"s04"}
    assert ids(client, filter="same-category") == SHOES - {"s04"}


def test_exclude_purchased_for_a_shopper_also_lowercase(
    client: Client, store: dict[str, Any]
) -> None:
    assert ids(client, filter="exclude-purchased", userID="6") == EVERYTHING - {"s04", "b01", "b02"}
    assert ids(client, filter="purchased", userID="6") == EVERYTHING - {"s04", "b01", "b02"}
    assert ids(client, filter="exclude-purchased", userID="1") == EVERYTHING - {"s04"}


def test_exclude_purchased_for_an_anonymous_session(client: Client, store: dict[str, Any]) -> None:
    assert ids(client, filter="exclude-purchased", sessionID="anon") == EVERYTHING - {"s04"}
    body = {
        "sessionId": "anon",
        "eventList": [{"eventType": "Purchase", "itemId": "k03", "sentAt": T0.timestamp()}],
    }
    client.post("/api/events", json.dumps(body), content_type="application/json")
    assert ids(client, filter="exclude-purchased", sessionID="anon") == EVERYTHING - {"s04", "k03"}


def test_include_categories(client: Client, store: dict[str, Any]) -> None:
    kitchen = values(CATEGORY=["house wares"])
    assert ids(client, filter="include-categories", filterValues=kitchen) == KITCHEN
    both = values(CATEGORY=["house wares", "footwear"])
    assert ids(client, filter="include-categories", filterValues=both) == EVERYTHING - {"s04"}
    anonymous = ids(client, filter="categories", filterValues=kitchen, sessionID="a1")
    assert anonymous == KITCHEN
    assert ids(client, filter="categories", filterValues=kitchen, userID="1") == KITCHEN


def test_missing_include_parameter_is_a_400(client: Client, store: dict[str, Any]) -> None:
    for params in (
        {"filter": "include-categories"},
        {"filter": "include-categories", "filterValues": "{}"},
        {"filter": "include-categories", "filterValues": '{"CATEGORY": ""}'},
    ):
        response = related(client, **params)
        assert response.status_code == 400
        assert "needs filterValues.CATEGORY" in response.json()["message"]


def test_missing_exclude_parameter_skips_its_clause(
    client: Client, store: dict[str, Any], settings: Any
) -> None:
    settings.RECOMMENDATIONS_FILTERS = {
        **settings.RECOMMENDATIONS_FILTERS,
        "exclude-styles": "EXCLUDE ItemID WHERE Items.CATEGORY_L2 IN ($STYLE)",
    }
    assert ids(client, filter="exclude-styles") == EVERYTHING - {"s04"}
    boots = values(STYLE=["boot"])
    assert ids(client, filter="exclude-styles", filterValues=boots) == (
        EVERYTHING - {"s04"} - {f"b0{k}" for k in range(1, 7)}
    )


def test_unknown_filter_and_bad_values_are_400s(client: Client, store: dict[str, Any]) -> None:
    response = related(client, filter="nope")
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith("unknown filter 'nope'; known filters: ")
    assert "exclude-purchased, include-categories" in message and "same-category" in message
    for raw, fragment in (
        ("[1]", "filterValues must be a JSON object"),
        ("{", "filterValues must be a JSON object"),
        ('{"CATEGORY": 3}', "filterValues.CATEGORY must be a string"),
        ('{"CATEGORY": "footwear"}', "filterValues.CATEGORY: filter values must be double-quoted"),
    ):
        response = related(client, filter="include-categories", filterValues=raw)
        assert response.status_code == 400
        assert fragment in response.json()["message"]
    response = related(client, filter="max-price", filterValues=values(MAXPRICE=["cheap"]))
    assert response.status_code == 400
    assert "must be one number" in response.json()["message"]


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("not-sneakers", {}, EVERYTHING - {f"s0{k}" for k in range(1, 7)}),
        ("max-price", {"filterValues": values(MAXPRICE=["30"])}, {"s01", "s02", "s03"} | KITCHEN),
        ("same-category-expr", {}, SHOES - {"s04"}),
        ("cheaper-same-style", {}, {"s01", "s02", "s03"}),
        ("no-men-for-women", {"userID": "3"}, EVERYTHING - {"s04", "s01", "s02"}),
        ("no-men-for-women", {"userID": "4"}, EVERYTHING - {"s04"}),
        ("no-men-for-women", {"sessionID": "anon"}, EVERYTHING - {"s04"}),
        ("untouched", {"userID": "6"}, EVERYTHING - {"s04", "s05", "b01", "b02"}),
        ("untouched", {"userID": "2"}, EVERYTHING - {"s04", "s01", "s02", "s03"}),
        ("untouched", {"sessionID": "nobody"}, EVERYTHING - {"s04"}),
        ("promoted-cheap", {}, {"s03", "k01"}),
    ],
)
def test_done_when_expressions(
    client: Client, store: dict[str, Any], name: str, params: dict[str, str], expected: set[str]
) -> None:
    assert ids(client, filter=name, **params) == expected


@pytest.mark.parametrize(
    ("expression", "at"),
    [
        ("INCLUDE ItemID WHERE Items.CATEGORY_L1 NOT IN ($X)", "$X"),
        ('INCLUDE ItemID WHERE Items.PRODUCT_DESCRIPTION IN ("x")', "PRODUCT_DESCRIPTION"),
        ("INCLUDE WHERE", "WHERE"),
    ],
)
def test_invalid_expression_is_rejected_when_configured_with_its_position(
    settings: Any, expression: str, at: str
) -> None:
    position = expression.index(at)
    with pytest.raises(ImproperlyConfigured) as err:
        filters_validate({"bad": expression})
    assert "RECOMMENDATIONS_FILTERS['bad'] is not a valid filter expression" in str(err.value)
    assert f"at position {position}" in str(err.value)
    settings.RECOMMENDATIONS_FILTERS = {"bad": {"expression": expression, "arn": None}}
    with pytest.raises(ImproperlyConfigured, match=f"position {position}"):
        filters_configured()


def test_app_start_validates_the_shipped_filters() -> None:
    from django.apps import apps

    apps.get_app_config("recommendations").ready()
    assert {"same-category", "exclude-purchased", "include-categories"} <= set(filters_configured())
    assert filters_configured()["include-categories"].expression == (
        "INCLUDE ItemID WHERE Items.CATEGORY_L1 IN ($CATEGORY)"
    )


def test_an_explicit_filter_matching_nothing_is_empty(
    client: Client, store: dict[str, Any]
) -> None:
    nothing = values(CATEGORY=["nosuch"])
    response = related(client, filter="include-categories", filterValues=nothing)
    assert response.status_code == 200
    assert response.json() == []
    # the default carousel still pads with the category's popular products
    Product.objects.filter(category=store["shoes"]).exclude(pk="s04").update(current_stock=0)
    assert len(related(client).json()) == 11
