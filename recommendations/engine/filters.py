"""Amazon Personalize item filter expressions, parsed and evaluated locally.

This module mirrors the subset of Personalize's filter expression language that the storefront
uses, so the ``local`` backend filters candidates exactly as a Personalize filter would. It is
pure Python (no Django) so it can be tested and benchmarked alone.

Grammar (keywords, dataset names and field names match case-insensitively and are printed in
Personalize's canonical spelling; Personalize itself documents them upper case)::

    expression := clause ("|" clause)*
    clause     := ("INCLUDE" | "EXCLUDE") "ItemID" "WHERE" condition ["IF" user_test]
    condition  := and_term ("OR" and_term)*          -- AND binds tighter than OR, as in SQL
    and_term   := test ("AND" test)*
    test       := Items.F ["NOT"] "IN" ("(" value ("," value)* ")" | CurrentItem.F)
                | Items.F op (number | $PARAM | CurrentItem.F)
                | Interactions.EVENT_TYPE "IN" "(" value ("," value)* ")"
    user_test  := CurrentUser.F ["NOT"] "IN" "(" string ("," string)* ")"
                | CurrentUser.F op number
    value      := string | $PARAM
    op         := "=" | "!=" | "<" | "<=" | ">" | ">="

String literals are double-quoted; inside them a backslash escapes the next character (so
``"\\""`` is one double quote). There is no grouping with parentheses, as in Personalize.

Rules enforced as Personalize does: ``IN``/``NOT IN`` apply to categorical fields and comparison
operators to numeric ones; ``NOT IN`` takes no placeholder; ``CurrentItem`` fields appear only on
the right-hand side and ``CurrentUser`` fields only after ``IF``; one condition chained with
AND/OR may not mix the Items and Interactions datasets (chain separate clauses with ``|``);
textual fields (``PRODUCT_NAME``, ``PRODUCT_DESCRIPTION``) cannot be filtered.

Evaluation (:func:`apply_filter`) follows Personalize: INCLUDE keeps only matching items, EXCLUDE
removes matching items, and ``|``-chained clauses are applied in sequence (an item must pass all).
Categorical item values may hold several values separated by ``|`` (Personalize's convention);
``IN`` matches when any of them is listed. Item values compare case-sensitively, event types
case-insensitively, and ``"*"`` stands for every event type. A missing or non-numeric value never
satisfies ``IN`` or a comparison (so it always satisfies ``NOT IN``).
"""

from __future__ import annotations

import enum
import math
import operator
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

__all__ = [
    "ALL_EVENT_TYPES",
    "FIELDS",
    "TEXTUAL_FIELDS",
    "Action",
    "And",
    "Comparator",
    "Comparison",
    "Condition",
    "Dataset",
    "FieldRef",
    "FilterClause",
    "FilterExpression",
    "FilterParameter",
    "FilterSyntaxError",
    "FilterValueError",
    "InCondition",
    "MissingFilterValue",
    "NumberValue",
    "Or",
    "Placeholder",
    "StringValue",
    "apply_filter",
    "format_filter_values",
    "parse_filter",
    "parse_filter_values",
]


# --------------------------------------------------------------------------------------------
# Errors


class FilterSyntaxError(ValueError):
    """An expression is not valid; ``position`` is the 0-based character offset of the problem."""

    def __init__(self, message: str, *, position: int, found: str | None = None) -> None:
        self.message = message
        self.position = position
        text = f"{message} at position {position}"
        if found is not None:
            text += f", found {found}"
        super().__init__(text)


class MissingFilterValue(ValueError):
    """An INCLUDE clause uses ``$PARAMETER`` but no value was given for it.

    Personalize refuses such a request rather than return unfiltered recommendations.
    """

    def __init__(self, parameter: str) -> None:
        self.parameter = parameter
        super().__init__(
            f"no filter value for ${parameter}, which an INCLUDE clause requires; pass "
            f"values={{{parameter!r}: format_filter_values([...])}}"
        )


class FilterValueError(ValueError):
    """A filterValues string is malformed or does not suit the placeholder it fills."""


