from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from catalog.cart import cart_count
from catalog.selectors import shopper_choices


def shopper(request: HttpRequest) -> dict[str, Any]:
    return {
        "current_shopper": getattr(request, "shopper", None),
        "visit_session_id": getattr(request, "visit_session_id", ""),
        "shopper_choices": shopper_choices,
        "cart_count": cart_count(session=request.session) if hasattr(request, "session") else 0,
    }
