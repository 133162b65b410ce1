from __future__ import annotations

from decimal import Decimal

from catalog.models import Category, Product
from recommendations.explain import card_explanation, compare_rows, movement, score_shares
from recommendations.services import Carousel, Recommendation


def rec(position: int, before: int, co: float = 0.3, meta: float = 0.1) -> Recommendation:
    product = Product(
        id=f"p{before}", name=f"P{before}", category=Category(name="c"), price=Decimal(1)
    )
    return Recommendation(product, 0.5, position, before, co_part=co, meta_part=meta)


def test_movement_arrows() -> None:
    assert movement(3) == ("↑3", "moved up 3 places")
    assert movement(-1) == ("↓1", "moved down 1 place")
    assert movement(0)[0] == "="


def test_score_shares_add_up_to_100() -> None:
    assert score_shares(rec(1, 1, co=0.3, meta=0.1)) == (75, 25)
    assert score_shares(rec(1, 1, co=1, meta=2)) == (33, 67)
    assert score_shares(rec(1, 1, co=0, meta=0)) == (0, 0)


def test_card_explanation_and_compare_rows() -> None:
    items = [rec(1, 4), rec(2, 1, co=0.1, meta=0.3), rec(3, 2), rec(4, 3)]
    carousel = Carousel(items, "local", "r", True)
    why = card_explanation(items[0], carousel)
    assert (why.movement, why.position_before, why.position) == ("↑3", 4, 1)
    assert "together" in why.summary and "75%" in why.summary
    assert "Similar category" in card_explanation(items[1], carousel).summary
    fallback = Carousel([rec(1, 1, 0, 0)], "fallback", "same-category-popular", False, True)
    assert "Popular" in card_explanation(fallback.items[0], fallback).summary
    related = Carousel(sorted(items, key=lambda r: r.position_before), "local", "r", False)
    rows = compare_rows(related=related, personalized=carousel)
    assert [
        (r.related.product.id, r.personalized.product.id)
        for r in rows
        if r.related and r.personalized
    ] == [
        ("p1", "p4"),
        ("p2", "p1"),
        ("p3", "p2"),
        ("p4", "p3"),
    ]
    assert [r.personalized_movement for r in rows] == ["↑3", "↓1", "↓1", "↓1"]
