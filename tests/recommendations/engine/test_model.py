"""The engine on the tiny cases from real bug reports (issue 2)."""

from __future__ import annotations

import dataclasses
import json
import math
import random

import numpy as np

from recommendations.engine.dataset import InteractionTable, ItemTable
from recommendations.engine.model import TrainingParams, train


def _items(rows: list[tuple[str, str, str, str, str]]) -> ItemTable:
    return ItemTable(
        ids=[r[0] for r in rows],
        names=[r[1] for r in rows],
        descriptions=[r[2] for r in rows],
        categories=[r[3] for r in rows],
        styles=[r[4] for r in rows],
    )


def _events(rows: list[tuple[str, str, str, int]]) -> InteractionTable:
    return InteractionTable(
        user_ids=[r[0] for r in rows],
        item_ids=[r[1] for r in rows],
        event_types=[r[2] for r in rows],
        timestamps=np.array([r[3] for r in rows], dtype=np.int64),
    )


SHOES_AND_KITCHEN = [
    ("A", "Trail running shoe", "Light trail running shoe", "footwear", "sneaker"),
    ("B", "Road running shoe", "Cushioned road running shoe", "footwear", "sneaker"),
    ("C", "Hiking running shoe", "Grippy running shoe for hills", "footwear", "sneaker"),
    ("D", "Chef knife", "Sharp steel kitchen knife", "housewares", "knife"),
]


def test_never_seen_shoe_gets_metadata_neighbours() -> None:
    model = train(
        _items(SHOES_AND_KITCHEN),
        _events(
            [
                ("u1", "A", "View", 1),
                ("u1", "B", "View", 2),
                ("u2", "A", "View", 3),
                ("u2", "B", "View", 4),
                ("u3", "D", "View", 5),
            ]
        ),
    )
    related = model.related("C", limit=3)
    ids = [r.item_id for r in related]
    assert ids, "a product without interactions still has neighbours"
    assert "C" not in ids
    assert ids.index("B") < ids.index("D")
    assert all(math.isfinite(r.score) for r in related)
    # A and B co-viewed by two shoppers: each is the other's first neighbour
    first = model.related("A", limit=1)[0]
    assert first.item_id == "B"
    # co weight x (best neighbour = 1.0): the tuned default co_weight is 0.95 (issue 3)
    assert math.isclose(first.co_part, TrainingParams().co_weight, rel_tol=1e-6)
    assert math.isclose(first.co_part, 0.95, rel_tol=1e-6)


def test_repeats_of_one_shopper_do_not_outweigh_distinct_shoppers() -> None:
    items = _items(
        [
            ("A", "Alpha", "", "c", "s"),
            ("B", "Beta", "", "c", "s"),
            ("C", "Gamma", "", "c", "s"),
        ]
    )
    # shopper 1 views A three times and buys B; shoppers 2 and 3 view A and C once each.
    events = _events(
        [
            ("1", "A", "View", 1),
            ("1", "A", "View", 2),
            ("1", "A", "View", 3),
            ("1", "B", "Purchase", 4),
            ("2", "A", "View", 5),
            ("2", "C", "View", 6),
            ("3", "A", "View", 7),
            ("3", "C", "View", 8),
        ]
    )
    model = train(items, events)
    related = model.related("A", limit=2)
    assert [r.item_id for r in related] == ["C", "B"]
    assert all(math.isfinite(r.score) for r in related)


def test_equal_neighbours_come_out_in_the_same_order_whatever_the_insertion_order() -> None:
    base = [
        ("A", "Lamp", "", "decor", "lamp"),
        ("B", "Lamp", "", "decor", "lamp"),
        ("C", "Lamp", "", "decor", "lamp"),
        ("D", "Lamp", "", "decor", "lamp"),
    ]
    results = set()
    for seed in range(6):
        rows = base[:]
        random.Random(seed).shuffle(rows)
        events = [(f"u{k}", x, "View", k) for k, x in enumerate("ABCD")]
        random.Random(seed + 100).shuffle(events)
        model = train(_items(rows), _events(events))
        results.add(tuple(r.item_id for r in model.related("A", limit=3)))
    assert results == {("B", "C", "D")}


def test_item_with_nothing_in_common_scores_zero_and_serializes() -> None:
    items = _items(
        [
            ("A", "Trail shoe", "running", "footwear", "sneaker"),
            ("B", "Road shoe", "running", "footwear", "sneaker"),
            ("Z", "Qwerty", "", "misc", ""),
        ]
    )
    model = train(items, _events([("u1", "A", "View", 1), ("u1", "B", "View", 2)]))
    related = model.related("Z", limit=5)
    assert [r.item_id for r in related] == ["A", "B"]  # popular first, then id
    assert [r.score for r in related] == [0.0, 0.0]
    json.dumps([r.score for r in related], allow_nan=False)


