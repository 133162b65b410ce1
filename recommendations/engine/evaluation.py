"""Offline evaluation: seeded splits, the three protocols and their metrics. No Django.

Protocols (see docs/evaluation.md):

- `next`: hold out a share of shoppers entirely; for every consecutive pair of distinct items
  (a -> b) in a held-out history, ask a method for the top k related to a and score b.
- `cold`: also drop every interaction of a share of products from training; score the pairs
  whose a is one of them.
- `carousel`: replay held-out histories and build the product page's carousel at each pair
  (3k related candidates of a, same category, re-ranked with the shopper's earlier events).

Every method answers `related(a, k) -> [item index, ...]` over one shared item index (the
catalog in sorted id order, the order `engine.model.train` uses).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from recommendations.engine.dataset import InteractionTable
from recommendations.engine.model import SimilarityModel

SESSION_GAP_SECONDS = 30 * 60  # a pause this long starts a new session (Personalize's default)
HISTORY_LIMIT = 200  # events a carousel sees, as `backends.local.HISTORY_LIMIT`

RelatedFn = Callable[[int, int], Sequence[int]]


# ---- splits -----------------------------------------------------------------------------------
def sample_ids(ids: Iterable[str], *, fraction: float, seed: int, salt: str) -> frozenset[str]:
    """A seeded sample of round(fraction * n) distinct ids (at least one when fraction > 0).

    The ids are sorted first, so the sample depends only on the set of ids, the seed and the
    salt (a different salt draws an independent sample with the same seed).
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction must be between 0 and 1, got {fraction}")
    pool = sorted(set(ids))
    n = round(fraction * len(pool))
    if fraction > 0 and pool:
        n = max(n, 1)
    rng = np.random.default_rng([seed, sum(salt.encode())])
    picked = rng.choice(len(pool), size=n, replace=False) if n else np.zeros(0, dtype=int)
    return frozenset(pool[k] for k in picked)


@dataclass(frozen=True)
class Split:
    """Held-out shoppers, cold products, and the training rows that are left."""

    seed: int
    heldout: frozenset[str]
    cold: frozenset[str]
    train_rows: npt.NDArray[np.bool_]  # over the interaction table


def split(
    interactions: InteractionTable,
    *,
    seed: int,
    shopper_fraction: float = 0.1,
    cold_fraction: float = 0.0,
    item_ids: Sequence[str] = (),
) -> Split:
    """Hold out `shopper_fraction` of the shoppers and, for `cold`, `cold_fraction` of the
    products in `item_ids`: training keeps the rows of other shoppers on other products."""
    heldout = sample_ids(interactions.user_ids, fraction=shopper_fraction, seed=seed, salt="users")
    cold = (
        sample_ids(item_ids, fraction=cold_fraction, seed=seed, salt="items")
        if cold_fraction
        else frozenset()
    )
    rows = np.fromiter(
        (
            u not in heldout and i not in cold
            for u, i in zip(interactions.user_ids, interactions.item_ids, strict=True)
        ),
        dtype=bool,
        count=len(interactions),
    )
    return Split(seed=seed, heldout=heldout, cold=cold, train_rows=rows)


def subset(interactions: InteractionTable, rows: npt.NDArray[np.bool_]) -> InteractionTable:
    """The rows of `interactions` where `rows` is true, in file order."""
    keep = np.flatnonzero(rows).tolist()
    return InteractionTable(
        user_ids=[interactions.user_ids[k] for k in keep],
        item_ids=[interactions.item_ids[k] for k in keep],
        event_types=[interactions.event_types[k] for k in keep],
        timestamps=np.asarray(interactions.timestamps)[keep],
        user_genders=interactions.user_genders,
    )


# ---- histories and pairs ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Event:
    item: int
    event_type: str
    timestamp: int


