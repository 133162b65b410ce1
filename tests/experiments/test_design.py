from __future__ import annotations

import hashlib
import itertools

import pytest

from experiments.design import assign_variant, bucket, team_draft_interleave


def test_bucket_is_the_documented_hash() -> None:
    digest = hashlib.sha256(b"exp:shopper:42").hexdigest()
    assert bucket(experiment_key="exp", subject="shopper:42") == int(digest[:15], 16) / 16**15


def test_assignment_is_sticky_and_split_as_asked() -> None:
    subjects = [f"session:{k}" for k in range(4000)]
    first = [assign_variant(experiment_key="e", subject=s, share_b=0.5) for s in subjects]
    again = [assign_variant(experiment_key="e", subject=s, share_b=0.5) for s in subjects]
    assert first == again
    assert 0.46 < first.count("B") / len(first) < 0.54
    assert {assign_variant(experiment_key="e", subject=s, share_b=0.0) for s in subjects} == {"A"}
    assert {assign_variant(experiment_key="e", subject=s, share_b=1.0) for s in subjects} == {"B"}
    with pytest.raises(ValueError, match="between 0 and 1"):
        assign_variant(experiment_key="e", subject="x", share_b=1.5)


def test_team_draft_by_hand() -> None:
    a, b = ["1", "2", "3", "4"], ["2", "1", "5", "6"]
    # A wins every coin: A takes 1, B (fewer picks) takes 2, tie -> A takes 3, B takes 5.
    assert team_draft_interleave(a, b, limit=4, a_first=lambda: True) == [
        ("1", "A"),
        ("2", "B"),
        ("3", "A"),
        ("5", "B"),
    ]
    # B wins every coin: B takes 2, A takes 1, B takes 5, A takes 3.
    assert team_draft_interleave(a, b, limit=4, a_first=lambda: False) == [
        ("2", "B"),
        ("1", "A"),
        ("5", "B"),
        ("3", "A"),
    ]


def test_team_draft_never_repeats_and_drains_both_lists() -> None:
    coins = itertools.cycle([True, False, False])
    merged = team_draft_interleave(
        ["1", "2"], ["2", "3", "4", "5"], limit=10, a_first=lambda: next(coins)
    )
    items = [item for item, _ in merged]
    assert sorted(items) == ["1", "2", "3", "4", "5"] and len(set(items)) == len(items)
    assert team_draft_interleave(["1"], ["2"], limit=0, a_first=lambda: True) == []
