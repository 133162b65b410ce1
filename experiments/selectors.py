"""Results of experiments for /experiments/: counts from the database, figures from `stats`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from experiments.models import CarouselClick, Experiment, Exposure
from experiments.stats import ZTest, preference, sign_test, two_proportion_z_test


@dataclass(frozen=True)
class VariantResult:
    variant: str
    strategy: str
    exposures: int
    clicked_exposures: int  # exposures with at least one click
    clicks: int

    @property
    def ctr(self) -> float:
        """Click-through rate: share of exposures with at least one click."""
        return self.clicked_exposures / self.exposures if self.exposures else 0.0


@dataclass(frozen=True)
class InterleavingResult:
    exposures: int
    wins_a: int
    wins_b: int
    ties: int
    preference: float  # > 0: B preferred
    p_value: float


@dataclass(frozen=True)
class ExperimentResult:
    experiment: Experiment
    variants: list[VariantResult]
    z_test: ZTest | None = None
    interleaving: InterleavingResult | None = None


def experiment_result(*, experiment: Experiment) -> ExperimentResult:
    exposures = Exposure.objects.filter(experiment=experiment)
    n_by_variant = dict(
        exposures.values_list("variant").annotate(n=Count("id")).values_list("variant", "n")
    )
    clicks = CarouselClick.objects.filter(exposure__experiment=experiment)
    # (exposure, team) of every click: one query, aggregated here.
    pairs = list(clicks.values_list("exposure_id", "team"))
    if experiment.kind == Experiment.INTERLEAVING:
        per_exposure: dict[int, Counter[str]] = {}
        for exposure_id, team in pairs:
            per_exposure.setdefault(exposure_id, Counter())[team] += 1
        wins_a = sum(1 for c in per_exposure.values() if c["A"] > c["B"])
        wins_b = sum(1 for c in per_exposure.values() if c["B"] > c["A"])
        ties = len(per_exposure) - wins_a - wins_b
        team_clicks = Counter(team for _, team in pairs)
        team_exposures = {t: len({e for e, tt in pairs if tt == t}) for t in ("A", "B")}
        total = n_by_variant.get(Exposure.VARIANT_INTERLEAVED, 0)
        variants = [
            VariantResult(
                variant=t,
                strategy=experiment.strategy_a if t == "A" else experiment.strategy_b,
                exposures=total,
                clicked_exposures=team_exposures[t],
                clicks=team_clicks[t],
            )
            for t in ("A", "B")
        ]
        return ExperimentResult(
            experiment,
            variants,
            interleaving=InterleavingResult(
                exposures=total,
                wins_a=wins_a,
                wins_b=wins_b,
                ties=ties,
                preference=preference(wins_a=wins_a, wins_b=wins_b, ties=ties),
                p_value=sign_test(wins_a=wins_a, wins_b=wins_b),
            ),
        )
    clicked: dict[str, set[int]] = {"A": set(), "B": set()}
    click_counts: Counter[str] = Counter()
    for exposure_id, team in pairs:
        clicked.setdefault(team, set()).add(exposure_id)
        click_counts[team] += 1
    variants = [
        VariantResult(
            variant=v,
            strategy=experiment.strategy_a if v == "A" else experiment.strategy_b,
            exposures=n_by_variant.get(v, 0),
            clicked_exposures=len(clicked.get(v, set())),
            clicks=click_counts[v],
        )
        for v in ("A", "B")
    ]
    a, b = variants
    return ExperimentResult(
        experiment,
        variants,
        z_test=two_proportion_z_test(
            clicks_a=a.clicked_exposures,
            n_a=a.exposures,
            clicks_b=b.clicked_exposures,
            n_b=b.exposures,
        ),
    )


def experiment_results() -> list[ExperimentResult]:
    return [experiment_result(experiment=e) for e in Experiment.objects.all()]
