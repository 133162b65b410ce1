from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recommendations.engine.filters import (
    Action,
    And,
    Comparator,
    Comparison,
    Dataset,
    FieldRef,
    FilterClause,
    FilterExpression,
    FilterParameter,
    FilterSyntaxError,
    FilterValueError,
    InCondition,
    MissingFilterValue,
    NumberValue,
    Placeholder,
    StringValue,
    apply_filter,
    format_filter_values,
    parse_filter,
    parse_filter_values,
)


def _item(
    item_id: str, l1: str, l2: str, price: float, gender: str, promoted: str
) -> dict[str, Any]:
    return {
        "ITEM_ID": item_id,
        "CATEGORY_L1": l1,
        "CATEGORY_L2": l2,
        "PRICE": price,
        "GENDER": gender,
        "PROMOTED": promoted,
        "PRODUCT_NAME": f"The {item_id}",
    }


CATALOG = [
    _item("boot1", "footwear", "boot", 120.0, "M", "False"),
    _item("sneaker", "footwear", "sneaker", 80.0, "F", "True"),
    _item("sandal", "footwear", "sandal", 40.0, "F", "False"),
    _item("tent", "outdoors", "camping", 200.0, "U", "True"),
    _item("jacket", "apparel", "jacket", 95.0, "M", "False"),
    _item("shirt", "apparel", "shirt", 30.0, "M", "True"),
    _item("boot2", "footwear", "boot", 60.0, "F", "False"),
]
ALL_IDS = [item["ITEM_ID"] for item in CATALOG]
BY_ID = {item["ITEM_ID"]: item for item in CATALOG}
HISTORY = [("boot1", "Purchase"), ("tent", "purchase"), ("shirt", "View")]


def kept(expression: str, **kwargs: Any) -> list[str]:
    mask = apply_filter(expression, items=CATALOG, **kwargs)
    return [item_id for item_id, keep in zip(ALL_IDS, mask, strict=True) if keep]


# --------------------------------------------------------------------------------------------
# Exact examples


def test_exclude_purchased_matches_event_type_case_insensitively() -> None:
    expression = 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("Purchase")'
    assert kept(expression, interactions=HISTORY) == [
        "sneaker",
        "sandal",
        "jacket",
        "shirt",
        "boot2",
    ]
    assert kept(expression) == ALL_IDS


def test_include_category_from_placeholder() -> None:
    expression = "INCLUDE ItemID WHERE Items.CATEGORY_L1 IN ($CATEGORY)"
    values = {"CATEGORY": format_filter_values(["footwear", "outdoors"])}
    assert values["CATEGORY"] == '"footwear","outdoors"'
    assert kept(expression, values=values) == ["boot1", "sneaker", "sandal", "tent", "boot2"]
    assert kept(expression, values={"CATEGORY": '"apparel"'}) == ["jacket", "shirt"]


def test_item_values_are_case_sensitive() -> None:
    expression = 'INCLUDE ItemID WHERE Items.CATEGORY_L1 IN ("Footwear")'
    assert kept(expression) == []


def test_include_with_missing_value_raises_instead_of_returning_everything() -> None:
    expression = "INCLUDE ItemID WHERE Items.CATEGORY_L1 IN ($CATEGORY)"
    for values in (None, {}, {"CATEGORY": ""}, {"category": '"footwear"'}):
        with pytest.raises(MissingFilterValue, match=r"\$CATEGORY") as raised:
            kept(expression, values=values)
        assert raised.value.parameter == "CATEGORY"


def test_exclude_with_missing_value_skips_that_test() -> None:
    assert kept("EXCLUDE ItemID WHERE Items.CATEGORY_L1 IN ($CATEGORY)") == ALL_IDS
    expression = 'EXCLUDE ItemID WHERE Items.CATEGORY_L1 IN ("apparel") AND Items.PRICE > $MIN'
    assert kept(expression, values={"MIN": '"50"'}) == [
        "boot1",
        "sneaker",
        "sandal",
        "tent",
        "shirt",
        "boot2",
    ]
    # Without $MIN only the category test is left.
    assert kept(expression) == ["boot1", "sneaker", "sandal", "tent", "boot2"]