# --------------------------------------------------------------------------------------------
# Schema: the columns of the Personalize export that filters may use


class Action(enum.StrEnum):
    INCLUDE = "INCLUDE"
    EXCLUDE = "EXCLUDE"


class Dataset(enum.StrEnum):
    ITEMS = "Items"
    INTERACTIONS = "Interactions"
    CURRENT_ITEM = "CurrentItem"
    CURRENT_USER = "CurrentUser"


class Comparator(enum.StrEnum):
    EQ = "="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="


_Kind = Literal["categorical", "numeric"]

_ITEM_FIELDS: Final[dict[str, _Kind]] = {
    "ITEM_ID": "categorical",
    "CATEGORY_L1": "categorical",
    "CATEGORY_L2": "categorical",
    "GENDER": "categorical",
    "PROMOTED": "categorical",
    "PRICE": "numeric",
}
FIELDS: Final[Mapping[Dataset, Mapping[str, _Kind]]] = {
    Dataset.ITEMS: _ITEM_FIELDS,
    Dataset.CURRENT_ITEM: _ITEM_FIELDS,
    Dataset.INTERACTIONS: {"EVENT_TYPE": "categorical"},
    Dataset.CURRENT_USER: {"AGE": "numeric", "GENDER": "categorical"},
}
"""Filterable fields per dataset and whether they are categorical or numeric."""

TEXTUAL_FIELDS: Final = frozenset({"PRODUCT_NAME", "PRODUCT_DESCRIPTION"})
"""Item columns Personalize indexes as free text; filters cannot use them."""

ALL_EVENT_TYPES: Final = "*"

_DATASETS_BY_NAME: Final = {dataset.value.upper(): dataset for dataset in Dataset}


# --------------------------------------------------------------------------------------------
# AST


def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _format_number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


@dataclass(frozen=True)
class FieldRef:
    dataset: Dataset
    name: str

    def __str__(self) -> str:
        return f"{self.dataset}.{self.name}"


@dataclass(frozen=True)
class StringValue:
    value: str

    def __str__(self) -> str:
        return _quote(self.value)


@dataclass(frozen=True)
class NumberValue:
    value: float

    def __str__(self) -> str:
        return _format_number(self.value)


@dataclass(frozen=True)
class Placeholder:
    """``$NAME``; ``name`` excludes the dollar sign, as in Personalize's filterValues keys."""

    name: str

    def __str__(self) -> str:
        return f"${self.name}"


@dataclass(frozen=True)
class InCondition:
    """``field IN (values)``, ``field NOT IN (values)`` or ``field IN CurrentItem.F``."""

    field: FieldRef
    values: tuple[StringValue | Placeholder, ...] | FieldRef
    negated: bool = False

    def __str__(self) -> str:
        keyword = "NOT IN" if self.negated else "IN"
        if isinstance(self.values, FieldRef):
            return f"{self.field} {keyword} {self.values}"
        return f"{self.field} {keyword} ({', '.join(str(v) for v in self.values)})"


@dataclass(frozen=True)
class Comparison:
    field: FieldRef
    op: Comparator
    value: NumberValue | Placeholder | FieldRef

    def __str__(self) -> str:
        return f"{self.field} {self.op} {self.value}"


@dataclass(frozen=True)
class And:
    operands: tuple[Condition, ...]

    def __str__(self) -> str:
        if any(isinstance(operand, Or) for operand in self.operands):
            # The language has no parentheses, and AND binds tighter than OR.
            raise ValueError("an OR inside an AND cannot be written as a filter expression")
        return " AND ".join(str(operand) for operand in self.operands)


@dataclass(frozen=True)
class Or:
    operands: tuple[Condition, ...]

    def __str__(self) -> str:
        return " OR ".join(str(operand) for operand in self.operands)


Condition = InCondition | Comparison | And | Or


@dataclass(frozen=True)
class FilterParameter:
    """A placeholder and the kind of clause it is used in (INCLUDE ones must be given)."""

    name: str
    action: Action


