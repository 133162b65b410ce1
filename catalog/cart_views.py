"""Cart pages: add, view, checkout. Each records its event for the current shopper/session."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from catalog.cart import MAX_QUANTITY, CartLine, cart_add, cart_clear, cart_lines
from catalog.models import EventType
from catalog.selectors import product_get
from recommendations.services import interaction_record


def _who(request: HttpRequest) -> tuple[str | None, str]:
    shopper = getattr(request, "shopper", None)
    return (shopper.id if shopper is not None else None), getattr(request, "visit_session_id", "")


def _record(request: HttpRequest, lines: list[CartLine], event_type: str) -> None:
    user_id, session_id = _who(request)
    for line in lines:
        interaction_record(
            product=line.product,
            event_type=event_type,
            user_id=user_id,
            session_id=session_id,
            value=float(line.quantity),
        )


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(
        request, "catalog/message.html", {"title": "Cart", "message": message}, status=400
    )


@require_POST
def cart_add_view(request: HttpRequest) -> HttpResponse:
    product = product_get(product_id=request.POST.get("product_id", "").strip())
    if product is None:
        return _bad_request(request, "No such product.")
    try:
        quantity = int(request.POST.get("quantity") or 1)
        cart_add(session=request.session, product=product, quantity=quantity)
    except ValueError:
        return _bad_request(request, f"Quantity must be a whole number from 1 to {MAX_QUANTITY}.")
    user_id, session_id = _who(request)
    interaction_record(
        product=product,
        event_type=EventType.ADD_TO_CART,
        user_id=user_id,
        session_id=session_id,
        value=float(quantity),
    )
    return HttpResponseRedirect(reverse("catalog:cart"))


def cart_view(request: HttpRequest) -> HttpResponse:
    lines = cart_lines(session=request.session)
    _record(request, lines, EventType.VIEW_CART)
    total = sum((line.total for line in lines), start=0)
    return render(request, "catalog/cart.html", {"lines": lines, "total": total})


@require_http_methods(["GET", "POST"])
def checkout_view(request: HttpRequest) -> HttpResponse:
    """GET starts the checkout (StartCheckout); POST places the order (Purchase)."""
    lines = cart_lines(session=request.session)
    if not lines:
        return HttpResponseRedirect(reverse("catalog:cart"))
    total = sum((line.total for line in lines), start=0)
    if request.method == "POST":
        _record(request, lines, EventType.PURCHASE)
        cart_clear(session=request.session)
        return render(request, "catalog/order_complete.html", {"lines": lines, "total": total})
    _record(request, lines, EventType.START_CHECKOUT)
    return render(request, "catalog/checkout.html", {"lines": lines, "total": total})
