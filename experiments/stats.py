"""Significance figures for /experiments/, as pure functions (no Django).

- A/B: two-proportion z-test on click-through rates.
- Interleaving: exact two-sided binomial sign test on per-exposure wins (ties dropped).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class ZTest:
    z: float
    p_value: float


def two_proportion_z_test(*, clicks_a: int, n_a: int, clicks_b: int, n_b: int) -> ZTest | None:
    """Two-sided two-proportion z-test with the pooled proportion.

        p = (x_a + x_b) / (n_a + n_b)
        z = (x_b / n_b - x_a / n_a) / sqrt(p (1 - p) (1/n_a + 1/n_b))
        p-value = erfc(|z| / sqrt(2))  (= 2 (1 - Phi(|z|)))

    None when a group is empty or the pooled proportion is 0 or 1 (no variance to test).
    """
    for name, x, n in (("a", clicks_a, n_a), ("b", clicks_b, n_b)):
        if x < 0 or n < 0 or x > n:
            raise ValueError(f"clicks_{name} must be between 0 and n_{name}, got {x} of {n}")
    if n_a == 0 or n_b == 0:
        return None
    pooled = (clicks_a + clicks_b) / (n_a + n_b)
    variance = pooled * (1 - pooled) * (1 / n_a + 1 / n_b)
    if variance <= 0:
        return None
    z = (clicks_b / n_b - clicks_a / n_a) / math.sqrt(variance)
    return ZTest(z=z, p_value=math.erfc(abs(z) / math.sqrt(2)))


def sign_test(*, wins_a: int, wins_b: int) -> float:
    """Exact two-sided binomial sign test p-value for wins_a against wins_b (ties excluded):

        n = wins_a + wins_b, k = min(wins_a, wins_b)
        p = min(1, 2 * sum_{i=0..k} C(n, i) / 2^n)

    1.0 when there are no wins at all.
    """
    if wins_a < 0 or wins_b < 0:
        raise ValueError(f"wins must be 0 or more, got {wins_a} and {wins_b}")
    n = wins_a + wins_b
    if n == 0:
        return 1.0
    k = min(wins_a, wins_b)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2**n
    return min(1.0, 2 * tail)


def preference(*, wins_a: int, wins_b: int, ties: int) -> float:
    """Interleaving preference for B in [-0.5, 0.5] (Chapelle et al. 2012, "delta AB"):

        (wins_b + ties / 2) / (wins_a + wins_b + ties) - 0.5

    0 when there is no clicked exposure. Positive means B is preferred.
    """
    total = wins_a + wins_b + ties
    if total == 0:
        return 0.0
    return (wins_b + ties / 2) / total - 0.5
