"""Shoppers' genders reach the engine from both sources: the database and a data folder."""

from __future__ import annotations

import pytest

from catalog.demo import build_demo_dataset
from recommendations.offline import tables_from_demo
from recommendations.services import training_data
from tests.factories import make_category, make_product, make_shopper, view


@pytest.mark.django_db
def test_training_data_carries_known_shopper_genders() -> None:
    shoes = make_category("footwear")
    boot = make_product("b01", shoes, style="boot")
    # "m" as an admin edit may leave it (the importers upper-case); "x" is not a gender we know
    for sid, gender in (("1", "F"), ("2", "M"), ("3", ""), ("4", "m"), ("5", "x")):
        view(make_shopper(sid, gender=gender), boot, int(sid))
    _, interactions = training_data()
    assert sorted(interactions.user_ids) == ["1", "2", "3", "4", "5"]
    assert dict(interactions.user_genders) == {"1": "F", "2": "M", "4": "M"}  # unknown left out


def test_offline_tables_carry_the_demo_shoppers_genders() -> None:
    _, interactions = tables_from_demo(seed=1)
    shoppers = build_demo_dataset(seed=1).shoppers
    assert dict(interactions.user_genders) == {s.id: s.gender for s in shoppers}
    assert set(interactions.user_genders.values()) == {"F", "M"}
