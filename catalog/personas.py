"""Read-side functions for the presenter's shopper directory (/shoppers/).

Shoppers are grouped by persona: three preferred categories (`footwear_outdoors_apparel`) and a
discount persona. There are thousands of them, so lists are always a queryset to paginate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from catalog.models import Interaction, Shopper

RECENT_EVENTS = 4


def shopper_search(*, query: str = "", persona: str = "") -> QuerySet[Shopper]:
    """Selectable shoppers ordered by persona then name; `query` matches id, name or persona
    (each word must match), `persona` is an exact persona."""
    shoppers = Shopper.objects.filter(selectable=True)
    for word in query.split():
        shoppers = shoppers.filter(
            Q(id=word)
            | Q(name__icontains=word)
            | Q(persona__icontains=word)
            | Q(discount_persona__icontains=word)
        )
    if persona:
        shoppers = shoppers.filter(persona=persona)
    return shoppers.order_by("persona", "discount_persona", "name", "id")


def shopper_recent_history(
    *, shopper_ids: Iterable[str], per_shopper: int = RECENT_EVENTS
) -> dict[str, list[Interaction]]:
    """The newest `per_shopper` events of each shopper, newest first."""
    ids = list(shopper_ids)
    history: dict[str, list[Interaction]] = defaultdict(list)
    if not ids:
        return history
    rows = (
        Interaction.objects.filter(shopper_id__in=ids)
        .select_related("product")
        .order_by("-timestamp", "-id")
    )
    missing = set(ids)
    for row in rows.iterator(chunk_size=2000):
        sid = row.shopper_id
        if sid is None or sid not in missing:
            continue
        history[sid].append(row)
        if len(history[sid]) >= per_shopper:
            missing.discard(sid)
            if not missing:
                break
    return history


HINT_SHOPPERS = 3


def shoppers_active_in_category(
    *, category_id: int, exclude_id: str | None = None, limit: int = HINT_SHOPPERS
) -> list[tuple[Shopper, int]]:
    """Selectable shoppers with the most events in a category, most first (ties by id), with
    their event count; `exclude_id` (the current shopper) left out. Their history overlaps the
    category, so re-ranking its related items visibly changes for them."""
    rows = (
        Interaction.objects.filter(
            product__category_id=category_id, shopper__isnull=False, shopper__selectable=True
        )
        .exclude(shopper_id=exclude_id or "")
        .values("shopper_id")
        .annotate(n=Count("id"))
        .order_by("-n", "shopper_id")[:limit]
    )
    counts = {r["shopper_id"]: r["n"] for r in rows}
    shoppers = Shopper.objects.in_bulk(list(counts))
    return [(shoppers[sid], n) for sid, n in counts.items() if sid in shoppers]