def test_exclude_footwear_except_boots() -> None:
    expression = (
        'EXCLUDE ItemID WHERE Items.CATEGORY_L1 IN ("footwear") '
        'AND Items.CATEGORY_L2 NOT IN ("boot")'
    )
    assert kept(expression) == ["boot1", "tent", "jacket", "shirt", "boot2"]


def test_include_price_at_most_placeholder() -> None:
    expression = "INCLUDE ItemID WHERE Items.PRICE <= $MAXPRICE"
    assert kept(expression, values={"MAXPRICE": '"80"'}) == ["sneaker", "sandal", "shirt", "boot2"]
    with pytest.raises(FilterValueError, match="MAXPRICE"):
        kept(expression, values={"MAXPRICE": '"cheap"'})
    with pytest.raises(FilterValueError, match="MAXPRICE"):
        kept(expression, values={"MAXPRICE": '"1","2"'})


def test_include_same_category_as_current_item() -> None:
    expression = "INCLUDE ItemID WHERE Items.CATEGORY_L1 IN CurrentItem.CATEGORY_L1"
    assert kept(expression, current_item=BY_ID["boot1"]) == ["boot1", "sneaker", "sandal", "boot2"]
    assert kept(expression, current_item=BY_ID["shirt"]) == ["jacket", "shirt"]
    with pytest.raises(ValueError, match="current_item"):
        kept(expression)


def test_include_cheaper_in_same_subcategory_as_current_item() -> None:
    expression = (
        "INCLUDE ItemID WHERE Items.PRICE < CurrentItem.PRICE "
        "AND Items.CATEGORY_L2 IN CurrentItem.CATEGORY_L2"
    )
    assert kept(expression, current_item=BY_ID["boot1"]) == ["boot2"]
    assert kept(expression, current_item=BY_ID["boot2"]) == []


def test_if_current_user_condition() -> None:
    expression = 'EXCLUDE ItemID WHERE Items.GENDER IN ("M") IF CurrentUser.GENDER IN ("F")'
    female = {"GENDER": "F", "AGE": 30}
    male = {"GENDER": "M", "AGE": 30}
    assert kept(expression, current_user=female) == ["sneaker", "sandal", "tent", "boot2"]
    assert kept(expression, current_user=male) == ALL_IDS
    assert kept(expression, current_user=None) == ALL_IDS
    assert kept(expression, current_user={"AGE": 30}) == ALL_IDS


def test_if_numeric_user_condition() -> None:
    expression = "INCLUDE ItemID WHERE Items.PRICE < 50 IF CurrentUser.AGE < 18"
    assert kept(expression, current_user={"AGE": 15}) == ["sandal", "shirt"]
    assert kept(expression, current_user={"AGE": 40}) == ALL_IDS


def test_exclude_any_interaction() -> None:
    expression = 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("*")'
    assert kept(expression, interactions=HISTORY) == ["sneaker", "sandal", "jacket", "boot2"]


def test_include_interactions_of_one_type_from_placeholder() -> None:
    expression = "INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ($EVENTS)"
    assert kept(expression, interactions=HISTORY, values={"EVENTS": '"VIEW"'}) == ["shirt"]


def test_chained_clauses_must_all_pass() -> None:
    expression = (
        'INCLUDE ItemID WHERE Items.PROMOTED IN ("True") | EXCLUDE ItemID WHERE Items.PRICE > 100'
    )
    assert kept(expression) == ["sneaker", "shirt"]


def test_or_and_precedence() -> None:
    # AND binds tighter: (L1 = apparel AND price < 50) OR L2 = boot.
    expression = (
        'INCLUDE ItemID WHERE Items.CATEGORY_L1 IN ("apparel") AND Items.PRICE < 50 '
        'OR Items.CATEGORY_L2 IN ("boot")'
    )
    assert kept(expression) == ["boot1", "shirt", "boot2"]


