"""Similarity maths on tiny matrices whose answers were computed by hand."""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from recommendations.engine.similarity import (
    TopK,
    cooccurrence_topk,
    entry_paths,
    mix_topk,
    path_topk,
    user_item_matrix,
)


def test_user_item_matrix_keeps_the_strongest_event_not_the_sum() -> None:
    # shopper 0 views item 0 three times (w=1) and buys item 1 (w=3); shopper 1 views item 0.
    u = np.array([0, 0, 0, 0, 1])
    i = np.array([0, 0, 0, 1, 0])
    w = np.array([1.0, 1.0, 1.0, 3.0, 1.0])
    X = user_item_matrix(u, i, w, n_users=2, n_items=2).toarray()
    assert X.tolist() == [[1.0, 3.0], [1.0, 0.0]]


def test_cosine_cooccurrence_by_hand() -> None:
    # Binary matrix: users x items
    #   u0: A B
    #   u1: A B C
    #   u2: A
    X = sp.csr_matrix(np.array([[1, 1, 0], [1, 1, 1], [1, 0, 0]], dtype=np.float32))
    top = cooccurrence_topk(X, k=2, damping=0.5)
    idx, sc = top.row(0)  # neighbours of A
    # cos(A,B) = 2 / sqrt(3*2) = 0.8165; cos(A,C) = 1 / sqrt(3*1) = 0.5774
    assert idx.tolist() == [1, 2]
    assert math.isclose(sc[0], 2 / math.sqrt(6), rel_tol=1e-6)
    assert math.isclose(sc[1], 1 / math.sqrt(3), rel_tol=1e-6)
    idx_c, sc_c = top.row(2)  # C: cos(C,A) = 0.5774, cos(C,B) = 1/sqrt(2) = 0.7071
    assert idx_c.tolist() == [1, 0]
    assert math.isclose(sc_c[0], 1 / math.sqrt(2), rel_tol=1e-6)


def test_bestseller_does_not_top_a_niche_pair() -> None:
    # 100 shoppers buy the bestseller B; shoppers 0 and 1 also buy A and the niche item N.
    rows, cols = [], []
    for u in range(100):
        rows.append(u)
        cols.append(1)  # B
    for u in (0, 1):
        rows += [u, u]
        cols += [0, 2]  # A, N
    X = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(100, 3))
    idx, sc = cooccurrence_topk(X, k=2, damping=0.5).row(0)
    # cos(A,N) = 2/sqrt(2*2) = 1.0 ; cos(A,B) = 2/sqrt(2*100) = 0.1414
    assert idx.tolist() == [2, 1]
    assert math.isclose(sc[0], 1.0, rel_tol=1e-6)
    assert math.isclose(sc[1], 2 / math.sqrt(200), rel_tol=1e-6)


def _paths_example() -> tuple[sp.csr_matrix, np.ndarray]:
    # items 0-3 are in category 0, item 4 in category 1; genders: 1 = M, 0 = F, -1 unknown
    #   u0 (M): 1, 4, 0, 2  -> category 0 entered at 1 with {0, 1, 2}; category 1 at 4 with {4}
    #   u1 (M): 1, 0        -> entered at 1 with {0, 1}
    #   u2 (F): 1, 3        -> entered at 1 with {1, 3}: another gender, another group
    #   u3 (?): 0, 3        -> entered at 0 with {0, 3}
    # rows are given out of time order: `order` puts them back
    u = np.array([0, 0, 0, 0, 1, 1, 2, 2, 3, 3])
    i = np.array([2, 0, 4, 1, 0, 1, 3, 1, 3, 0])
    t = np.array([3, 2, 1, 0, 1, 0, 1, 0, 1, 0])
    return entry_paths(
        u,
        i,
        t,
        item_groups=np.array([0, 0, 0, 0, 1]),
        user_genders=np.array([1, 1, 0, -1]),
        n_items=5,
    )


def test_entry_paths_group_shoppers_by_entry_item_and_gender() -> None:
    P, paths = _paths_example()
    groups = [sorted(np.flatnonzero(row).tolist()) for row in P.toarray()]
    # groups sorted by (entry, gender): (0, ?), (1, F), (1, M), (4, M)
    assert groups == [[0, 3], [1, 3], [0, 1, 2], [4]]
    assert paths.tolist() == [1.0, 1.0, 2.0, 1.0]


def test_path_similarity_by_hand() -> None:
    P, paths = _paths_example()
    top = path_topk(P, paths, k=3, cohort_exponent=0.5)
    # group weights: paths ** 0.5 / (items - 1): (0,?) 1/1, (1,F) 1/1, (1,M) sqrt(2)/2, (4,M) 1
    idx, sc = top.row(0)
    assert idx.tolist() == [3, 1, 2]  # 0-3 share (0,?); 0-1 and 0-2 share (1,M); ties by id
    assert np.allclose(sc, [1.0, math.sqrt(2) / 2, math.sqrt(2) / 2])
    idx, sc = top.row(1)
    assert idx.tolist() == [3, 0, 2]
    assert np.allclose(sc, [1.0, math.sqrt(2) / 2, math.sqrt(2) / 2])
    assert top.row(4)[0].tolist() == []  # alone in its category
    # exponent 0 counts the entry point once, however many shoppers took it
    idx, sc = path_topk(P, paths, k=3, cohort_exponent=0.0).row(0)
    assert idx.tolist() == [3, 1, 2]
    assert np.allclose(sc, [1.0, 0.5, 0.5])


def test_mix_topk_scales_each_part_by_its_row_best() -> None:
    a = TopK.empty(1, 2)
    a.indices[0, :2] = [1, 2]
    a.scores[0, :2] = [2.0, 1.0]
    a.counts[0] = 2
    b = TopK.empty(1, 2)
    b.indices[0, :1] = [2]
    b.scores[0, :1] = [4.0]
    b.counts[0] = 1
    idx, sc = mix_topk([(0.5, a), (0.5, b)], k=2).row(0)
    # item 2: 0.5 * 1/2 + 0.5 * 4/4 = 0.75; item 1: 0.5 * 2/2 = 0.5
    assert idx.tolist() == [2, 1]
    assert np.allclose(sc, [0.75, 0.5])


def test_entry_paths_keep_file_order_between_equal_times() -> None:
    # shopper 0 touches 2 then 1 in the same second: 2 came first in the file, so 2 is the
    # entry; shopper 1 enters at 1. Had shopper 0 entered at 1 too, one group would hold all.
    P, paths = entry_paths(
        np.array([0, 0, 1, 1]),
        np.array([2, 1, 1, 0]),
        np.array([5, 5, 6, 7]),
        item_groups=np.array([0, 0, 0]),
        user_genders=np.array([-1, -1]),
        n_items=3,
    )
    assert [np.flatnonzero(row).tolist() for row in P.toarray()] == [[0, 1], [1, 2]]
    assert paths.tolist() == [1.0, 1.0]