def histories(
    interactions: InteractionTable, users: Iterable[str], item_index: dict[str, int]
) -> dict[str, list[Event]]:
    """Each shopper's events on catalog items, by timestamp; ties keep file order."""
    wanted = set(users)
    out: dict[str, list[Event]] = {u: [] for u in sorted(wanted)}
    order = np.argsort(np.asarray(interactions.timestamps), kind="stable")
    for k in order:
        u = interactions.user_ids[k]
        if u in wanted:
            i = item_index.get(interactions.item_ids[k])
            if i is not None:
                out[u].append(
                    Event(i, interactions.event_types[k], int(interactions.timestamps[k]))
                )
    return out


def next_pairs(history: Sequence[Event]) -> list[tuple[int, int, int]]:
    """(a, b, position of b) for every consecutive pair of events on distinct items."""
    return [
        (history[p - 1].item, history[p].item, p)
        for p in range(1, len(history))
        if history[p - 1].item != history[p].item
    ]


def session_flags(history: Sequence[Event], upto: int) -> list[bool]:
    """For events [0, upto): is each one in the session of event upto-1 (no pause longer than
    SESSION_GAP_SECONDS between it and that event)?"""
    flags = [False] * upto
    if upto == 0:
        return flags
    flags[upto - 1] = True
    for p in range(upto - 2, -1, -1):
        if history[p + 1].timestamp - history[p].timestamp > SESSION_GAP_SECONDS:
            break
        flags[p] = True
    return flags


# ---- metrics ----------------------------------------------------------------------------------
def hit_rank(recommended: Sequence[int], target: int) -> int | None:
    """0-based position of `target` in the list, None when absent."""
    for pos, x in enumerate(recommended):
        if x == target:
            return pos
    return None


def ndcg_one(rank: int | None) -> float:
    """NDCG with one relevant item: 1 / log2(rank + 2) for a 0-based rank, 0 for a miss
    (the ideal DCG is 1: the item at the top)."""
    return 0.0 if rank is None else 1.0 / math.log2(rank + 2)


def share_matching(recommended: Sequence[int], labels: Sequence[str], query: int) -> float | None:
    """Share of recommended items whose label equals the query's (empty labels never match);
    None for an empty list."""
    if not recommended:
        return None
    mine = labels[query]
    if not mine:
        return 0.0
    return sum(1 for x in recommended if labels[x] == mine) / len(recommended)


@dataclass
class Scores:
    """Micro averages over queries: hr and ndcg over every query (an empty list is a miss),
    the shares over queries that returned a list, coverage over the catalog."""

    n_items: int
    queries: int = 0
    empty: int = 0
    hits: int = 0
    ndcg_sum: float = 0.0
    same_category_sum: float = 0.0
    same_style_sum: float = 0.0
    seconds: float = 0.0
    timed: int = 0
    seen: set[int] = field(default_factory=set)

    def add(
        self,
        recommended: Sequence[int],
        target: int,
        *,
        query: int,
        categories: Sequence[str],
        styles: Sequence[str],
    ) -> None:
        self.queries += 1
        rank = hit_rank(recommended, target)
        self.hits += rank is not None
        self.ndcg_sum += ndcg_one(rank)
        if not recommended:
            self.empty += 1
            return
        self.same_category_sum += share_matching(recommended, categories, query) or 0.0
        self.same_style_sum += share_matching(recommended, styles, query) or 0.0
        self.seen.update(recommended)

    def as_dict(self) -> dict[str, float]:
        listed = self.queries - self.empty
        return {
            "hr": self.hits / self.queries if self.queries else 0.0,
            "ndcg": self.ndcg_sum / self.queries if self.queries else 0.0,
            "same_category": self.same_category_sum / listed if listed else 0.0,
            "same_style": self.same_style_sum / listed if listed else 0.0,
            "coverage": len(self.seen) / self.n_items if self.n_items else 0.0,
            "ms_per_query": 1000.0 * self.seconds / self.timed if self.timed else 0.0,
        }