def test_multi_valued_categorical_cells_use_the_pipe_separator() -> None:
    items = [{"ITEM_ID": "a", "CATEGORY_L2": "boot|hiking"}, {"ITEM_ID": "b"}]
    expression = 'INCLUDE ItemID WHERE Items.CATEGORY_L2 IN ("hiking")'
    assert apply_filter(expression, items=items) == [True, False]
    negated = 'INCLUDE ItemID WHERE Items.CATEGORY_L2 NOT IN ("hiking")'
    assert apply_filter(negated, items=items) == [False, True]


def test_parse_gives_the_expected_tree() -> None:
    expression = parse_filter(
        'include itemid where items.category_l1 in ("a", $C) and Items.PRICE <= $MAX '
        "IF CurrentUser.AGE >= 18 | EXCLUDE ItemID WHERE Items.PRICE > 100"
    )
    assert expression == FilterExpression(
        (
            FilterClause(
                Action.INCLUDE,
                And(
                    (
                        InCondition(
                            FieldRef(Dataset.ITEMS, "CATEGORY_L1"),
                            (StringValue("a"), Placeholder("C")),
                        ),
                        Comparison(
                            FieldRef(Dataset.ITEMS, "PRICE"), Comparator.LE, Placeholder("MAX")
                        ),
                    )
                ),
                Comparison(FieldRef(Dataset.CURRENT_USER, "AGE"), Comparator.GE, NumberValue(18)),
            ),
            FilterClause(
                Action.EXCLUDE,
                Comparison(FieldRef(Dataset.ITEMS, "PRICE"), Comparator.GT, NumberValue(100)),
            ),
        )
    )
    assert str(expression) == (
        'INCLUDE ItemID WHERE Items.CATEGORY_L1 IN ("a", $C) AND Items.PRICE <= $MAX '
        "IF CurrentUser.AGE >= 18 | EXCLUDE ItemID WHERE Items.PRICE > 100"
    )
    assert expression.parameters == {
        FilterParameter("C", Action.INCLUDE),
        FilterParameter("MAX", Action.INCLUDE),
    }


def test_parameters_record_the_clause_action() -> None:
    expression = parse_filter(
        "INCLUDE ItemID WHERE Items.CATEGORY_L1 IN ($C) | "
        "EXCLUDE ItemID WHERE Items.CATEGORY_L2 IN ($C, $D)"
    )
    assert expression.parameters == {
        FilterParameter("C", Action.INCLUDE),
        FilterParameter("C", Action.EXCLUDE),
        FilterParameter("D", Action.EXCLUDE),
    }


@pytest.mark.parametrize(
    ("expression", "position", "message"),
    [
        (
            "INCLUDE ItemID WHERE Items.CATEGORY_L1 NOT IN ($X)",
            47,
            "NOT IN does not accept placeholder parameters at position 47",
        ),
        (
            'INCLUDE ItemID WHERE Items.PRODUCT_DESCRIPTION IN ("x")',
            27,
            "Items.PRODUCT_DESCRIPTION is a textual field and cannot be used in a filter "
            "at position 27",
        ),
        ("INCLUDE WHERE", 8, "expected 'ItemID' at position 8"),
        ('INCLUDE ItemID WHERE Items.COLOR IN ("x")', 27, "allowed: Items.CATEGORY_L1"),
        (
            'EXCLUDE ItemID WHERE Items.PRICE > 1 OR Interactions.EVENT_TYPE IN ("x")',
            40,
            "cannot combine Items and Interactions",
        ),
        ('EXCLUDE ItemID WHERE Items.PRICE IN ("1")', 33, "Items.PRICE is numeric"),
        ("EXCLUDE ItemID WHERE Items.GENDER = 1", 34, "Items.GENDER is categorical"),
        ('EXCLUDE ItemID WHERE CurrentUser.GENDER IN ("F")', 21, "only be used in an IF"),
        ('EXCLUDE ItemID WHERE Items.GENDER IN ("F', 38, "unterminated string"),
        ('EXCLUDE ItemID WHERE Items.GENDER IN ("F") |', 44, "expected 'INCLUDE' or 'EXCLUDE'"),
        ('INCLUDE UserID WHERE Items.GENDER IN ("F")', 8, "only item filters"),
    ],
)
def test_syntax_errors_name_the_position(expression: str, position: int, message: str) -> None:
    with pytest.raises(FilterSyntaxError) as raised:
        parse_filter(expression)
    assert raised.value.position == position
    assert message in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_format_filter_values_escapes_quotes_commas_and_backslashes() -> None:
    assert format_filter_values(['say "hi", ok', "a\\b"]) == r'"say \"hi\"\, ok","a\\b"'
    assert parse_filter_values(' "x" , "y,z" ') == ["x", "y,z"]
    assert parse_filter_values("") == []
    for malformed in ("footwear", '"a" "b"', '"a', '"a",'):
        with pytest.raises(FilterValueError):
            parse_filter_values(malformed)


