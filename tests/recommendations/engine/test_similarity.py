"""Similarity maths on tiny matrices whose answers were computed by hand."""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from recommendations.engine.similarity import cooccurrence_topk, user_item_matrix


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
