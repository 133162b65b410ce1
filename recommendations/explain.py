"""Why each card of a carousel is there, in words a presenter can read out.

Everything here reads the `Carousel` the service already built (score parts from Similar-Items,
`because_of` and `position_before` from Personalized-Ranking); nothing is recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog.models import Product
from recommendations.services import Carousel, Recommendation


@dataclass(frozen=True)
class CardExplanation:
    co_percent: int  # share of the related score from co-occurrence, 0-100
    meta_percent: int  # share from metadata (category, style, text), 0-100
    position: int
    position_before: int
    moved: int  # places gained by personalization (positive = moved up)
    movement: str  # "↑3", "↓1" or "="
    movement_label: str  # the same for screen readers
    because_of: list[Product] = field(default_factory=list)
    summary: str = ""
    team: str | None = None


@dataclass(frozen=True)
class CarouselExplanation:
    backend: str
    recipe: str
    model_version: str | None
    personalized: bool
    fallback: bool
    variant: str | None
    moved_cards: int  # cards whose position personalization changed


def movement(moved: int) -> tuple[str, str]:
    """The arrow shown for a card and its spoken form: ↑3 = moved up three places."""
    if moved > 0:
        return f"↑{moved}", f"moved up {moved} place{'s' if moved != 1 else ''}"
    if moved < 0:
        return f"↓{-moved}", f"moved down {-moved} place{'s' if moved != -1 else ''}"
    return "=", "same place as before personalization"


def score_shares(rec: Recommendation) -> tuple[int, int]:
    """(co-occurrence %, metadata %) of the related score, rounded so that they add up to 100
    (0, 0 when the score has no parts, e.g. the popular fallback)."""
    if rec.co_part + rec.meta_part <= 0:
        return 0, 0
    co = round(100 * rec.co_share)
    return co, 100 - co


def card_explanation(rec: Recommendation, carousel: Carousel) -> CardExplanation:
    co, meta = score_shares(rec)
    arrow, spoken = movement(rec.moved)
    if carousel.fallback:
        summary = "Popular in this category (fallback: no related-items model answered)"
    elif co == 0 and meta == 0:
        summary = "Related to this product"
    elif co >= 50:
        summary = f"Often viewed or bought together ({co}% of its score)"
    else:
        summary = f"Similar category, style and description ({meta}% of its score)"
    return CardExplanation(
        co_percent=co,
        meta_percent=meta,
        position=rec.position,
        position_before=rec.position_before,
        moved=rec.moved,
        movement=arrow,
        movement_label=spoken,
        because_of=list(rec.because_of),
        summary=summary,
        team=rec.team,
    )


def carousel_explanation(carousel: Carousel) -> CarouselExplanation:
    return CarouselExplanation(
        backend=carousel.backend,
        recipe=carousel.recipe,
        model_version=carousel.model_version,
        personalized=carousel.personalized,
        fallback=carousel.fallback,
        variant=carousel.variant,
        moved_cards=sum(1 for r in carousel.items if r.moved != 0),
    )


@dataclass(frozen=True)
class CompareRow:
    rank: int
    related: Recommendation | None
    personalized: Recommendation | None
    personalized_movement: str
    personalized_movement_label: str


def compare_rows(*, related: Carousel, personalized: Carousel) -> list[CompareRow]:
    """Rows of the side-by-side view: rank k of the Similar-Items order next to rank k of the
    personalized order (whose card says how far it moved)."""
    rows = []
    for k in range(max(len(related.items), len(personalized.items))):
        left = related.items[k] if k < len(related.items) else None
        right = personalized.items[k] if k < len(personalized.items) else None
        arrow, spoken = movement(right.moved) if right else ("", "")
        rows.append(CompareRow(k + 1, left, right, arrow, spoken))
    return rows
