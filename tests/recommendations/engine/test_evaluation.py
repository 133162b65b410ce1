"""Metrics and splits of the offline evaluation, on cases worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from recommendations.engine.dataset import InteractionTable
from recommendations.engine.evaluation import (
    Event,
    Scores,
    hit_rank,
    ndcg_one,
    next_pairs,
    sample_ids,
    score_pairs,
    session_flags,
    share_matching,
    split,
)


def test_hit_rank_and_ndcg_by_hand() -> None:
    assert hit_rank([5, 7, 9], 9) == 2
    assert hit_rank([5, 7, 9], 4) is None
    assert ndcg_one(0) == 1.0
    assert math.isclose(ndcg_one(2), 1 / math.log2(4))  # third place: 1/2
    assert ndcg_one(None) == 0.0


def test_shares_by_hand() -> None:
    cats = ["a", "a", "b", "a"]
    assert share_matching([1, 2, 3], cats, 0) == pytest.approx(2 / 3)
    assert share_matching([], cats, 0) is None
    assert share_matching([1], ["", "", "x", ""], 0) == 0.0  # an empty style never matches


def test_scores_count_empty_lists_as_misses_and_leave_them_out_of_shares() -> None:
    # items 0-3; categories a a b a; styles s t u s
    cats, styles = ["a", "a", "b", "a"], ["s", "t", "u", "s"]
    lists = {0: [1, 3], 2: []}
    scores = score_pairs(
        lambda a, k: lists[a], [(0, 3), (0, 2), (2, 0)], k=10, categories=cats, styles=styles
    )
    d = scores.as_dict()
    assert scores.empty == 1 and scores.queries == 3
    assert d["hr"] == pytest.approx(1 / 3)  # only (0, 3) hits, at rank 2
    assert d["ndcg"] == pytest.approx((1 / math.log2(3)) / 3)
    assert d["same_category"] == 1.0  # both listed items share category a; the empty list is out
    assert d["same_style"] == pytest.approx(0.5)  # 3 shares style s with 0, 1 does not
    assert d["coverage"] == pytest.approx(2 / 4)
    assert Scores(n_items=4).as_dict()["hr"] == 0.0


def test_next_pairs_skip_repeats_and_sessions_break_on_pauses() -> None:
    h = [Event(1, "View", 0), Event(1, "View", 5), Event(2, "View", 10), Event(3, "View", 5000)]
    assert next_pairs(h) == [(1, 2, 2), (2, 3, 3)]
    assert session_flags(h, 3) == [True, True, True]
    assert session_flags(h, 4) == [False, False, False, True]


def _table(n_users: int) -> InteractionTable:
    users = [f"u{k}" for k in range(n_users) for _ in range(2)]
    return InteractionTable(
        users, ["i1", "i2"] * n_users, ["View"] * len(users), np.zeros(len(users), dtype=np.int64)
    )


def test_split_is_seeded() -> None:
    table = _table(100)
    a, b, c = split(table, seed=1), split(table, seed=1), split(table, seed=2)
    assert a.heldout == b.heldout and len(a.heldout) == 10
    assert a.heldout != c.heldout
    assert not any(table.user_ids[k] in a.heldout for k in np.flatnonzero(a.train_rows).tolist())
    assert a.train_rows.sum() == 180


def test_cold_split_drops_the_cold_products_from_training() -> None:
    table = _table(50)
    s = split(table, seed=3, cold_fraction=0.5, item_ids=["i1", "i2"])
    assert len(s.cold) == 1
    kept = {table.item_ids[k] for k in np.flatnonzero(s.train_rows).tolist()}
    assert kept.isdisjoint(s.cold)
    assert sample_ids(["x", "y", "z"], fraction=0.4, seed=1, salt="items") == sample_ids(
        ["z", "y", "x"], fraction=0.4, seed=1, salt="items"
    )