def score_pairs(
    related: RelatedFn,
    pairs: Sequence[tuple[int, int]],
    *,
    k: int,
    categories: Sequence[str],
    styles: Sequence[str],
) -> Scores:
    """Ask `related(a, k)` once per distinct a (timed) and score every (a, b) pair."""
    scores = Scores(n_items=len(categories))
    lists: dict[int, list[int]] = {}
    for a, _ in pairs:
        if a not in lists:
            started = time.perf_counter()
            lists[a] = list(related(a, k))[:k]
            scores.seconds += time.perf_counter() - started
            scores.timed += 1
    for a, b in pairs:
        scores.add(lists[a], b, query=a, categories=categories, styles=styles)
    return scores


# ---- the binary matrix every peer is fit on ---------------------------------------------------
def binary_matrix(
    interactions: InteractionTable, item_index: dict[str, int]
) -> tuple[sp.csr_matrix, list[str]]:
    """Shopper x item matrix with 1 where the shopper touched the item at all."""
    users = sorted(set(interactions.user_ids))
    user_index = {u: n for n, u in enumerate(users)}
    rows, cols = [], []
    for u, i in zip(interactions.user_ids, interactions.item_ids, strict=True):
        j = item_index.get(i)
        if j is not None:
            rows.append(user_index[u])
            cols.append(j)
    X = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)),
        shape=(len(users), len(item_index)),
    )
    X.sum_duplicates()
    X.data[:] = 1.0
    return X, users


def summarize(values: Sequence[float]) -> tuple[float, float]:
    """Mean and spread (population standard deviation) of per-seed values."""
    arr = np.asarray(values, dtype=np.float64)
    if len(arr) == 0:
        return 0.0, 0.0
    return float(arr.mean()), float(arr.std())


# ---- carousel ---------------------------------------------------------------------------------
def category_masks(categories: Sequence[str]) -> dict[str, npt.NDArray[np.bool_]]:
    """One boolean mask over the items per category (the product page's same-category filter)."""
    arr = np.asarray(categories, dtype=object)
    return {c: arr == c for c in sorted(set(categories))}


@dataclass
class CarouselScores:
    related: Scores
    reranked: Scores


def score_carousel(
    model: SimilarityModel,
    shopper_histories: Iterable[Sequence[Event]],
    *,
    k: int,
    categories: Sequence[str],
    styles: Sequence[str],
    candidate_factor: int = 3,
) -> CarouselScores:
    """Replay histories and build, at each pair (a -> b), the carousel of a's product page as
    `services.carousel_for_product` does with the local backend:

        related = model.related(a, limit=3k, allowed=same category as a)
        reranked = model.rank(related ids, history=events before b)   (LocalBackend.rank)

    `related` scores its first k, `reranked` the first k after re-ranking. The history is the
    shopper's last HISTORY_LIMIT events before b, those of a's session flagged `in_session`.
    """
    ids = model.items.ids
    masks = category_masks(categories)
    out = CarouselScores(Scores(n_items=len(ids)), Scores(n_items=len(ids)))
    for history in shopper_histories:
        for a, b, p in next_pairs(history):
            started = time.perf_counter()
            candidates = model.related(
                ids[a], limit=candidate_factor * k, allowed=masks[categories[a]]
            )
            cand_ids = [r.item_id for r in candidates]
            lo = max(0, p - HISTORY_LIMIT)
            flags = session_flags(history, p)
            events = [
                (ids[e.item], e.event_type, e.timestamp, flags[q])
                for q, e in enumerate(history[lo:p], start=lo)
            ]
            ranked = [x for x, _ in model.rank(cand_ids, history=events)]
            out.reranked.seconds += time.perf_counter() - started
            out.reranked.timed += 1
            index = model.items
            before = [index.index_of(x) for x in cand_ids[:k]]
            after = [index.index_of(x) for x in ranked[:k]]
            out.related.add(before, b, query=a, categories=categories, styles=styles)
            out.reranked.add(after, b, query=a, categories=categories, styles=styles)
    return out
