"""Assigning subjects to variants and interleaving two lists, as pure functions (no Django)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence


def bucket(*, experiment_key: str, subject: str) -> float:
    """A stable number in [0, 1) for a subject in an experiment: the first 60 bits of
    sha256("<experiment key>:<subject>") divided by 2^60. Same inputs, same bucket, in every
    process (Python's hash() is salted per process, so it would not be sticky)."""
    digest = hashlib.sha256(f"{experiment_key}:{subject}".encode()).hexdigest()
    return int(digest[:15], 16) / 16**15


def assign_variant(*, experiment_key: str, subject: str, share_b: float) -> str:
    """ "B" for the first `share_b` of buckets, "A" for the rest."""
    if not 0.0 <= share_b <= 1.0:
        raise ValueError(f"share_b must be between 0 and 1, got {share_b}")
    return "B" if bucket(experiment_key=experiment_key, subject=subject) < share_b else "A"


def team_draft_interleave(
    a: Sequence[str], b: Sequence[str], *, limit: int, a_first: Callable[[], bool]
) -> list[tuple[str, str]]:
    """Team-draft interleaving (Radlinski, Kurup and Joachims, 2008).

    Like picking teams: the team with fewer picks so far picks next (a coin, `a_first()`,
    decides when they have as many), taking its highest-ranked item not yet picked. Returns
    [(item, "A" | "B"), ...] of at most `limit` items; a click on an item credits its team.
    """
    if limit < 0:
        raise ValueError(f"limit must be 0 or more, got {limit}")
    picked: list[tuple[str, str]] = []
    seen: set[str] = set()
    n_a = n_b = 0
    ia = ib = 0
    while len(picked) < limit:
        while ia < len(a) and a[ia] in seen:
            ia += 1
        while ib < len(b) and b[ib] in seen:
            ib += 1
        a_left, b_left = ia < len(a), ib < len(b)
        if not a_left and not b_left:
            break
        a_turn = n_a < n_b or (n_a == n_b and a_first())
        if (a_turn and a_left) or not b_left:
            item, team = a[ia], "A"
            n_a += 1
        else:
            item, team = b[ib], "B"
            n_b += 1
        seen.add(item)
        picked.append((item, team))
    return picked
