"""Significance figures against answers computed by hand."""

from __future__ import annotations

import math

import pytest

from experiments.stats import preference, sign_test, two_proportion_z_test


def test_z_test_by_hand() -> None:
    # A: 10/100, B: 20/100. pooled p = 30/200 = 0.15;
    # se = sqrt(0.15 * 0.85 * (1/100 + 1/100)) = sqrt(0.00255) = 0.0504975;
    # z = (0.20 - 0.10) / 0.0504975 = 1.98030;
    # p = erfc(1.98030 / sqrt 2) = 2 (1 - 0.976165) = 0.04767.
    result = two_proportion_z_test(clicks_a=10, n_a=100, clicks_b=20, n_b=100)
    assert result is not None
    assert result.z == pytest.approx(1.98030, abs=1e-5)
    assert result.p_value == pytest.approx(0.04767, abs=1e-5)


def test_z_test_is_symmetric_and_zero_when_equal() -> None:
    forward = two_proportion_z_test(clicks_a=20, n_a=100, clicks_b=10, n_b=100)
    assert forward is not None and forward.z == pytest.approx(-1.98030, abs=1e-5)
    same = two_proportion_z_test(clicks_a=5, n_a=50, clicks_b=10, n_b=100)
    assert same is not None and same.z == 0 and same.p_value == 1.0


def test_z_test_without_variance_or_data() -> None:
    assert two_proportion_z_test(clicks_a=0, n_a=0, clicks_b=1, n_b=3) is None
    assert two_proportion_z_test(clicks_a=0, n_a=10, clicks_b=0, n_b=10) is None
    assert two_proportion_z_test(clicks_a=10, n_a=10, clicks_b=4, n_b=4) is None
    with pytest.raises(ValueError, match="between 0 and n_a"):
        two_proportion_z_test(clicks_a=11, n_a=10, clicks_b=0, n_b=10)


def test_sign_test_by_hand() -> None:
    # 8 wins against 2: P(X <= 2 | n=10, 1/2) = (1 + 10 + 45) / 1024 = 56/1024; two-sided x2.
    assert sign_test(wins_a=8, wins_b=2) == pytest.approx(112 / 1024)
    assert sign_test(wins_a=2, wins_b=8) == pytest.approx(112 / 1024)
    # 6 against 0: 2 * (1/64) = 0.03125.
    assert sign_test(wins_a=0, wins_b=6) == pytest.approx(0.03125)
    assert sign_test(wins_a=5, wins_b=5) == 1.0
    assert sign_test(wins_a=0, wins_b=0) == 1.0
    with pytest.raises(ValueError):
        sign_test(wins_a=-1, wins_b=2)


def test_preference() -> None:
    # (3 + 2/2) / (1 + 3 + 2) - 0.5 = 4/6 - 0.5
    assert preference(wins_a=1, wins_b=3, ties=2) == pytest.approx(4 / 6 - 0.5)
    assert preference(wins_a=0, wins_b=0, ties=0) == 0.0
    assert math.isclose(preference(wins_a=4, wins_b=0, ties=0), -0.5)
