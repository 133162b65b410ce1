"""The trained related-items model: blended neighbours, popularity and metadata vectors.

`train()` builds it from an ItemTable and an InteractionTable; `related()` answers
Similar-Items queries and `rank()` Personalized-Ranking ones. No Django here.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from recommendations.engine.dataset import IdIndex, InteractionTable, ItemTable, event_weight
from recommendations.engine.ranking import (
    HistoryEvent,
    RankedItem,
    RankingParams,
    rank_candidates,
    shopper_affinity,
)
from recommendations.engine.similarity import (
    MetadataWeights,
    TopK,
    blend_topk,
    cooccurrence_topk,
    entry_paths,
    metadata_matrix,
    metadata_topk,
    mix_topk,
    path_topk,
    row_dot,
    same_style_keys,
    user_item_matrix,
)


@dataclass(frozen=True)
class TrainingParams:
    """Similarity parameters (saved with the model).

    The defaults were tuned by `engine.tuning.tune` on a validation split of training shoppers
    of the Retail Demo Store data (docs/evaluation.md); `train_recommendations --tune` re-tunes
    them on the database's own data.

    - path_weight, cohort_exponent: the behavioural part of the blend is
      `path_weight * paths + (1 - path_weight) * co-occurrence`, each scaled by its row's best:
      `paths` relates items through shoppers' entry points into a category
      (`similarity.entry_paths` / `path_topk`, per shopper gender where known), the
      co-occurrence part is damped cosine over shoppers (`similarity.cooccurrence_topk`).
    - co_weight, meta_weight, style_weight, damping: the blend of `similarity.blend_topk`.
    - cold_*: items nobody touched yet (new products) are ranked by
      `(meta_weight * meta + style_weight * same style + cold_gender_weight * same category
      and compatible gender affinity) * (1 + cold_popularity_weight * popularity / max)`,
      so a new product's neighbours look like it and are the ones shoppers actually pick.
    - related_head: the first `related_head` related items are ordered by the blended score
      (the style bonus makes the visible "compare similar items" list compare like with like);
      a longer list (the carousel asks for 3x candidates) continues with the remaining
      neighbours by their co-occurrence part alone (what shoppers actually go on to view), so
      the re-ranker gets the candidates the style bonus would have kept out of reach.
    """

    neighbours: int = 100
    path_weight: float = 0.9
    cohort_exponent: float = 0.5
    co_weight: float = 0.95
    meta_weight: float = 0.05
    damping: float = 0.9
    metadata: MetadataWeights = field(default_factory=MetadataWeights)
    style_weight: float = 0.2
    cold_gender_weight: float = 0.3
    cold_popularity_weight: float = 1.0
    related_head: int = 10

    def as_dict(self) -> dict[str, object]:
        return {
            "neighbours": self.neighbours,
            "path_weight": self.path_weight,
            "cohort_exponent": self.cohort_exponent,
            "co_weight": self.co_weight,
            "meta_weight": self.meta_weight,
            "damping": self.damping,
            "style_weight": self.style_weight,
            "cold_gender_weight": self.cold_gender_weight,
            "cold_popularity_weight": self.cold_popularity_weight,
            "related_head": self.related_head,
            "metadata": {
                "text": self.metadata.text,
                "category": self.metadata.category,
                "style": self.metadata.style,
                "gender": self.metadata.gender,
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> TrainingParams:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        meta = known.pop("metadata", None)
        params = cls(**known)  # type: ignore[arg-type]
        if isinstance(meta, Mapping):
            params = cls(**{**known, "metadata": MetadataWeights(**meta)})  # type: ignore[arg-type]
        return params


@dataclass(frozen=True, slots=True)
class Related:
    item_id: str
    score: float
    co_part: float  # share of the score from co-occurrence
    meta_part: float  # share from metadata


@dataclass
class SimilarityModel:
    items: IdIndex
    categories: list[str]
    styles: list[str]
    neighbours: TopK
    co_part: npt.NDArray[np.float32]
    meta_part: npt.NDArray[np.float32]
    popularity: npt.NDArray[np.float32]  # distinct shoppers per item
    metadata: sp.csr_matrix
    training: TrainingParams
    ranking: RankingParams
    info: dict[str, object] = field(default_factory=dict)
    genders: list[str] = field(default_factory=list)  # "M", "F" or "" per item

    def __post_init__(self) -> None:
        if len(self.genders) != len(self.items):
            self.genders = [""] * len(self.items)
        self._style_keys = same_style_keys(self.categories, self.styles)

    # ---- Similar-Items -------------------------------------------------------------------
    def related(
        self,
        item_id: str,
        *,
        limit: int,
        allowed: npt.NDArray[np.bool_] | None = None,
    ) -> list[Related]:
        """Up to `limit` items related to `item_id`, best first, never the item itself.

        `allowed` is a boolean mask over the model's items (a filter). The blended neighbours
        come first; when they run short, the remaining allowed items follow by metadata
        similarity (so rarely seen products still get sensible neighbours), then by
        popularity. An unknown item id gets the most popular allowed items (score 0).
        """
        if limit <= 0:
            return []
        n = len(self.items)
        mask = np.ones(n, dtype=bool) if allowed is None else allowed.copy()
        i = self.items.get(item_id)
        if i is None:
            return self.popular(limit=limit, allowed=mask)
        mask[i] = False
        if self.popularity[i] <= 0 and self.popularity.max() > 0:
            return self._related_cold(i, limit=limit, mask=mask)
        out: list[Related] = []
        idx, scores = self.neighbours.row(i)
        taken = np.zeros(n, dtype=bool)
        allowed_pos = np.flatnonzero(mask[idx]).tolist()
        head = max(0, self.training.related_head)
        if limit > head and len(allowed_pos) > head:
            # Past the head, the remaining neighbours follow by co-occurrence (ties: blended
            # order); each keeps its blended score (see TrainingParams.related_head).
            co = self.co_part[i]
            tail = sorted(allowed_pos[head:], key=lambda pos: (-float(co[pos]), pos))
            allowed_pos = allowed_pos[:head] + tail
        for pos in allowed_pos:
            j = idx[pos]
            out.append(
                Related(
                    self.items.ids[j],
                    _finite(scores[pos]),
                    _finite(self.co_part[i, pos]),
                    _finite(self.meta_part[i, pos]),
                )
            )
            taken[j] = True
            if len(out) >= limit:
                return out
        rest = np.flatnonzero(mask & ~taken)
        if len(rest) == 0:
            return out
        meta = row_dot(self.metadata, i, rest) * self.training.meta_weight
        pop = self.popularity[rest]
        order = np.lexsort((rest, -pop, -meta))
        for k in order[: limit - len(out)]:
            out.append(Related(self.items.ids[rest[k]], _finite(meta[k]), 0.0, _finite(meta[k])))
        return out

    def _related_cold(self, i: int, *, limit: int, mask: npt.NDArray[np.bool_]) -> list[Related]:
        """Neighbours of an item nobody has touched: looks alike, then popular (see
        TrainingParams). An allowed item with nothing in common scores 0 and comes last, by
        popularity."""
        tp = self.training
        cand = np.flatnonzero(mask)
        if len(cand) == 0:
            return []
        base = row_dot(self.metadata, i, cand).astype(np.float64) * tp.meta_weight
        key = self._style_keys[i]
        if key >= 0 and tp.style_weight:
            base += tp.style_weight * (self._style_keys[cand] == key)
        if tp.cold_gender_weight:
            g = self.genders[i]
            cats = self.categories
            base += tp.cold_gender_weight * np.fromiter(
                (
                    cats[j] == cats[i] and (not g or not self.genders[j] or self.genders[j] == g)
                    for j in cand
                ),
                dtype=bool,
                count=len(cand),
            )
        pop = self.popularity[cand].astype(np.float64)
        top = float(self.popularity.max())
        score = base * (1.0 + tp.cold_popularity_weight * pop / top)
        order = np.lexsort((cand, -pop, -score))[:limit]
        return [
            Related(self.items.ids[cand[k]], _finite(score[k]), 0.0, _finite(score[k]))
            for k in order
        ]

    def popular(self, *, limit: int, allowed: npt.NDArray[np.bool_] | None = None) -> list[Related]:
        cand = np.arange(len(self.items)) if allowed is None else np.flatnonzero(allowed)
        order = np.lexsort((cand, -self.popularity[cand]))[:limit]
        return [Related(self.items.ids[cand[k]], 0.0, 0.0, 0.0) for k in order]

    def similarity(self, i: int, j: int) -> float:
        """Blended similarity of j to i from the stored neighbours (0 when not a neighbour)."""
        idx, scores = self.neighbours.row(i)
        hit = np.flatnonzero(idx == j)
        return _finite(scores[hit[0]]) if len(hit) else 0.0

    # ---- Personalized-Ranking ------------------------------------------------------------
    def rank(
        self,
        item_ids: Sequence[str],
        *,
        history: Sequence[tuple[str, str, int, bool]],
        related_scores: Sequence[float] | None = None,
    ) -> list[tuple[str, RankedItem | None]]:
        """Re-order `item_ids` for a shopper whose history is (item id, event type, unix
        seconds, in current session). Items the model does not know keep their relative order
        after the known ones. Duplicates are dropped (first occurrence wins)."""
        ids = list(dict.fromkeys(item_ids))
        scores = list(related_scores) if related_scores is not None else None
        if scores is None or len(scores) != len(item_ids):
            # Without related scores, the given order is the prior: 1, (n-1)/n, ...
            scores = [1.0 - k / max(len(item_ids), 1) for k in range(len(item_ids))]
        first_score: dict[str, float] = {}
        for item_id, s in zip(item_ids, scores, strict=True):
            first_score.setdefault(item_id, s)
        known = [x for x in ids if x in self.items]
        unknown = [x for x in ids if x not in self.items]
        events = [
            HistoryEvent(self.items.index_of(item), etype, int(ts), bool(in_session))
            for item, etype, ts, in_session in history
            if item in self.items
        ]
        affinity = shopper_affinity(events, self.ranking)
        cand = [self.items.index_of(x) for x in known]
        sim_cache: dict[int, dict[int, float]] = {}

        def sim(j: int, c: int) -> float:
            row = sim_cache.get(j)
            if row is None:
                idx, sc = self.neighbours.row(j)
                row = {int(a): float(b) for a, b in zip(idx, sc, strict=True)}
                sim_cache[j] = row
            return row.get(c, 0.0)

        categories = self.categories
        ranked = rank_candidates(
            cand,
            [first_score[x] for x in known],
            affinity,
            sim,
            self.ranking,
            group=lambda i: categories[i],
        )
        result: list[tuple[str, RankedItem | None]] = [(self.items.ids[r.item], r) for r in ranked]
        result.extend((x, None) for x in unknown)
        return result


def train(
    items: ItemTable,
    interactions: InteractionTable,
    *,
    training: TrainingParams | None = None,
    ranking: RankingParams | None = None,
) -> SimilarityModel:
    """Build the model. Items are indexed in sorted id order so ties break by id."""
    started = time.perf_counter()
    tp = training or TrainingParams()
    rp = ranking or RankingParams()
    items = items.sorted_by_id()
    item_index = IdIndex(items.ids)
    n_items = len(item_index)
    # Interactions with items outside the catalog are ignored (deleted products).
    keep = np.fromiter(
        (x in item_index for x in interactions.item_ids), dtype=bool, count=len(interactions)
    )
    user_list = [u for u, k in zip(interactions.user_ids, keep, strict=True) if k]
    user_index = IdIndex(dict.fromkeys(user_list))
    u = np.fromiter(
        (user_index.index_of(x) for x in user_list), dtype=np.int64, count=len(user_list)
    )
    i = np.fromiter(
        (item_index.index_of(x) for x, k in zip(interactions.item_ids, keep, strict=True) if k),
        dtype=np.int64,
        count=len(user_list),
    )
    w = np.fromiter(
        (
            event_weight(e, dict(rp.event_weights))
            for e, k in zip(interactions.event_types, keep, strict=True)
            if k
        ),
        dtype=np.float64,
        count=len(user_list),
    )
    X = user_item_matrix(u, i, w, n_users=len(user_index), n_items=n_items)
    popularity = np.asarray((X > 0).sum(axis=0)).ravel().astype(np.float32)
    k = max(1, min(tp.neighbours, max(n_items - 1, 1)))
    co = cooccurrence_topk(X, k=k, damping=tp.damping)
    if tp.path_weight > 0:
        cat_codes = {c: n for n, c in enumerate(sorted(set(items.categories)))}
        genders = interactions.user_genders
        P, paths = entry_paths(
            u,
            i,
            np.asarray(interactions.timestamps)[keep],
            item_groups=np.array([cat_codes[c] for c in items.categories], dtype=np.int64),
            user_genders=np.array(
                [
                    {"F": 0, "M": 1}.get(str(genders.get(x, "")).strip().upper(), -1)
                    for x in user_index.ids
                ],
                dtype=np.int64,
            ),
            n_items=n_items,
        )
        path = path_topk(P, paths, k=k, cohort_exponent=tp.cohort_exponent)
        co = mix_topk([(tp.path_weight, path), (1.0 - tp.path_weight, co)], k=k)
    M, _ = metadata_matrix(items, tp.metadata)
    meta = metadata_topk(M, k=k)
    blended, co_part, meta_part = blend_topk(
        co,
        meta,
        M,
        k=k,
        co_weight=tp.co_weight,
        meta_weight=tp.meta_weight,
        style_weight=tp.style_weight,
        style_keys=same_style_keys(list(items.categories), list(items.styles)),
    )
    ts = np.asarray(interactions.timestamps)
    info: dict[str, object] = {
        "items": n_items,
        "shoppers": len(user_index),
        "interactions": int(keep.sum()),
        "newest_event": int(ts.max()) if len(ts) else None,
        "training_seconds": round(time.perf_counter() - started, 3),
    }
    return SimilarityModel(
        items=item_index,
        categories=list(items.categories),
        styles=list(items.styles),
        neighbours=blended,
        co_part=co_part,
        meta_part=meta_part,
        popularity=popularity,
        metadata=M,
        training=tp,
        ranking=rp,
        info=info,
        genders=list(items.genders),
    )


def _finite(x: float | np.floating) -> float:
    v = float(x)
    return v if math.isfinite(v) else 0.0
