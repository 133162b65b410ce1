"""Presenter tools: explain mode remembered in the session, and the demo reset.

Explain mode is switched with `?explain=1` / `?explain=0` on any page and kept in the session,
so a presenter turns it on once and every product page explains its carousel.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
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


def demo_reset() -> int:
    """Delete the events recorded during the demo (source "live"); imported history stays.

    Returns how many events were deleted. Experiment exposures and clicks are kept: they are
    measurements, reset from the admin when an experiment restarts.
    """
    with transaction.atomic():
        _, per_model = Interaction.objects.filter(source=Interaction.SOURCE_LIVE).delete()
    return per_model.get(Interaction._meta.label, 0)