@dataclass(frozen=True)
class FilterClause:
    action: Action
    condition: Condition
    if_condition: InCondition | Comparison | None = None

    def __str__(self) -> str:
        text = f"{self.action} ItemID WHERE {self.condition}"
        if self.if_condition is not None:
            text += f" IF {self.if_condition}"
        return text


@dataclass(frozen=True)
class FilterExpression:
    """A parsed filter: ``clauses`` chained with ``|``; an item must pass every clause."""

    clauses: tuple[FilterClause, ...]

    def to_expression(self) -> str:
        """The canonical Personalize spelling; ``parse_filter`` of it gives an equal AST."""
        return " | ".join(str(clause) for clause in self.clauses)

    def __str__(self) -> str:
        return self.to_expression()

    @property
    def parameters(self) -> frozenset[FilterParameter]:
        """Every placeholder with the action of each clause that uses it."""
        return frozenset(
            FilterParameter(placeholder.name, clause.action)
            for clause in self.clauses
            for placeholder in _placeholders(clause.condition)
        )


def _atoms(condition: Condition) -> Iterator[InCondition | Comparison]:
    if isinstance(condition, And | Or):
        for operand in condition.operands:
            yield from _atoms(operand)
    else:
        yield condition


def _placeholders(condition: Condition) -> Iterator[Placeholder]:
    for atom in _atoms(condition):
        if isinstance(atom, InCondition) and not isinstance(atom.values, FieldRef):
            yield from (v for v in atom.values if isinstance(v, Placeholder))
        elif isinstance(atom, Comparison) and isinstance(atom.value, Placeholder):
            yield atom.value


# --------------------------------------------------------------------------------------------
# Tokenizer


@dataclass(frozen=True)
class _Token:
    kind: Literal["name", "number", "param", "string", "op", "punct", "end"]
    text: str
    position: int
    value: str = ""  # decoded contents of a string literal

    def describe(self) -> str:
        return "end of expression" if self.kind == "end" else repr(self.text)


_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_TOKEN_RE: Final = re.compile(
    rf"""
    (?P<space>\s+)
    | (?P<number>-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
    | (?P<param>\${_IDENT})
    | (?P<name>{_IDENT}(?:\.{_IDENT})?)
    | (?P<op><=|>=|!=|=|<|>)
    | (?P<punct>[(),|])
    """,
    re.VERBOSE,
)


def _scan_quoted(text: str, start: int) -> tuple[str, int]:
    """Decode the double-quoted literal opening at ``start``; return it and the index after it.

    A backslash escapes the next character. Raises ``IndexError`` if the literal is unterminated.
    """
    chars: list[str] = []
    index = start + 1
    while True:
        char = text[index]
        if char == '"':
            return "".join(chars), index + 1
        if char == "\\":
            index += 1
            char = text[index]
        chars.append(char)
        index += 1


