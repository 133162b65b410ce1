"""The carousel as a visitor sees it when an experiment runs, and the clicks on its cards.

    carousel_for_visit -> no active experiment: carousel_for_product, unchanged
                       -> A/B: the subject's variant strategy (sticky, hash-based)
                       -> interleaving: both strategies, team-draft merged
                       -> one Exposure row per carousel shown

Experiments are off by default: none runs until one is marked active in the admin, and
`EXPERIMENTS_ENABLED=false` turns them all off.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from catalog.models import EventType, Product
from experiments.design import assign_variant, team_draft_interleave
from experiments.models import CarouselClick, Experiment, Exposure
from recommendations.services import Carousel, carousel_for_product, interaction_record


def active_experiment() -> Experiment | None:
    if not getattr(settings, "EXPERIMENTS_ENABLED", True):
        return None
    return Experiment.objects.filter(active=True).order_by("-created_at", "-id").first()


def experiment_subject(*, user_id: str | None, session_id: str | None) -> str:
    """Who assignment sticks to: the shopper when known, else the anonymous session."""
    return f"shopper:{user_id}" if user_id else f"session:{session_id or ''}"


def visit_strategy_describe(*, user_id: str | None, session_id: str | None) -> str:
    """Which carousel this shopper/session is served on product pages, in a sentence (for the
    compare page: its columns are the pure strategies, this says which one the visitor sees)."""
    experiment = active_experiment()
    if experiment is None:
        return "No experiment is running: this visitor is served the personalized order (right)."
    subject = experiment_subject(user_id=user_id, session_id=session_id)
    if experiment.kind == Experiment.INTERLEAVING:
        return (
            f"Experiment “{experiment.name}” (team-draft interleaving) is running: this visitor "
            "is served a mix of both columns, each card taken in turn from the related list "
            "(left) or the personalized list (right)."
        )
    variant = assign_variant(
        experiment_key=experiment.key, subject=subject, share_b=experiment.share_b
    )
    strategy = experiment.strategy_b if variant == "B" else experiment.strategy_a
    column = (
        "the personalized order (right)"
        if strategy == Experiment.RERANKED
        else ("the Similar-Items order (left, first cards)")
    )
    words = dict(Experiment.STRATEGIES)[strategy]
    return (
        f"Experiment “{experiment.name}” (A/B test) is running: this visitor is in variant "
        f"{variant}, {words}, so is served {column}."
    )


def _strategy_carousel(strategy: str, **kwargs: Any) -> Carousel:
    return carousel_for_product(personalize=strategy == Experiment.RERANKED, **kwargs)


def carousel_for_visit(
    *, product: Product, user_id: str | None, session_id: str | None, **kwargs: Any
) -> Carousel:
    """The product page's carousel for this visit; `kwargs` go to `carousel_for_product`."""
    experiment = active_experiment()
    if experiment is None:
        return carousel_for_product(
            product=product, user_id=user_id, session_id=session_id, **kwargs
        )
    kwargs.pop("personalize", None)
    args = {"product": product, "user_id": user_id, "session_id": session_id, **kwargs}
    subject = experiment_subject(user_id=user_id, session_id=session_id)
    if experiment.kind == Experiment.INTERLEAVING:
        carousel = _interleaved(experiment, subject, args)
    else:
        variant = assign_variant(
            experiment_key=experiment.key, subject=subject, share_b=experiment.share_b
        )
        strategy = experiment.strategy_b if variant == "B" else experiment.strategy_a
        carousel = _strategy_carousel(strategy, **args)
        carousel.variant = variant
        carousel.team_strategies = {variant: strategy}
        for rec in carousel.items:
            rec.team = variant
    exposure = Exposure.objects.create(
        experiment=experiment,
        variant=carousel.variant or "",
        subject=subject,
        product=product,
        items=[[rec.product.id, rec.team or ""] for rec in carousel.items],
        timestamp=timezone.now(),
    )
    carousel.exposure_id = exposure.id
    return carousel


def _interleaved(experiment: Experiment, subject: str, args: dict[str, Any]) -> Carousel:
    a = _strategy_carousel(experiment.strategy_a, **args)
    b = _strategy_carousel(experiment.strategy_b, **args)
    limit = max(len(a.items), len(b.items))
    # Seeded by subject and product so that a reload shows the presenter the same carousel.
    seed = hashlib.sha256(f"{experiment.key}:{subject}:{args['product'].id}".encode()).digest()
    rng = random.Random(seed)
    merged = team_draft_interleave(
        [r.product.id for r in a.items],
        [r.product.id for r in b.items],
        limit=limit,
        a_first=lambda: rng.random() < 0.5,
    )
    # Each card keeps its position in the list of the team that contributed it, so explain mode
    # can say "#3 in the personalized list" rather than compare against the merged order.
    by_team = {
        Exposure.VARIANT_A: {r.product.id: r for r in a.items},
        Exposure.VARIANT_B: {r.product.id: r for r in b.items},
    }
    items = [
        replace(
            by_team[team][pid],
            position=k + 1,
            team=team,
            list_position=by_team[team][pid].position,
        )
        for k, (pid, team) in enumerate(merged)
    ]
    base = b if b.personalized else a
    return Carousel(
        items=items,
        backend=base.backend,
        recipe=f"interleaved: {a.recipe} | {b.recipe}",
        personalized=a.personalized or b.personalized,
        fallback=a.fallback and b.fallback,
        model_version=base.model_version,
        variant=Exposure.VARIANT_INTERLEAVED,
        team_strategies={
            Exposure.VARIANT_A: experiment.strategy_a,
            Exposure.VARIANT_B: experiment.strategy_b,
        },
    )


def carousel_click_record(
    *,
    product: Product,
    user_id: str | None,
    session_id: str | None,
    position: int | None,
    from_product_id: str | None,
    exposure_id: int | None,
) -> CarouselClick:
    """Record one click on a carousel card: a Click interaction (it feeds real-time ranking)
    and a CarouselClick with its position (None when unknown) and, when it came from an
    experiment's carousel, the exposure, variant and team. The variant is read from the
    exposure, never trusted from the URL; an exposure is credited only when it was shown to
    this visitor (its subject is the current shopper or session) and held this product, so a
    shared or replayed link cannot inflate another subject's clicks."""
    exposure = None
    if exposure_id is not None:
        subjects = set()
        if session_id:
            subjects.add(experiment_subject(user_id=None, session_id=session_id))
        if user_id:
            subjects.add(experiment_subject(user_id=user_id, session_id=session_id))
        exposure = Exposure.objects.filter(pk=exposure_id, subject__in=subjects).first()
        if exposure is not None and exposure.team_of(product.id) is None:
            exposure = None
    from_product = Product.objects.filter(pk=from_product_id).first() if from_product_id else None
    with transaction.atomic():
        interaction = interaction_record(
            product=product, event_type=EventType.CLICK, user_id=user_id, session_id=session_id
        )
        return CarouselClick.objects.create(
            product=product,
            from_product=from_product,
            position=position,
            interaction=interaction,
            exposure=exposure,
            variant=exposure.variant if exposure else "",
            team=(exposure.team_of(product.id) or "") if exposure else "",
            timestamp=interaction.timestamp,
        )
