"""Item-item similarity: co-occurrence in shopper histories, metadata, and their blend.

Pure functions over scipy sparse matrices (the shape of Microsoft Recommenders' SAR). Nothing here
builds a dense items x items matrix: products are processed in row chunks and only the top-k
neighbours of each row are kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from recommendations.engine.dataset import ItemTable

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int32]


def user_item_matrix(
    user_idx: npt.NDArray[np.int64],
    item_idx: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float64],
    *,
    n_users: int,
    n_items: int,
) -> sp.csr_matrix:
    """Shopper x item matrix X with X[u, i] = max weight of u's events on i.

    The max (not the sum) means a shopper who views an item ten times counts once, with the
    strength of their strongest event: one shopper's repeats never outweigh distinct shoppers.
    """
    if len(user_idx) == 0:
        return sp.csr_matrix((n_users, n_items), dtype=np.float32)
    key = user_idx.astype(np.int64) * n_items + item_idx.astype(np.int64)
    uniq, inverse = np.unique(key, return_inverse=True)
    values = np.zeros(len(uniq), dtype=np.float64)
    np.maximum.at(values, inverse, weights)
    rows = uniq // n_items
    cols = uniq % n_items
    return sp.csr_matrix(
        (values.astype(np.float32), (rows, cols)), shape=(n_users, n_items), dtype=np.float32
    )


@dataclass(frozen=True)
class TopK:
    """Top-k neighbours per row: `indices[i, :counts[i]]` with `scores[i, :counts[i]]`."""

    indices: IntArray
    scores: FloatArray
    counts: npt.NDArray[np.int32]

    @classmethod
    def empty(cls, n: int, k: int) -> TopK:
        return cls(
            indices=np.full((n, k), -1, dtype=np.int32),
            scores=np.zeros((n, k), dtype=np.float32),
            counts=np.zeros(n, dtype=np.int32),
        )

    def row(self, i: int) -> tuple[IntArray, FloatArray]:
        c = int(self.counts[i])
        return self.indices[i, :c], self.scores[i, :c]

    def put(
        self, i: int, cand: npt.NDArray[np.integer], scores: npt.NDArray[np.floating]
    ) -> npt.NDArray[np.intp]:
        """Store the best k of `cand` (by score, ties on the smaller index) as row i; return
        their positions in `cand`, best first."""
        order = np.lexsort((cand, -scores))[: self.indices.shape[1]]
        m = len(order)
        self.indices[i, :m] = cand[order]
        self.scores[i, :m] = scores[order]
        self.counts[i] = m
        return order


def _topk_rows(chunk: sp.csr_matrix, row_offset: int, k: int, out: TopK) -> None:
    """Keep the k largest positive entries of each row of `chunk`, never the diagonal.

    Ties break on the smaller column index, so results do not depend on insertion order.
    """
    chunk = chunk.tocsr()
    chunk.sum_duplicates()
    for r in range(chunk.shape[0]):
        start, end = chunk.indptr[r], chunk.indptr[r + 1]
        cols = chunk.indices[start:end]
        vals = chunk.data[start:end]
        i = row_offset + r
        keep = (cols != i) & (vals > 0) & np.isfinite(vals)
        cols, vals = cols[keep], vals[keep]
        if len(cols) == 0:
            continue
        out.put(i, cols, vals)


def _chunked_topk(
    A: sp.csr_matrix,
    B: sp.csr_matrix,
    *,
    k: int,
    chunk_size: int,
    left: npt.NDArray[np.float64] | None = None,
    right: npt.NDArray[np.float64] | None = None,
) -> TopK:
    """Top-k of each row of A @ B (optionally diag(left) @ A @ B @ diag(right)), computed
    `chunk_size` rows at a time so the full product is never held."""
    n = A.shape[0]
    out = TopK.empty(n, k)
    for start in range(0, n, chunk_size):
        stop = min(start + chunk_size, n)
        C = (A[start:stop] @ B).tocsr().astype(np.float64)
        if left is not None and right is not None:
            C = sp.diags(left[start:stop]) @ C @ sp.diags(right)
        _topk_rows(sp.csr_matrix(C), start, k, out)
    return out


def cooccurrence_topk(
    X: sp.csr_matrix, *, k: int, damping: float = 0.5, chunk_size: int = 2048
) -> TopK:
    """Top-k co-occurrence neighbours with popularity damping.

    With C = X^T X (weighted co-occurrence) and n_i = ||X[:, i]||^2, the similarity is

        sim(i, j) = C[i, j] / (n_i ** (1 - damping) * n_j ** damping)

    damping = 0.5 is cosine; a larger damping discounts popular neighbours j harder (the
    popularity discount of Personalize's SIMS), so a bestseller everybody buys does not top every
    list. Scores are finite and >= 0; rows of items nobody touched are empty.
    """
    Xc = X.tocsc()
    norms_sq = np.asarray(Xc.multiply(Xc).sum(axis=0)).ravel().astype(np.float64)
    safe = np.where(norms_sq > 0, norms_sq, 1.0)
    left = 1.0 / safe ** (1.0 - damping)
    right = 1.0 / safe**damping
    Xt = Xc.T.tocsr()  # items x users
    return _chunked_topk(Xt, X, k=k, chunk_size=chunk_size, left=left, right=right)


def entry_paths(
    user_idx: npt.NDArray[np.int64],
    item_idx: npt.NDArray[np.int64],
    order: npt.NDArray[np.int64],
    *,
    item_groups: npt.NDArray[np.int64],
    user_genders: npt.NDArray[np.int64],
    n_items: int,
) -> tuple[sp.csr_matrix, npt.NDArray[np.float64]]:
    """Shoppers' paths through each category, grouped by where they entered it.

    A shopper's path in a category is the set of items they touched there; its entry is the
    first of them (by `order`, e.g. the timestamps; equal values keep the rows' order, as
    `np.lexsort` is stable). Paths with the same entry item and
    the same shopper gender (-1 unknown) form one group, like visits that start on the same
    landing page. Returns the binary group x item matrix (the union of the group's paths) and
    the number of paths in each group.

    Two items are related by the groups they share (`path_topk`), which counts each entry point
    once however many shoppers took it: a large cohort of near-identical shoppers then does not
    drown the neighbours that several independent entry points agree on.
    """
    if len(user_idx) == 0:
        return sp.csr_matrix((0, n_items), dtype=np.float32), np.zeros(0)
    cat = item_groups[item_idx]
    # rows sorted by shopper, category, then time: the first row of each block is the entry
    srt = np.lexsort((order, cat, user_idx))
    u, c, i = user_idx[srt], cat[srt], item_idx[srt]
    start = np.ones(len(srt), dtype=bool)
    start[1:] = (u[1:] != u[:-1]) | (c[1:] != c[:-1])
    block = np.cumsum(start) - 1
    entry = i[start][block]
    gender = user_genders[u]
    key = entry * 3 + (gender + 1)  # gender in {-1, 0, 1}
    groups, group_of_row = np.unique(key, return_inverse=True)
    P = sp.csr_matrix(
        (np.ones(len(srt), dtype=np.float32), (group_of_row, i)),
        shape=(len(groups), n_items),
    )
    P.sum_duplicates()
    P.data[:] = 1.0
    paths = np.bincount(group_of_row[start], minlength=len(groups)).astype(np.float64)
    return P, paths


def path_topk(
    P: sp.csr_matrix,
    paths: npt.NDArray[np.float64],
    *,
    k: int,
    cohort_exponent: float = 0.5,
    chunk_size: int = 2048,
) -> TopK:
    """Top-k neighbours by shared entry-point groups (see `entry_paths`):

        sim(i, j) = sum over groups g holding i and j of  paths_g ** cohort_exponent / (|g| - 1)

    |g| is the number of items in the group; a group that holds many items says less about any
    one pair of them. cohort_exponent 0 counts every entry point once, 1 counts every shopper.
    Groups never span categories, so neither do these neighbours.
    """
    sizes = np.asarray(P.sum(axis=1)).ravel()
    w = paths**cohort_exponent / np.maximum(sizes - 1.0, 1.0)
    return _chunked_topk(P.T.tocsr(), sp.diags(w) @ P, k=k, chunk_size=chunk_size)


def mix_topk(parts: list[tuple[float, TopK]], *, k: int) -> TopK:
    """Weighted sum of several neighbour lists, each scaled by its row's best score first."""
    n = parts[0][1].indices.shape[0]
    out = TopK.empty(n, k)
    for i in range(n):
        idx_all, sc_all = [], []
        for weight, t in parts:
            idx, sc = t.row(i)
            if weight and len(idx):
                top = float(sc.max())
                idx_all.append(idx.astype(np.int64))
                sc_all.append((weight * sc / top if top > 0 else 0 * sc).astype(np.float64))
        if not idx_all:
            continue
        idx = np.concatenate(idx_all)
        sc = np.concatenate(sc_all)
        cand, inv = np.unique(idx, return_inverse=True)
        total = np.zeros(len(cand))
        np.add.at(total, inv, sc)
        keep = total > 0
        out.put(i, cand[keep], total[keep])
    return out


@dataclass(frozen=True)
class MetadataWeights:
    """Relative weight of each metadata block before the rows are L2-normalized."""

    text: float = 1.0
    category: float = 0.6
    style: float = 1.0
    gender: float = 0.25


def metadata_matrix(
    items: ItemTable, weights: MetadataWeights | None = None
) -> tuple[sp.csr_matrix, TfidfVectorizer]:
    """One L2-normalized row per item: TF-IDF of name (twice) + description, one-hot category,
    one-hot (category, style) and one-hot gender affinity, each block scaled by its weight.

    The dot product of two rows is their metadata cosine similarity, in [0, 1].
    """
    w = weights or MetadataWeights()
    n = len(items)
    texts = [
        f"{name} {name} {desc}" for name, desc in zip(items.names, items.descriptions, strict=True)
    ]
    vectorizer = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, min_df=1, token_pattern=r"(?u)\b[a-zA-Z]{2,}\b"
    )
    try:
        text = vectorizer.fit_transform(texts)
    except ValueError:  # empty vocabulary: no text at all
        text = sp.csr_matrix((n, 0), dtype=np.float64)
    blocks = [normalize(text) * w.text if text.shape[1] else text]
    for values, weight in (
        (items.categories, w.category),
        (
            [f"{c}/{s}" if s else "" for c, s in zip(items.categories, items.styles, strict=True)],
            w.style,
        ),
        (items.genders, w.gender),
    ):
        blocks.append(_one_hot(values) * weight)
    M = sp.hstack(blocks, format="csr").astype(np.float32)
    return normalize(M).tocsr(), vectorizer


def _one_hot(values: list[str]) -> sp.csr_matrix:
    """One column per distinct non-empty value; empty values get an all-zero row."""
    vocab = {v: j for j, v in enumerate(sorted({v for v in values if v}))}
    rows = [i for i, v in enumerate(values) if v]
    cols = [vocab[v] for v in values if v]
    data = np.ones(len(rows), dtype=np.float32)
    return sp.csr_matrix((data, (rows, cols)), shape=(len(values), max(len(vocab), 1)))


def metadata_topk(M: sp.csr_matrix, *, k: int, chunk_size: int = 1024) -> TopK:
    """Top-k metadata neighbours: cosine M[i] . M[j], computed chunk by chunk."""
    return _chunked_topk(M, M.T.tocsc(), k=k, chunk_size=chunk_size)


def row_dot(M: sp.csr_matrix, i: int, js: npt.NDArray[np.int64]) -> FloatArray:
    """Metadata cosine between item i and items js."""
    if len(js) == 0:
        return np.zeros(0, dtype=np.float32)
    return np.asarray((M[js] @ M[i].T).todense()).ravel().astype(np.float32)


def same_style_keys(categories: list[str], styles: list[str]) -> npt.NDArray[np.int64]:
    """One integer per item naming its (category, style); -1 where the style is empty."""
    keys: dict[tuple[str, str], int] = {}
    out = np.full(len(categories), -1, dtype=np.int64)
    for n, (c, s) in enumerate(zip(categories, styles, strict=True)):
        if s:
            out[n] = keys.setdefault((c, s), len(keys))
    return out


def blend_topk(
    co: TopK,
    meta: TopK,
    M: sp.csr_matrix,
    *,
    k: int,
    co_weight: float,
    meta_weight: float,
    style_weight: float = 0.0,
    style_keys: npt.NDArray[np.int64] | None = None,
) -> tuple[TopK, FloatArray, FloatArray]:
    """Blend co-occurrence and metadata neighbours into one top-k list per item.

        score(i, j) = co_weight * co(i, j) / max_j' co(i, j') + meta_weight * meta(i, j)
                    + style_weight * [i and j share category and style]

    Co-occurrence is scaled by the row's best neighbour so both parts live in [0, 1]; the
    metadata part is the exact cosine for every candidate (not only those in meta's top-k).
    The style term (a flat bonus, so "compare similar items" compares like with like) counts
    as metadata in the returned parts. Returns the blended top-k and, aligned with it, the
    two parts (for explanations).
    """
    n = co.indices.shape[0]
    out = TopK.empty(n, k)
    co_part = np.zeros((n, k), dtype=np.float32)
    meta_part = np.zeros((n, k), dtype=np.float32)
    for i in range(n):
        co_idx, co_sc = co.row(i)
        me_idx, _ = meta.row(i)
        cand = np.union1d(co_idx, me_idx).astype(np.int64)
        if len(cand) == 0:
            continue
        co_scores = np.zeros(len(cand), dtype=np.float32)
        if len(co_idx):
            top = float(co_sc.max())
            pos = np.searchsorted(cand, co_idx)
            co_scores[pos] = co_sc / top if top > 0 else 0.0
        meta_scores = row_dot(M, i, cand)
        c_part = co_weight * co_scores
        m_part = meta_weight * meta_scores
        if style_weight and style_keys is not None and style_keys[i] >= 0:
            m_part = m_part + style_weight * (style_keys[cand] == style_keys[i])
        total = c_part + m_part
        keep = total > 0
        cand, total, c_part, m_part = cand[keep], total[keep], c_part[keep], m_part[keep]
        order = out.put(i, cand, total)
        m = len(order)
        co_part[i, :m] = c_part[order]
        meta_part[i, :m] = m_part[order]
    return out, co_part, meta_part