def _tokenize(expression: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(expression):
        if expression[position] == '"':
            try:
                value, end = _scan_quoted(expression, position)
            except IndexError:
                raise FilterSyntaxError("unterminated string literal", position=position) from None
            tokens.append(_Token("string", expression[position:end], position, value))
            position = end
            continue
        match = _TOKEN_RE.match(expression, position)
        if match is None:
            raise FilterSyntaxError(
                "unexpected character", position=position, found=repr(expression[position])
            )
        kind = match.lastgroup
        if kind != "space":
            tokens.append(_Token(kind, match.group(), position))  # type: ignore[arg-type]
        position = match.end()
    tokens.append(_Token("end", "", len(expression)))
    return tokens


# --------------------------------------------------------------------------------------------
# Parser


def parse_filter(expression: str) -> FilterExpression:
    """Parse a Personalize item filter expression; raise ``FilterSyntaxError`` if invalid."""
    return _Parser(expression).parse()


class _Parser:
    def __init__(self, expression: str) -> None:
        self._tokens = _tokenize(expression)
        self._index = 0

    # -- token helpers -------------------------------------------------------------------

    def _peek(self) -> _Token:
        return self._tokens[self._index]

    def _next(self) -> _Token:
        token = self._tokens[self._index]
        if token.kind != "end":
            self._index += 1
        return token

    @staticmethod
    def _is_keyword(token: _Token, keyword: str) -> bool:
        return token.kind == "name" and token.text.upper() == keyword.upper()

    def _expect_keyword(self, keyword: str) -> _Token:
        token = self._next()
        if not self._is_keyword(token, keyword):
            raise self._error(f"expected '{keyword}'", token)
        return token

    @staticmethod
    def _error(message: str, token: _Token) -> FilterSyntaxError:
        return FilterSyntaxError(message, position=token.position, found=token.describe())

    # -- grammar -------------------------------------------------------------------------

    def parse(self) -> FilterExpression:
        clauses = [self._clause()]
        while self._peek().text == "|" and self._peek().kind == "punct":
            self._next()
            clauses.append(self._clause())
        token = self._peek()
        if token.kind != "end":
            raise self._error("expected 'AND', 'OR', 'IF', '|' or end of expression", token)
        return FilterExpression(tuple(clauses))

    def _clause(self) -> FilterClause:
        token = self._next()
        if self._is_keyword(token, "INCLUDE"):
            action = Action.INCLUDE
        elif self._is_keyword(token, "EXCLUDE"):
            action = Action.EXCLUDE
        else:
            raise self._error("expected 'INCLUDE' or 'EXCLUDE'", token)
        token = self._next()
        if not self._is_keyword(token, "ItemID"):
            hint = (
                " (only item filters are supported)"
                if self._is_keyword(token, "ActionID") or self._is_keyword(token, "UserID")
                else ""
            )
            raise self._error(f"expected 'ItemID'{hint}", token)
        self._expect_keyword("WHERE")
        condition = self._where_condition()
        if_condition = None
        if self._is_keyword(self._peek(), "IF"):
            self._next()
            if_condition = self._test(where=False)
            token = self._peek()
            if self._is_keyword(token, "AND") or self._is_keyword(token, "OR"):
                raise self._error("an IF condition takes a single CurrentUser test", token)
        return FilterClause(action, condition, if_condition)

    def _where_condition(self) -> Condition:
        first_dataset: Dataset | None = None
        terms: list[Condition] = []
        while True:
            tests: list[Condition] = []
            while True:
                start = self._peek()
                test = self._test(where=True)
                if first_dataset is None:
                    first_dataset = test.field.dataset
                elif test.field.dataset is not first_dataset:
                    raise FilterSyntaxError(
                        f"cannot combine {first_dataset} and {test.field.dataset} conditions "
                        "with AND/OR; chain separate expressions with '|'",
                        position=start.position,
                    )
                tests.append(test)
                if not self._is_keyword(self._peek(), "AND"):
                    break
                self._next()
            terms.append(tests[0] if len(tests) == 1 else And(tuple(tests)))
            if not self._is_keyword(self._peek(), "OR"):
                break
            self._next()
        return terms[0] if len(terms) == 1 else Or(tuple(terms))

    def _field(self, token: _Token) -> tuple[FieldRef, _Kind]:
        if token.kind != "name" or "." not in token.text:
            raise self._error("expected a field such as 'Items.CATEGORY_L1'", token)
        dataset_name, field_name = token.text.split(".")
        dataset = _DATASETS_BY_NAME.get(dataset_name.upper())
        if dataset is None:
            allowed = ", ".join(sorted(d.value for d in Dataset))
            raise FilterSyntaxError(
                f"unknown dataset {dataset_name!r} (allowed: {allowed})", position=token.position
            )
        name = field_name.upper()
        field_position = token.position + len(dataset_name) + 1
        fields = FIELDS[dataset]
        if name in TEXTUAL_FIELDS and dataset in (Dataset.ITEMS, Dataset.CURRENT_ITEM):
            raise FilterSyntaxError(
                f"{dataset}.{name} is a textual field and cannot be used in a filter",
                position=field_position,
            )
        if name not in fields:
            allowed = ", ".join(f"{dataset}.{f}" for f in sorted(fields))
            raise FilterSyntaxError(
                f"unknown field {dataset}.{field_name} (allowed: {allowed})",
                position=field_position,
            )
        return FieldRef(dataset, name), fields[name]

    def _test(self, *, where: bool) -> InCondition | Comparison:
        token = self._next()
        field, kind = self._field(token)
        if where and field.dataset is Dataset.CURRENT_ITEM:
            raise self._error("CurrentItem fields may only appear on the right-hand side", token)
        if where and field.dataset is Dataset.CURRENT_USER:
            raise self._error("CurrentUser fields may only be used in an IF condition", token)
        if not where and field.dataset is not Dataset.CURRENT_USER:
            raise self._error("an IF condition must test a CurrentUser field", token)

        token = self._next()
        negated = self._is_keyword(token, "NOT")
        if negated:
            token = self._next()
            if not self._is_keyword(token, "IN"):
                raise self._error("expected 'IN' after 'NOT'", token)
        if self._is_keyword(token, "IN"):
            if kind == "numeric":
                raise self._error(
                    f"{field} is numeric: compare it with =, !=, <, <=, > or >= instead of IN",
                    token,
                )
            if negated and field.dataset is Dataset.INTERACTIONS:
                raise self._error("Interactions.EVENT_TYPE supports only IN", token)
            return self._in_rhs(field, negated=negated, where=where)
        if token.kind == "op":
            if kind == "categorical":
                raise self._error(
                    f"{field} is categorical: use IN or NOT IN instead of a comparison", token
                )
            return Comparison(field, Comparator(token.text), self._comparison_rhs(where=where))
        raise self._error("expected 'IN', 'NOT IN' or a comparison operator", token)

    def _current_item_field(self, token: _Token, *, kind: _Kind, where: bool) -> FieldRef:
        if not where:
            raise self._error("IF conditions compare with literal values only", token)
        field, field_kind = self._field(token)
        if field.dataset is not Dataset.CURRENT_ITEM:
            raise self._error("expected a CurrentItem field or a literal value", token)
        if field_kind != kind:
            raise self._error(f"expected a {kind} CurrentItem field", token)
        return field

    def _in_rhs(self, field: FieldRef, *, negated: bool, where: bool) -> InCondition:
        token = self._next()
        if token.kind == "name" and field.dataset is Dataset.ITEMS:
            current = self._current_item_field(token, kind="categorical", where=where)
            return InCondition(field, current, negated)
        if token.text != "(" or token.kind != "punct":
            raise self._error("expected '('", token)
        values: list[StringValue | Placeholder] = []
        while True:
            token = self._next()
            if token.kind == "string":
                values.append(StringValue(token.value))
            elif token.kind == "param":
                if negated:
                    raise self._error("NOT IN does not accept placeholder parameters", token)
                if not where:
                    raise self._error("IF conditions do not accept placeholder parameters", token)
                values.append(Placeholder(token.text[1:]))
            else:
                raise self._error("expected a double-quoted string or a $PARAMETER", token)
            token = self._next()
            if token.kind == "punct" and token.text == ")":
                return InCondition(field, tuple(values), negated)
            if token.kind != "punct" or token.text != ",":
                raise self._error("expected ',' or ')'", token)

    def _comparison_rhs(self, *, where: bool) -> NumberValue | Placeholder | FieldRef:
        token = self._next()
        if token.kind == "number":
            value = float(token.text)
            if not math.isfinite(value):
                raise self._error("number out of range", token)
            return NumberValue(value)
        if token.kind == "param":
            if not where:
                raise self._error("IF conditions do not accept placeholder parameters", token)
            return Placeholder(token.text[1:])
        if token.kind == "name":
            return self._current_item_field(token, kind="numeric", where=where)
        raise self._error("expected a number, a $PARAMETER or a CurrentItem field", token)


# --------------------------------------------------------------------------------------------
# filterValues


def format_filter_values(values: Sequence[str]) -> str:
    r"""Encode values as a Personalize filterValues string: ``"a","b"``.

    Each value is double-quoted; inside it a backslash escapes ``\``, ``"`` and ``,`` so a value
    containing quotes or commas survives :func:`parse_filter_values` unchanged.
    """
    return ",".join(
        '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace(",", "\\,") + '"' for v in values
    )


def parse_filter_values(text: str) -> list[str]:
    r"""Decode a filterValues string (``"a", "b"``) into its values; ``""`` gives ``[]``.

    Whitespace around values is ignored; inside quotes a backslash escapes the next character.
    Raises ``FilterValueError`` naming the offset of the first malformed character.
    """
    values: list[str] = []
    index = _skip_space(text, 0)
    if index == len(text):
        return values
    while True:
        if index >= len(text) or text[index] != '"':
            raise FilterValueError(
                f"filter values must be double-quoted and comma-separated "
                f"(use format_filter_values); bad character at position {index}: {text!r}"
            )
        try:
            value, index = _scan_quoted(text, index)
        except IndexError:
            raise FilterValueError(
                f"unterminated quoted filter value at position {index}: {text!r}"
            ) from None
        values.append(value)
        index = _skip_space(text, index)
        if index == len(text):
            return values
        if text[index] != ",":
            raise FilterValueError(
                f"expected ',' between filter values at position {index}: {text!r}"
            )
        index = _skip_space(text, index + 1)


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


# --------------------------------------------------------------------------------------------
# Evaluation

_COMPARE: Final[dict[Comparator, Callable[[float, float], bool]]] = {
    Comparator.EQ: operator.eq,
    Comparator.NE: operator.ne,
    Comparator.LT: operator.lt,
    Comparator.LE: operator.le,
    Comparator.GT: operator.gt,
    Comparator.GE: operator.ge,
}


def apply_filter(
    expression: FilterExpression | str,
    *,
    items: Sequence[Mapping[str, Any]],
    current_item: Mapping[str, Any] | None = None,
    current_user: Mapping[str, Any] | None = None,
    interactions: Sequence[tuple[str, str]] = (),
    values: Mapping[str, str] | None = None,
) -> list[bool]:
    """Return a keep-mask over ``items`` (same order): True where the item passes the filter.

    ``items`` and ``current_item`` are rows keyed by the export's column names (``ITEM_ID``,
    ``CATEGORY_L1``, ``PRICE`` ...); ``current_user`` is keyed by ``AGE``/``GENDER``;
    ``interactions`` are the current user's ``(item_id, event_type)`` pairs (Personalize only
    looks at a user's most recent interactions, so pass those); ``values`` is Personalize's
    filterValues: placeholder name without ``$`` (case-sensitive) -> :func:`format_filter_values`
    string.

    A clause whose IF test is false, or that has an IF and no ``current_user``, is skipped.
    A placeholder without a value (absent, or an empty list) raises ``MissingFilterValue`` in an
    INCLUDE clause; in an EXCLUDE clause the test that uses it is dropped, and the clause is
    skipped if nothing is left, as Personalize does. Raises ``ValueError`` if the expression uses
    ``CurrentItem`` and ``current_item`` is None.
    """
    parsed = parse_filter(expression) if isinstance(expression, str) else expression
    resolved = _resolve_values(parsed, values or {})
    context = _Context(current_item=current_item, interactions=interactions, values=resolved)
    keep = [True] * len(items)
    for clause in parsed.clauses:
        if clause.if_condition is not None and (
            current_user is None or not context.matches(clause.if_condition, current_user)
        ):
            continue
        condition = clause.condition
        if clause.action is Action.EXCLUDE:
            pruned = _drop_unvalued(condition, resolved)
            if pruned is None:
                continue
            condition = pruned
        if current_item is None and _uses_current_item(condition):
            raise ValueError(
                f"the filter clause {clause} uses CurrentItem fields; pass current_item"
            )
        include = clause.action is Action.INCLUDE
        for index, item in enumerate(items):
            if keep[index]:
                keep[index] = context.matches(condition, item) is include
    return keep


def _resolve_values(
    expression: FilterExpression, values: Mapping[str, str]
) -> dict[str, list[str]]:
    resolved: dict[str, list[str]] = {}
    for parameter in sorted(expression.parameters, key=lambda p: (p.name, p.action)):
        raw = values.get(parameter.name)
        parsed = [] if raw is None else parse_filter_values(raw)
        if parsed:
            resolved[parameter.name] = parsed
        elif parameter.action is Action.INCLUDE:
            raise MissingFilterValue(parameter.name)
    return resolved


def _uses_current_item(condition: Condition) -> bool:
    return any(
        isinstance(atom.values if isinstance(atom, InCondition) else atom.value, FieldRef)
        for atom in _atoms(condition)
    )


def _drop_unvalued(condition: Condition, resolved: Mapping[str, object]) -> Condition | None:
    """``condition`` without the tests whose placeholders have no value (None if none is left)."""
    if isinstance(condition, And | Or):
        kept = [
            pruned
            for operand in condition.operands
            if (pruned := _drop_unvalued(operand, resolved)) is not None
        ]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else type(condition)(tuple(kept))
    if all(p.name in resolved for p in _placeholders(condition)):
        return condition
    return None


def _categorical(raw: Any) -> frozenset[str]:
    """The set of values in a categorical cell; ``"a|b"`` holds two (Personalize's separator)."""
    if raw is None:
        return frozenset()
    if isinstance(raw, str):
        parts: Sequence[str] = raw.split("|")
    elif isinstance(raw, list | tuple | set | frozenset):
        parts = [str(part) for part in raw]
    else:
        parts = [str(raw)]
    return frozenset(part for part in parts if part)


def _numeric(raw: Any) -> float | None:
    if raw is None or isinstance(raw, bool):
        return None
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


class _Context:
    def __init__(
        self,
        *,
        current_item: Mapping[str, Any] | None,
        interactions: Sequence[tuple[str, str]],
        values: Mapping[str, list[str]],
    ) -> None:
        self._current_item = current_item or {}
        self._values = values
        self._interacted: dict[str, set[str]] = {}
        for item_id, event_type in interactions:
            self._interacted.setdefault(event_type.lower(), set()).add(str(item_id))
        self._interacted_any = set().union(*self._interacted.values())

    def _strings(self, values: Sequence[StringValue | Placeholder]) -> set[str]:
        strings: set[str] = set()
        for value in values:
            if isinstance(value, StringValue):
                strings.add(value.value)
            else:
                strings.update(self._values[value.name])
        return strings

    def _number(self, value: NumberValue | Placeholder | FieldRef) -> float | None:
        if isinstance(value, NumberValue):
            return value.value
        if isinstance(value, FieldRef):
            return _numeric(self._current_item.get(value.name))
        given = self._values[value.name]
        number = _numeric(given[0]) if len(given) == 1 else None
        if number is None:
            raise FilterValueError(f"the filter value for ${value.name} must be one number")
        return number

    def matches(self, condition: Condition, row: Mapping[str, Any]) -> bool:
        if isinstance(condition, And):
            return all(self.matches(operand, row) for operand in condition.operands)
        if isinstance(condition, Or):
            return any(self.matches(operand, row) for operand in condition.operands)
        if isinstance(condition, Comparison):
            left = _numeric(row.get(condition.field.name))
            right = self._number(condition.value)
            return left is not None and right is not None and _COMPARE[condition.op](left, right)
        if condition.field.dataset is Dataset.INTERACTIONS:
            assert not isinstance(condition.values, FieldRef)  # the parser guarantees it
            event_types = {t.lower() for t in self._strings(condition.values)}
            item_id = str(row.get("ITEM_ID"))
            if ALL_EVENT_TYPES in event_types:
                return item_id in self._interacted_any
            return any(item_id in self._interacted.get(t, ()) for t in event_types)
        if isinstance(condition.values, FieldRef):
            wanted: set[str] | frozenset[str] = _categorical(
                self._current_item.get(condition.values.name)
            )
        else:
            wanted = self._strings(condition.values)
        found = not _categorical(row.get(condition.field.name)).isdisjoint(wanted)
        return found is not condition.negated
