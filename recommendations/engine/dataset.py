"""Mapping external ids to matrix indices, and the plain arrays the engine trains on.

Kept apart from the model (as LightFM's `Dataset` is): the engine works on integer indices,
callers speak product and shopper ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

# Event-type weights: how strongly an event says "this shopper wanted this item".
DEFAULT_EVENT_WEIGHTS: dict[str, float] = {
    "view": 1.0,
    "click": 1.0,
    "addtocart": 2.0,
    "viewcart": 1.5,
    "startcheckout": 2.5,
    "purchase": 3.0,
}


def event_weight(event_type: str, weights: dict[str, float] | None = None) -> float:
    """Weight of an event type, matched case-insensitively; unknown types count as a view."""
    table = weights if weights is not None else DEFAULT_EVENT_WEIGHTS
    return table.get(event_type.lower(), 1.0)


class IdIndex:
    """A stable bijection between external string ids and 0..n-1."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids: list[str] = list(ids)
        self._index: dict[str, int] = {}
        for i, item_id in enumerate(self.ids):
            if item_id in self._index:
                raise ValueError(f"duplicate id {item_id!r} in the index")
            self._index[item_id] = i

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._index

    def get(self, item_id: str) -> int | None:
        return self._index.get(item_id)

    def index_of(self, item_id: str) -> int:
        try:
            return self._index[item_id]
        except KeyError:
            raise KeyError(f"unknown id {item_id!r}") from None

    def indices(self, ids: Iterable[str]) -> npt.NDArray[np.int64]:
        """Indices of the given ids; raises KeyError on an unknown one."""
        return np.fromiter((self.index_of(i) for i in ids), dtype=np.int64)


@dataclass(frozen=True)
class ItemTable:
    """Item metadata, one row per item, in index order."""

    ids: list[str]
    names: list[str]
    descriptions: list[str]
    categories: list[str]
    styles: list[str]
    genders: list[str] = field(default_factory=list)  # "M", "F" or ""

    def __post_init__(self) -> None:
        n = len(self.ids)
        genders = self.genders or [""] * n
        object.__setattr__(self, "genders", genders)
        for name in ("names", "descriptions", "categories", "styles", "genders"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"ItemTable.{name} has a different length from ids ({n})")

    def __len__(self) -> int:
        return len(self.ids)

    def sorted_by_id(self) -> ItemTable:
        """The same items in sorted id order: the engine's item index (ties break by id)."""
        order = sorted(range(len(self.ids)), key=lambda k: self.ids[k])
        return ItemTable(
            ids=[self.ids[k] for k in order],
            names=[self.names[k] for k in order],
            descriptions=[self.descriptions[k] for k in order],
            categories=[self.categories[k] for k in order],
            styles=[self.styles[k] for k in order],
            genders=[self.genders[k] for k in order],
        )


@dataclass(frozen=True)
class InteractionTable:
    """One row per event: external ids, event type and unix time in seconds.

    `user_genders` maps a shopper id to "M" or "F" where the shopper's gender is known (the
    Retail Demo Store's generator and many real catalogs keep gendered items apart, so shoppers'
    paths through a category are grouped per gender; see `similarity.entry_paths`).
    """

    user_ids: Sequence[str]
    item_ids: Sequence[str]
    event_types: Sequence[str]
    timestamps: npt.NDArray[np.int64]
    user_genders: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.user_ids)
        if not (len(self.item_ids) == len(self.event_types) == len(self.timestamps) == n):
            raise ValueError("InteractionTable columns must have the same length")

    def __len__(self) -> int:
        return len(self.user_ids)
