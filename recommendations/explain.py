"""Why each card of a carousel is there, in words a presenter can read out.

Everything here reads the `Carousel` the service already built (score parts from Similar-Items,
`because_of` and `position_before` from Personalized-Ranking, teams from an interleaving
experiment); nothing is recomputed. Explanations describe the carousel actually served: in an
interleaved carousel a card's positions are those in the list of the team that contributed it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog.models import Product
from recommendations.services import Carousel, Recommendation

# Experiment strategies (experiments.models.Experiment.STRATEGIES) in a presenter's words.
RELATED = "related"
RERANKED = "reranked"
STRATEGY_WORDS = {
    RELATED: "related only (Similar-Items order)",
    RERANKED: "re-ranked for the shopper (Personalized-Ranking)",
}
TEAM_LIST_WORDS = {RELATED: "from the related list", RERANKED: "from the personalized list"}
NO_EVENT = "No event of this shopper moved it."
MOVED_DOWN = "Moved down because other cards matched this shopper better."
NOT_RERANKED = "Similar-Items order: not re-ranked for the shopper."


@dataclass(frozen=True)
class CardExplanation:
    co_percent: int  # share of the related score from co-occurrence, 0-100
    meta_percent: int  # share from metadata (category, style, text), 0-100
    position: int  # in the list the card is explained in (its team's list when interleaved)
    position_before: int
    moved: int  # places gained by personalization (positive = moved up)
    movement: str  # "↑3", "↓1" or "="
    movement_label: str  # the same for screen readers
    because_of: list[Product] = field(default_factory=list)  # the shopper's events that moved it
    summary: str = ""
    team: str | None = None  # interleaving: "from the related list" / "from the personalized list"
    note: str = ""  # said instead of "Moved by" when no event of the shopper moved the card
    reranked: bool = False  # whether the card's list was re-ranked for the shopper


@dataclass(frozen=True)
class CarouselExplanation:
    backend: str
    recipe: str
    model_version: str | None
    personalized: bool
    fallback: bool
    variant: str | None
    moved_cards: int  # cards whose position personalization changed (in their own list)
    variant_label: str = ""  # the experiment variant in words
    interleaved: bool = False
    related_cards: int = 0  # interleaving: cards from the related list
    personalized_cards: int = 0  # interleaving: cards from the personalized list
    context: Product | None = None  # the product being viewed: context, never a "reason"


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


def _team_strategy(rec: Recommendation, carousel: Carousel) -> str | None:
    """The strategy of the team that contributed `rec` in an interleaved carousel, else None."""
    if not carousel.team_strategies or rec.list_position is None or rec.team is None:
        return None
    return carousel.team_strategies.get(rec.team)


def _positions(rec: Recommendation, carousel: Carousel) -> tuple[int, int, bool]:
    """(position before, position after, re-ranked?) in the list the card came from."""
    strategy = _team_strategy(rec, carousel)
    if strategy == RELATED:
        assert rec.list_position is not None
        return rec.list_position, rec.list_position, False
    if strategy == RERANKED:
        assert rec.list_position is not None
        return rec.position_before, rec.list_position, carousel.personalized
    return rec.position_before, rec.position, carousel.personalized


def card_explanation(
    rec: Recommendation, carousel: Carousel, context: Product | None = None
) -> CardExplanation:
    """Why `rec` is in `carousel`. `context` is the product being viewed: it shapes every
    card's re-rank, so it is never named as the event that moved one card."""
    co, meta = score_shares(rec)
    before, after, reranked = _positions(rec, carousel)
    moved = before - after if reranked else 0
    arrow, spoken = movement(moved) if reranked else ("=", "not re-ranked")
    if carousel.fallback:
        summary = "Popular in this category (fallback: no related-items model answered)"
    elif co == 0 and meta == 0:
        summary = "Related to this product"
    elif co >= 50:
        summary = f"Often viewed or bought together ({co}% of its score)"
    else:
        summary = f"Similar category, style and description ({meta}% of its score)"
    context_id = context.id if context is not None else None
    because: list[Product] = []
    if moved > 0:
        because = [p for p in rec.because_of if p.id != context_id]
    if because:
        note = ""
    elif not reranked:
        note = NOT_RERANKED if not carousel.fallback else ""
    elif moved < 0:
        note = MOVED_DOWN
    else:
        note = NO_EVENT
    strategy = _team_strategy(rec, carousel)
    return CardExplanation(
        co_percent=co,
        meta_percent=meta,
        position=after,
        position_before=before,
        moved=moved,
        movement=arrow,
        movement_label=spoken,
        because_of=because,
        summary=summary,
        team=TEAM_LIST_WORDS.get(strategy or "") if strategy else None,
        note=note,
        reranked=reranked,
    )


def variant_label(carousel: Carousel) -> str:
    """The experiment variant served, in words ("" when no experiment ran)."""
    if not carousel.variant:
        return ""
    strategies = carousel.team_strategies
    if len(strategies) > 1:
        names = " and ".join(STRATEGY_WORDS.get(s, s) for _, s in sorted(strategies.items()))
        return f"team-draft interleaving of {names}"
    strategy = strategies.get(carousel.variant)
    if strategy:
        return f"A/B test, variant {carousel.variant}: {STRATEGY_WORDS.get(strategy, strategy)}"
    return f"variant {carousel.variant}"


def carousel_explanation(carousel: Carousel, context: Product | None = None) -> CarouselExplanation:
    cards = [card_explanation(r, carousel, context) for r in carousel.items]
    strategies = [_team_strategy(r, carousel) for r in carousel.items]
    interleaved = any(s is not None for s in strategies)
    return CarouselExplanation(
        backend=carousel.backend,
        recipe=carousel.recipe,
        model_version=carousel.model_version,
        personalized=carousel.personalized,
        fallback=carousel.fallback,
        variant=carousel.variant,
        moved_cards=sum(1 for c in cards if c.moved != 0),
        variant_label=variant_label(carousel),
        interleaved=interleaved,
        related_cards=strategies.count(RELATED),
        personalized_cards=strategies.count(RERANKED),
        context=context,
    )


@dataclass(frozen=True)
class CompareRow:
    rank: int
    related: Recommendation | None
    personalized: Recommendation | None
    personalized_movement: str
    personalized_movement_label: str
    in_carousel: int | None = None  # the related candidate's position in the personalized order
    why: CardExplanation | None = None  # the personalized card's explanation


def compare_rows(
    *, related: Carousel, personalized: Carousel, context: Product | None = None
) -> list[CompareRow]:
    """Rows of the side-by-side view: rank k of the Similar-Items candidates the re-rank saw
    (all of them, so "was #17" has a row 17) next to rank k of the personalized order."""
    left_items = personalized.candidates or related.candidates or related.items
    shown = {r.product.id: r.position for r in personalized.items}
    rows = []
    for k in range(max(len(left_items), len(personalized.items))):
        left = left_items[k] if k < len(left_items) else None
        right = personalized.items[k] if k < len(personalized.items) else None
        why = card_explanation(right, personalized, context) if right else None
        arrow, spoken = (why.movement, why.movement_label) if why else ("", "")
        rows.append(
            CompareRow(
                k + 1,
                left,
                right,
                arrow,
                spoken,
                in_carousel=shown.get(left.product.id) if left else None,
                why=why,
            )
        )
    return rows
