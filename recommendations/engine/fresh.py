"""Products newer than the model: metadata neighbours without retraining.

A trained model knows the catalog as it was at training time. A product added or edited since
gets neighbours from a metadata space refitted over the current catalog (the same blocks and
weights as training: TF-IDF of name and description, one-hot category, style and gender, see
`similarity.metadata_matrix`), and its score is the metadata part of the blend:

    score(i, j) = meta_weight * cos(M'[i], M'[j])

Refitting TF-IDF over a few thousand products takes tens of milliseconds; callers cache the
space until the catalog changes again. No Django here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from recommendations.engine.dataset import IdIndex, ItemTable
from recommendations.engine.similarity import MetadataWeights, metadata_matrix, row_dot


@dataclass(frozen=True)
class MetadataSpace:
    index: IdIndex
    matrix: sp.csr_matrix

    def similarity(self, item_id: str, candidates: Sequence[str]) -> npt.NDArray[np.float32]:
        """Metadata cosine of each candidate to `item_id` (0 for ids outside the space)."""
        i = self.index.get(item_id)
        out = np.zeros(len(candidates), dtype=np.float32)
        if i is None or not len(candidates):
            return out
        known = [k for k, c in enumerate(candidates) if c in self.index]
        if not known:
            return out
        js = np.fromiter(
            (self.index.index_of(candidates[k]) for k in known), dtype=np.int64, count=len(known)
        )
        out[np.asarray(known, dtype=np.int64)] = row_dot(self.matrix, i, js)
        return out


def metadata_space(items: ItemTable, weights: MetadataWeights | None = None) -> MetadataSpace:
    """Fit the metadata blocks over `items` (the whole current catalog)."""
    M, _ = metadata_matrix(items, weights)
    return MetadataSpace(IdIndex(items.ids), M)


@dataclass(frozen=True, slots=True)
class Scored:
    item_id: str
    score: float
    co_part: float = 0.0
    meta_part: float = 0.0


def merge_by_score(base: Sequence[Scored], extra: Sequence[Scored], *, limit: int) -> list[Scored]:
    """`base` in its own order with `extra` inserted before the first base item it outscores.

    Ids already in `base` are dropped from `extra`; `extra` is taken best first (ties by id).
    """
    seen = {s.item_id for s in base}
    unique = {s.item_id: s for s in extra if s.item_id not in seen}
    rest = sorted(unique.values(), key=lambda s: (-s.score, s.item_id))
    out: list[Scored] = []
    j = 0
    for b in base:
        while j < len(rest) and rest[j].score > b.score:
            out.append(rest[j])
            j += 1
        out.append(b)
    out.extend(rest[j:])
    return out[:limit]
