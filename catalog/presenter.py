"""Presenter tools: explain mode remembered in the session, and the demo reset.

Explain mode is switched with `?explain=1` / `?explain=0` on any page and kept in the session,
so a presenter turns it on once and every product page explains its carousel.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse

from catalog.models import Interaction

EXPLAIN_KEY = "explain"


class ExplainModeMiddleware:
    """Sets `request.explain` (bool) from `?explain=` or, when absent, from the session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request.GET.get("explain")
        if raw is not None:
            on = raw.strip().lower() in {"1", "true", "on", "yes"}
            if on:
                request.session[EXPLAIN_KEY] = True
            else:
                request.session.pop(EXPLAIN_KEY, None)
        request.explain = bool(request.session.get(EXPLAIN_KEY))  # type: ignore[attr-defined]
        return self.get_response(request)


def demo_reset(
    *, session_id: str | None = None, user_id: str | None = None, everything: bool = False
) -> int:
    """Delete the events recorded during the demo (source "live"); imported history stays.

    With `everything` (staff) every live event goes; otherwise only this visitor's: those of
    `session_id` and, when a shopper is chosen, of `user_id`, so one anonymous visitor cannot
    wipe another presenter's demo. Returns how many events were deleted. Experiment exposures
    and clicks are kept: they are measurements, reset from the admin when an experiment
    restarts.
    """
    live = Interaction.objects.filter(source=Interaction.SOURCE_LIVE)
    if not everything:
        mine = Q(pk__in=[])
        if session_id:
            mine |= Q(session_id=session_id)
        if user_id:
            mine |= Q(shopper_id=user_id)
        live = live.filter(mine)
    with transaction.atomic():
        _, per_model = live.delete()
    return per_model.get(Interaction._meta.label, 0)