# --------------------------------------------------------------------------------------------
# Properties


def _any_case(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word, word.upper(), word.lower()])


_SPACE = st.sampled_from([" ", "  ", "\t", "\n"])
_PARAM = st.from_regex(r"\$[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True)
_STRING = st.one_of(st.sampled_from(["a", "b", "View", "True"]), st.text(max_size=8)).map(
    lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
)
_NUMBER = st.one_of(
    st.integers(-1000, 1000).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)
_CATEGORICAL = st.sampled_from(["ITEM_ID", "CATEGORY_L1", "CATEGORY_L2", "GENDER", "PROMOTED"])
_OPERATOR = st.sampled_from(["=", "!=", "<", "<=", ">", ">="])


@st.composite
def _item_test(draw: st.DrawFn, *, params: bool = True) -> str:
    value = st.one_of(_STRING, _PARAM) if params else _STRING
    if draw(st.booleans()):
        field = draw(_CATEGORICAL)
        negated = draw(st.booleans())
        keyword = "NOT IN" if negated else "IN"
        if draw(st.booleans()):
            rhs = f"CurrentItem.{draw(_CATEGORICAL)}"
        else:
            values = draw(st.lists(_STRING if negated else value, min_size=1, max_size=3))
            rhs = "(" + ", ".join(values) + ")"
        return f"{draw(_any_case('Items'))}.{field} {keyword} {rhs}"
    rhs_options = [_NUMBER, st.just("CurrentItem.PRICE")] + ([_PARAM] if params else [])
    rhs = draw(st.one_of(rhs_options))
    return f"Items.{draw(_any_case('PRICE'))} {draw(_OPERATOR)} {rhs}"


@st.composite
def _interactions_test(draw: st.DrawFn, *, params: bool = True) -> str:
    value = st.one_of(_STRING, _PARAM, st.just('"*"')) if params else _STRING
    values = draw(st.lists(value, min_size=1, max_size=3))
    return f"Interactions.EVENT_TYPE {draw(_any_case('IN'))} ({', '.join(values)})"


@st.composite
def _condition(draw: st.DrawFn, *, params: bool = True) -> str:
    test = _item_test(params=params) if draw(st.booleans()) else _interactions_test(params=params)
    tests = draw(st.lists(test, min_size=1, max_size=4))
    text = tests[0]
    for test_text in tests[1:]:
        joiner = draw(st.sampled_from(["AND", "OR", "and", "or"]))
        text += f"{draw(_SPACE)}{joiner}{draw(_SPACE)}{test_text}"
    return text


@st.composite
def _clause(draw: st.DrawFn) -> str:
    action = draw(st.sampled_from(["INCLUDE", "EXCLUDE", "include", "Exclude"]))
    text = f"{action}{draw(_SPACE)}{draw(_any_case('ItemID'))} WHERE {draw(_condition())}"
    if draw(st.booleans()):
        user_test = draw(
            st.one_of(
                st.lists(_STRING, min_size=1, max_size=2).map(
                    lambda v: f"CurrentUser.GENDER IN ({', '.join(v)})"
                ),
                st.tuples(_OPERATOR, _NUMBER).map(lambda t: f"CurrentUser.AGE {t[0]} {t[1]}"),
            )
        )
        text += f"{draw(_SPACE)}{draw(_any_case('IF'))} {user_test}"
    return text


_EXPRESSION = st.lists(_clause(), min_size=1, max_size=3).map(" | ".join)


@given(_EXPRESSION)
def test_valid_expressions_round_trip(expression: str) -> None:
    parsed = parse_filter(expression)
    printed = parsed.to_expression()
    assert parse_filter(printed) == parsed
    assert str(parse_filter(printed)) == printed


_VOCABULARY = [
    "INCLUDE", "EXCLUDE", "ItemID", "WHERE", "IF", "AND", "OR", "NOT", "IN", "(", ")", ",",
    "|", "=", "<=", ">", "!=", "Items.PRICE", "Items.CATEGORY_L1", "CurrentItem.PRICE",
    "CurrentItem.GENDER", "CurrentUser.AGE", "CurrentUser.GENDER", "Interactions.EVENT_TYPE",
    "Items.PRODUCT_NAME", "Users.AGE", '"x"', '"*"', '"', "$P", "$", "12", "-1.5e3", "1e999",
    "\\",
]  # fmt: skip


@given(st.one_of(st.text(), st.lists(st.sampled_from(_VOCABULARY), max_size=14).map(" ".join)))
def test_garbage_raises_only_filter_syntax_error(expression: str) -> None:
    try:
        parsed = parse_filter(expression)
    except FilterSyntaxError as error:
        assert 0 <= error.position <= len(expression)
        assert f"at position {error.position}" in str(error)
    else:
        assert parse_filter(str(parsed)) == parsed


@given(st.lists(st.text()))
def test_filter_values_round_trip(values: list[str]) -> None:
    assert parse_filter_values(format_filter_values(values)) == values


_WORDS = st.sampled_from(["a", "b", "c"])
_CATALOG = st.lists(
    st.fixed_dictionaries(
        {
            "ITEM_ID": st.sampled_from(["i1", "i2", "i3", "i4", "i5"]),
            "CATEGORY_L1": st.one_of(_WORDS, st.none(), st.just("a|b")),
            "GENDER": st.sampled_from(["M", "F"]),
            "PROMOTED": st.sampled_from(["True", "False"]),
            "PRICE": st.one_of(st.floats(0, 300), st.none()),
        },
        optional={"CATEGORY_L2": _WORDS},
    ),
    min_size=1,
    max_size=8,
)
_HISTORY = st.lists(st.tuples(st.sampled_from(["i1", "i2", "i9"]), st.sampled_from(["View", "x"])))


@given(
    condition=_condition(params=False),
    items=_CATALOG,
    history=_HISTORY,
    data=st.data(),
)
def test_include_and_exclude_partition_the_items(
    condition: str,
    items: Sequence[Mapping[str, Any]],
    history: list[tuple[str, str]],
    data: st.DataObject,
) -> None:
    current_item = data.draw(st.sampled_from(items))
    context: dict[str, Any] = {
        "items": items,
        "current_item": current_item,
        "interactions": history,
    }
    included = apply_filter(f"INCLUDE ItemID WHERE {condition}", **context)
    excluded = apply_filter(f"EXCLUDE ItemID WHERE {condition}", **context)
    assert included == [not keep for keep in excluded]


@given(first=_clause(), second=_clause(), items=_CATALOG, data=st.data())
def test_chaining_keeps_items_that_pass_every_clause(
    first: str, second: str, items: Sequence[Mapping[str, Any]], data: st.DataObject
) -> None:
    # One number serves both categorical and numeric placeholders.
    values = {p.name: '"50"' for p in parse_filter(f"{first} | {second}").parameters}
    context: dict[str, Any] = {
        "items": items,
        "current_item": items[0],
        "current_user": data.draw(st.sampled_from([None, {"GENDER": "F", "AGE": 30}])),
        "interactions": [("i1", "View")],
        "values": values,
    }
    both = apply_filter(f"{first} | {second}", **context)
    one = apply_filter(first, **context)
    two = apply_filter(second, **context)
    assert both == [a and b for a, b in zip(one, two, strict=True)]
