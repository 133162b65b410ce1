"""Attach the current shopper and the visit's session id to every request.

Anonymous visitors are personalized by their session, so every visitor gets a real, non-empty
session id (a uuid4 hex kept in the Django session); choosing a shopper starts a new one, as
Personalize's sessionId does.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from catalog.models import Shopper

SHOPPER_KEY = "shopper_id"
VISIT_KEY = "visit_session_id"


def new_visit_session_id() -> str:
    return uuid.uuid4().hex


class ShopperMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        visit = session.get(VISIT_KEY)
        if not isinstance(visit, str) or not visit:
            visit = new_visit_session_id()
            session[VISIT_KEY] = visit
        shopper: Shopper | None = None
        shopper_id = session.get(SHOPPER_KEY)
        if shopper_id:
            shopper = Shopper.objects.filter(pk=shopper_id).first()
            if shopper is None:
                session.pop(SHOPPER_KEY, None)
        request.shopper = shopper  # type: ignore[attr-defined]
        request.visit_session_id = visit  # type: ignore[attr-defined]
        return self.get_response(request)
