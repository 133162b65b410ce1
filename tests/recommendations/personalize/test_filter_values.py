from __future__ import annotations

import pytest

from recommendations.backends.base import ItemFilter
from recommendations.engine.filters import FilterValueError, MissingFilterValue, parse_filter_values
from recommendations.personalize.filter_values import filter_values, filter_values_for

BY_CATEGORY = "INCLUDE ItemID WHERE Items.CATEGORY_L1 IN ($CATEGORY)"


@pytest.mark.parametrize(
    "value,encoded,decoded",
    [
        ("footwear", '"footwear"', ["footwear"]),
        ('"footwear"', '"\\"footwear\\""', ['"footwear"']),  # taken literally, quotes escaped
        (["footwear", "apparel"], '"footwear","apparel"', ["footwear", "apparel"]),
        ('boots "hiking", trail', '"boots \\"hiking\\"\\, trail"', ['boots "hiking", trail']),
    ],
)
def test_filter_values_round_trip(value: object, encoded: str, decoded: list[str]) -> None:
    values = filter_values(CATEGORY=value)  # type: ignore[arg-type]
    assert values == {"CATEGORY": encoded}
    assert parse_filter_values(values["CATEGORY"]) == decoded
    f = ItemFilter(name="by-category", expression=BY_CATEGORY, values=values)
    assert filter_values_for(f) == values


@pytest.mark.parametrize("missing", [None, [], ()])
def test_missing_value_of_an_include_filter_is_an_error(missing: object) -> None:
    f = ItemFilter(
        name="by-category",
        expression=BY_CATEGORY,
        values=filter_values(CATEGORY=missing),  # type: ignore[arg-type]
    )
    with pytest.raises(MissingFilterValue, match=r"\$CATEGORY"):
        filter_values_for(f)


def test_missing_value_of_an_exclude_filter_is_allowed() -> None:
    f = ItemFilter(name="x", expression="EXCLUDE ItemID WHERE Items.CATEGORY_L1 IN ($CATEGORY)")
    assert filter_values_for(f) == {}


def test_a_hand_written_value_must_be_quoted() -> None:
    f = ItemFilter(name="by-category", expression=BY_CATEGORY, values={"CATEGORY": "footwear"})
    with pytest.raises(FilterValueError, match="double-quoted"):
        filter_values_for(f)