def test_unknown_item_gets_popular_items() -> None:
    model = train(
        _items(SHOES_AND_KITCHEN),
        _events([("u1", "D", "View", 1), ("u2", "D", "View", 2), ("u1", "A", "View", 3)]),
    )
    assert [r.item_id for r in model.related("nope", limit=2)] == ["D", "A"]


def test_mask_restricts_to_allowed_items_without_padding() -> None:
    model = train(
        _items(SHOES_AND_KITCHEN),
        _events([("u1", "A", "View", 1), ("u1", "D", "View", 2)]),
    )
    allowed = np.array([c == "footwear" for c in model.categories])
    ids = [r.item_id for r in model.related("A", limit=10, allowed=allowed)]
    assert sorted(ids) == ["B", "C"]


def test_rank_moves_the_shoppers_items_first_and_keeps_order_without_history() -> None:
    model = train(
        _items(SHOES_AND_KITCHEN),
        _events([("u1", "A", "View", 1), ("u1", "B", "View", 2)]),
    )
    assert [i for i, _ in model.rank(["D", "B", "A"], history=[])] == ["D", "B", "A"]
    history = [("B", "View", 10, True), ("B", "View", 11, True), ("B", "View", 12, True)]
    ranked = [i for i, _ in model.rank(["D", "A", "B", "unknown", "A"], history=history)]
    # B: viewed (direct affinity 1.0); A: similar to B; D: nothing; unknown ids stay last
    assert ranked == ["B", "A", "D", "unknown"]


def test_past_the_head_related_items_follow_co_occurrence() -> None:
    # One category; A, B and E share a style, C and D do not. Shoppers who touched A also
    # touched C (3 of them), D (2), B (1) and E (1), so by co-occurrence alone C > D > B = E.
    # With a style bonus of 1.0 (co-occurrence scaled by A's best neighbour, so <= 1), the
    # blended order is B, E (same style, tie broken by id), then C, D. The head (here 1 item)
    # keeps that blended order; the tail continues by co-occurrence: C, D, then E.
    items = _items(
        [
            ("A", "a", "", "footwear", "runner"),
            ("B", "b", "", "footwear", "runner"),
            ("C", "c", "", "footwear", "boot"),
            ("D", "d", "", "footwear", "boot"),
            ("E", "e", "", "footwear", "runner"),
        ]
    )
    rows = []
    for n, other in enumerate(["B", "C", "C", "C", "D", "D", "E"]):
        rows += [(f"u{n}", "A", "View", 2 * n), (f"u{n}", other, "View", 2 * n + 1)]
    params = TrainingParams(co_weight=1.0, meta_weight=0.0, style_weight=1.0)
    whole = train(items, _events(rows), training=dataclasses.replace(params, related_head=10))
    assert [r.item_id for r in whole.related("A", limit=4)] == ["B", "E", "C", "D"]
    head_one = train(items, _events(rows), training=dataclasses.replace(params, related_head=1))
    assert [r.item_id for r in head_one.related("A", limit=4)] == ["B", "C", "D", "E"]
    # The first `related_head` items are the same whatever the list's length.
    assert [r.item_id for r in head_one.related("A", limit=1)] == ["B"]


def test_shopper_genders_split_entry_paths_whatever_their_case() -> None:
    items = _items(
        [
            ("A", "Alpha", "alpha", "footwear", "x"),
            ("B", "Bravo", "bravo", "footwear", "y"),
            ("C", "Charlie", "charlie", "footwear", "z"),
            ("D", "Delta", "delta", "footwear", "w"),
        ]
    )
    # all three enter the footwear at A: shoppers 1 and 3 are men, shopper 2 a woman
    rows = [("1", "A", "View", 1), ("1", "B", "View", 2), ("2", "A", "View", 3)]
    rows += [("2", "C", "View", 4), ("3", "A", "View", 5), ("3", "D", "View", 6)]
    events = _events(rows)

    def co_parts(genders: dict[str, str]) -> dict[str, float]:
        table = dataclasses.replace(events, user_genders=genders)
        related = train(items, table).related("B", limit=3)
        return {r.item_id: round(r.co_part, 3) for r in related}

    # no genders: one group {A, B, C, D}, so A, C and D are equal path neighbours of B (1.0);
    # behaviour = 0.9 x paths + 0.1 x co-occurrence (only A was co-viewed with B):
    # A 1.0, C 0.9, D 0.9, times the co weight 0.95
    assert co_parts({}) == {"A": 0.95, "C": 0.855, "D": 0.855}
    # with genders the men's group {A, B, D} and the woman's {A, C} part: C is no behavioural
    # neighbour of B any more (it stays in the list by metadata alone)
    by_gender = co_parts({"1": "M", "2": "F", "3": "M"})
    assert by_gender == {"A": 0.95, "D": 0.855, "C": 0.0}
    assert co_parts({"1": "m", "2": " f", "3": "M"}) == by_gender
