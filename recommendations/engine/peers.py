"""The methods our related items are measured against, all behind one small interface.

Each peer is fit on the binary shopper x item matrix (1 where a shopper touched an item) and
answers `related(a, k)`: up to k item indices, best first, never a itself. The `implicit`
library is imported only when one of its peers is built (it lives in the `eval` extra).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from recommendations.engine.dataset import ItemTable
from recommendations.engine.model import SimilarityModel
from recommendations.engine.similarity import (
    TopK,
    cooccurrence_topk,
    metadata_matrix,
    metadata_topk,
)

NEIGHBOURS = 100
FACTORS = 64
ALS_ITERATIONS = 15
IMPLICIT_THREADS = 2


class Peer:
    """Base class: `related(a, k)` returns item indices, best first."""

    name = "peer"

    def related(self, a: int, k: int) -> list[int]:
        raise NotImplementedError("a peer must implement related(a, k)")


def popularity(X: sp.csr_matrix) -> npt.NDArray[np.float64]:
    """Distinct shoppers per item."""
    return np.asarray((X > 0).sum(axis=0)).ravel().astype(np.float64)


class PopularPeer(Peer):
    """The most popular items of the catalog (ties by index)."""

    name = "popular"

    def __init__(self, X: sp.csr_matrix) -> None:
        pop = popularity(X)
        self.order = np.lexsort((np.arange(len(pop)), -pop))

    def related(self, a: int, k: int) -> list[int]:
        return [int(x) for x in self.order[: k + 1] if x != a][:k]


class SameCategoryPopularPeer(Peer):
    """The most popular items of a's category: the Retail Demo Store's fallback."""

    name = "same_category_popular"

    def __init__(self, X: sp.csr_matrix, categories: Sequence[str]) -> None:
        pop = popularity(X)
        order = np.lexsort((np.arange(len(pop)), -pop))
        self.categories = list(categories)
        self.by_category: dict[str, list[int]] = {}
        for x in order:
            self.by_category.setdefault(self.categories[x], []).append(int(x))

    def related(self, a: int, k: int) -> list[int]:
        ranked = self.by_category.get(self.categories[a], [])
        return [x for x in ranked[: k + 1] if x != a][:k]


class TopKPeer(Peer):
    """Answers from precomputed top-k neighbour lists."""

    def __init__(self, name: str, top: TopK) -> None:
        self.name = name
        self.top = top

    def related(self, a: int, k: int) -> list[int]:
        idx, _ = self.top.row(a)
        return [int(x) for x in idx[:k]]


def cooccurrence_peer(X: sp.csr_matrix) -> TopKPeer:
    """Cosine on the binary matrix: C[i, j] / sqrt(n_i n_j)."""
    return TopKPeer("cooccurrence", cooccurrence_topk(X, k=NEIGHBOURS, damping=0.5))


def metadata_peer(items: ItemTable) -> TopKPeer:
    """Our metadata similarity alone (TF-IDF text, category, style, gender)."""
    M, _ = metadata_matrix(items)
    return TopKPeer("metadata", metadata_topk(M, k=NEIGHBOURS))


class ImplicitPeer(Peer):
    """One of `implicit`'s item-item models, asked through its own `similar_items`."""

    def __init__(self, name: str, model: object, X: sp.csr_matrix) -> None:
        self.name = name
        self.model = model
        self.touched = np.asarray(X.getnnz(axis=0)) > 0

    def related(self, a: int, k: int) -> list[int]:
        if not self.touched[a]:
            return []  # nobody touched a in training: implicit knows nothing about it
        ids, scores = self.model.similar_items(a, N=k + 1)  # type: ignore[attr-defined]
        return [int(x) for x, s in zip(ids, scores, strict=True) if x != a and s > 0][:k]


def implicit_peers(X: sp.csr_matrix, *, seed: int) -> list[ImplicitPeer]:
    """CosineRecommender and BM25Recommender with K = 100, AlternatingLeastSquares with 64
    factors (CPU, fixed iterations and threads, seeded), all fit on the binary matrix."""
    from implicit.cpu.als import AlternatingLeastSquares
    from implicit.nearest_neighbours import BM25Recommender, CosineRecommender
    from threadpoolctl import threadpool_limits

    user_items = sp.csr_matrix(X, dtype=np.float32)
    peers = []
    with threadpool_limits(1, "blas"), warnings.catch_warnings():
        # implicit converts its own intermediate matrices and warns about it on every fit
        warnings.filterwarnings("ignore", message="Method expects CSR input")
        cosine = CosineRecommender(K=NEIGHBOURS, num_threads=IMPLICIT_THREADS)
        cosine.fit(user_items, show_progress=False)
        peers.append(ImplicitPeer("implicit_cosine", cosine, X))
        bm25 = BM25Recommender(K=NEIGHBOURS, num_threads=IMPLICIT_THREADS)
        bm25.fit(user_items, show_progress=False)
        peers.append(ImplicitPeer("implicit_bm25", bm25, X))
        als = AlternatingLeastSquares(
            factors=FACTORS,
            iterations=ALS_ITERATIONS,
            num_threads=IMPLICIT_THREADS,
            random_state=seed,
        )
        als.fit(user_items, show_progress=False)
        peers.append(ImplicitPeer("implicit_als", als, X))
    return peers


class RetailDemoPeer(Peer):
    """Our model as the product page asks it: related items restricted to a's category."""

    name = "retaildemo"

    def __init__(self, model: SimilarityModel, categories: Sequence[str]) -> None:
        self.model = model
        arr = np.asarray(categories, dtype=object)
        self.masks = {c: arr == c for c in set(categories)}
        self.categories = list(categories)

    def related(self, a: int, k: int) -> list[int]:
        m = self.model
        found = m.related(m.items.ids[a], limit=k, allowed=self.masks[self.categories[a]])
        return [m.items.index_of(r.item_id) for r in found]
