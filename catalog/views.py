"""Store pages: thin views over selectors and the recommendation service."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from catalog.cart import cart_product_ids
from catalog.middleware import SHOPPER_KEY, VISIT_KEY, new_visit_session_id
from catalog.models import Category, EventType, Product, Shopper
from catalog.personas import shoppers_active_in_category
from catalog.placeholder import product_svg
from catalog.selectors import (
    categories_with_counts,
    featured_products,
    product_get,
    products_in_category,
)
from experiments.services import carousel_for_visit
from recommendations.events import session_attribute
from recommendations.services import interaction_record

PAGE_SIZE = 24


def _shopper_id(request: HttpRequest) -> str | None:
    shopper = getattr(request, "shopper", None)
    return shopper.id if shopper is not None else None


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalog/home.html",
        {"categories": categories_with_counts(), "featured": featured_products()},
    )


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    page = Paginator(products_in_category(category=category), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "catalog/category.html", {"category": category, "page": page})


def product_detail(request: HttpRequest, product_id: str) -> HttpResponse:
    product = product_get(product_id=product_id)
    if product is None:
        raise Http404(f"No product {product_id}")
    user_id = _shopper_id(request)
    session_id: str = getattr(request, "visit_session_id", "")
    if request.method == "GET":  # a HEAD (link checkers, prefetchers) is not a shopper's view
        interaction_record(
            product=product, event_type=EventType.VIEW, user_id=user_id, session_id=session_id
        )
    # carousel_for_product, or the active experiment's variant of it (counted as an exposure);
    # what is in the cart is never served.
    carousel = carousel_for_visit(
        product=product,
        user_id=user_id,
        session_id=session_id,
        exclude=cart_product_ids(session=request.session),
    )
    hints = (
        shoppers_active_in_category(category_id=product.category_id, exclude_id=user_id)
        if getattr(request, "explain", False)
        else []
    )
    return render(
        request,
        "catalog/product.html",
        {"product": product, "carousel": carousel, "shopper_hints": hints},
    )


@cache_control(max_age=86400, public=True)
def product_image(request: HttpRequest, product_id: str) -> HttpResponse:
    product = get_object_or_404(Product.objects.visible().select_related("category"), pk=product_id)
    svg = product_svg(name=product.name, category=product.category.name, style=product.style)
    return HttpResponse(svg, content_type="image/svg+xml")


@require_POST
def shopper_switch(request: HttpRequest) -> HttpResponse:
    """Choose a shopper (or none). A new shopper starts a new session; choosing a shopper while
    anonymous keeps the session, so its events count for the shopper."""
    shopper_id = request.POST.get("shopper_id", "").strip()
    previous = request.session.get(SHOPPER_KEY)
    if shopper_id:
        shopper = Shopper.objects.filter(pk=shopper_id, selectable=True).first()
        if shopper is None:
            return render(
                request,
                "catalog/message.html",
                {"title": "Unknown shopper", "message": f"No selectable shopper {shopper_id!r}."},
                status=400,
            )
        if previous and previous != shopper.id:
            request.session[VISIT_KEY] = new_visit_session_id()
        elif not previous:
            # The anonymous session so far counts for the shopper (Personalize's sessionId).
            session_attribute(
                session_id=getattr(request, "visit_session_id", ""), user_id=shopper.id
            )
        request.session[SHOPPER_KEY] = shopper.id
    else:
        request.session.pop(SHOPPER_KEY, None)
        request.session[VISIT_KEY] = new_visit_session_id()
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return HttpResponseRedirect(target)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"path": request.path}, status=404)
