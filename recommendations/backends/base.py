"""The one recommendation backend contract, mirroring Amazon Personalize's runtime.

`similar_items` is GetRecommendations on a Similar-Items campaign (or recommender);
`rank` is GetPersonalizedRanking. Implementations: `local` (our engine) and `personalize`
(boto3). Backends raise `BackendError` (or a subclass) for anything the caller should fall back
from; the service layer catches it, logs once, and serves a fallback.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


class BackendError(RuntimeError):
    """A backend could not answer (no model, service down, throttled, bad configuration)."""


class BackendNotConfigured(BackendError):
    """The backend lacks the settings it needs (e.g. no campaign ARN)."""


@dataclass(frozen=True)
class ItemFilter:
    """A named filter: a Personalize filter expression (used by the local engine) and,
    optionally, the ARN of the same filter in Amazon Personalize. `values` are filterValues in
    Personalize's format (each value double-quoted, comma-separated)."""

    name: str
    expression: str = ""
    arn: str | None = None
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RankingContext:
    """Who is asking and what they are looking at, for filters and explanations."""

    current_item_id: str | None = None
    device: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ScoredItem:
    item_id: str
    score: float = 0.0
    co_part: float = 0.0  # part of the related score from co-occurrence
    meta_part: float = 0.0  # part from metadata
    because_of: tuple[str, ...] = ()  # shopper's items that moved it in ranking


class RecommendationBackend:
    """Base class: subclasses implement both methods."""

    name = "base"
    related_recipe = ""
    ranking_recipe = ""

    def similar_items(
        self,
        item_id: str,
        *,
        limit: int,
        filter: ItemFilter | None = None,
        user_id: str | None = None,
        session_id: str | None = None,
    ) -> list[ScoredItem]:
        """`user_id`/`session_id` give a filter its interactions (e.g. exclude-purchased)."""
        raise NotImplementedError("RecommendationBackend.similar_items() must be implemented")

    def rank(
        self,
        *,
        user_id: str | None,
        session_id: str | None,
        item_ids: Sequence[str],
        context: RankingContext | None = None,
    ) -> list[ScoredItem]:
        raise NotImplementedError("RecommendationBackend.rank() must be implemented")

    def model_version(self) -> str | None:
        return None
