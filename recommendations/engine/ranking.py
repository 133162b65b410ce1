"""Personalized ranking of a candidate list for one shopper (Personalized-Ranking's job).

A shopper's history becomes an affinity per item (event-type weights, time decay anchored at
the shopper's own newest event, the current session weighted highest); each candidate is then
scored by its related score, the shopper's direct affinity to it, and the affinity-weighted
similarity of the shopper's items to it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from recommendations.engine.dataset import DEFAULT_EVENT_WEIGHTS, event_weight


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    item: int  # engine index
    event_type: str
    timestamp: int  # unix seconds
    in_session: bool = False


@dataclass(frozen=True)
class RankingParams:
    """Tunable ranking parameters (saved with the model).

    Defaults tuned by `engine.tuning.tune` on validation shoppers (docs/evaluation.md): shoppers
    return to a small group of items for months, so the decay is slow and what the shopper
    already touched (direct affinity) dominates. `session_boost` is kept at 3 by design (the
    current session weighs more), not tuned.
    """

    half_life_seconds: float = 365 * 24 * 3600.0
    session_boost: float = 3.0
    direct_weight: float = 5.0
    similarity_weight: float = 1.0
    related_weight: float = 0.5
    # Share of the shopper's affinity in the candidate's category. Constant within the
    # same-category carousel (so it cannot change that order or the offline figures); it lets a
    # mixed list (/api/rerank) follow the categories a shopper is browsing even when the exact
    # items are not neighbours of each other.
    category_weight: float = 0.5
    max_history: int = 50
    event_weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_EVENT_WEIGHTS))

    def as_dict(self) -> dict[str, object]:
        return {
            "half_life_seconds": self.half_life_seconds,
            "session_boost": self.session_boost,
            "direct_weight": self.direct_weight,
            "similarity_weight": self.similarity_weight,
            "related_weight": self.related_weight,
            "category_weight": self.category_weight,
            "max_history": self.max_history,
            "event_weights": dict(self.event_weights),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> RankingParams:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)  # type: ignore[arg-type]


def shopper_affinity(history: Sequence[HistoryEvent], params: RankingParams) -> dict[int, float]:
    """affinity(i) = sum over the shopper's events e on i of
    w(type_e) * 0.5 ** ((t_ref - t_e) / half_life) * (session_boost if e is in this session).

    The current session and the earlier history decay separately, each from its own newest
    event (never the wall clock): a shopper returning months later keeps their history, and
    what they did seconds ago weighs `session_boost` times more. Only the `max_history` most
    recent distinct items are kept.
    """
    if not history:
        return {}
    weights = dict(params.event_weights)
    t_ref = {
        flag: max((e.timestamp for e in history if e.in_session == flag), default=0)
        for flag in (True, False)
    }
    affinity: dict[int, float] = {}
    last_seen: dict[int, int] = {}
    for e in history:
        age = max(0, t_ref[e.in_session] - e.timestamp)
        decay = 0.5 ** (age / params.half_life_seconds) if params.half_life_seconds > 0 else 1.0
        boost = params.session_boost if e.in_session else 1.0
        value = event_weight(e.event_type, weights) * decay * boost
        if math.isfinite(value) and value > 0:
            affinity[e.item] = affinity.get(e.item, 0.0) + value
            last_seen[e.item] = max(last_seen.get(e.item, 0), e.timestamp)
    if len(affinity) > params.max_history:
        recent = sorted(last_seen, key=lambda i: (-last_seen[i], i))[: params.max_history]
        affinity = {i: affinity[i] for i in recent}
    return affinity


@dataclass(frozen=True, slots=True)
class RankedItem:
    item: int
    score: float
    related_part: float
    direct_part: float
    similarity_part: float
    because_of: tuple[int, ...]  # history items that moved this candidate most


def rank_candidates(
    candidates: Sequence[int],
    related_scores: Sequence[float],
    affinity: Mapping[int, float],
    similarity: Callable[[int, int], float],
    params: RankingParams,
    group: Callable[[int], str] | None = None,
) -> list[RankedItem]:
    """Re-order candidates for a shopper.

        score(c) = related_weight * r(c) / max r
                 + direct_weight * a(c) / max a
                 + similarity_weight * sum_j a(j) sim(j, c) / sum_j a(j)
                 + category_weight * sum_{j in group(c)} a(j) / sum_j a(j)

    With no history the related order is returned unchanged. Ties keep the input order.
    `similarity(j, c)` must return a finite value in [0, 1].
    """
    n = len(candidates)
    if n != len(related_scores):
        raise ValueError("candidates and related_scores must have the same length")
    max_r = max((s for s in related_scores if math.isfinite(s)), default=0.0)
    if not affinity:
        return [
            RankedItem(c, _finite(r), _finite(r), 0.0, 0.0, ())
            for c, r in zip(candidates, related_scores, strict=True)
        ]
    max_a = max(affinity.values())
    total_a = sum(affinity.values())
    group_affinity: dict[str, float] = {}
    if group is not None:
        for j, a in affinity.items():
            group_affinity[group(j)] = group_affinity.get(group(j), 0.0) + a
    out: list[tuple[float, int, RankedItem]] = []
    for pos, (c, r) in enumerate(zip(candidates, related_scores, strict=True)):
        rel = params.related_weight * (_finite(r) / max_r if max_r > 0 else 0.0)
        direct = params.direct_weight * affinity.get(c, 0.0) / max_a
        contributions: list[tuple[float, int]] = []
        sim_sum = 0.0
        for j, a in affinity.items():
            if j == c:
                continue
            s = similarity(j, c)
            if s > 0:
                contributions.append((a * s, j))
                sim_sum += a * s
        sim_part = params.similarity_weight * sim_sum / total_a
        if group is not None:
            sim_part += params.category_weight * group_affinity.get(group(c), 0.0) / total_a
        because = tuple(j for _, j in sorted(contributions, key=lambda t: (-t[0], t[1]))[:3])
        if direct > 0:
            because = (c, *because[:2])
        score = _finite(rel + direct + sim_part)
        out.append((score, pos, RankedItem(c, score, rel, direct, sim_part, because)))
    out.sort(key=lambda t: (-t[0], t[1]))
    return [item for _, _, item in out]


def _finite(x: float) -> float:
    return float(x) if math.isfinite(x) else 0.0
