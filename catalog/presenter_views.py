"""Presenter pages: carousel click redirect, compare view, shopper directory, demo reset,
search, the related-items walkthrough and the staff model status. Thin views over selectors
and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from catalog.personas import shopper_recent_history, shopper_search
from catalog.presenter import demo_reset
from catalog.search import (
    MIN_WORD_LENGTH,
    product_search,
    search_ignored_words,
    search_terms,
)
from catalog.selectors import featured_products, product_get
from experiments.services import carousel_click_record, visit_strategy_describe
from recommendations.explain import compare_rows
from recommendations.services import carousel_for_product
from recommendations.status import model_retrain_start, model_status

SEARCH_PAGE_SIZE = 24
SHOPPERS_PAGE_SIZE = 30
MAX_POSITION = 100


def _shopper_id(request: HttpRequest) -> str | None:
    shopper = getattr(request, "shopper", None)
    return shopper.id if shopper is not None else None


def _int_param(raw: str | None, *, low: int, high: int) -> int | None:
    """`raw` as an int in [low, high], else None. Plain ASCII digits only: "1e21", "+3",
    " 3", "٣" and NUL bytes are refused rather than coerced."""
    raw = raw or ""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        return None
    value = int(raw)
    return value if low <= value <= high else None


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return default
    return target


@never_cache
def carousel_click(request: HttpRequest, product_id: str) -> HttpResponse:
    """GET /r/<product id>/?pos=3&from=<product id>&variant=B&x=<exposure id>

    Records the click (a Click event plus its position and experiment variant), then 302s to
    the product. Cards link here, so a click counts once with or without JavaScript; the
    response is never cached, so Back + click again is a second, real click.
    """
    product = product_get(product_id=product_id)
    if product is None:
        raise Http404(f"No product {product_id}")
    if request.method != "GET":  # HEAD (link checkers, prefetchers) is not a shopper's click
        return HttpResponseRedirect(product.get_absolute_url())
    position = _int_param(request.GET.get("pos"), low=1, high=MAX_POSITION)
    exposure_id = _int_param(request.GET.get("x"), low=1, high=2**62)
    from_id = request.GET.get("from", "").strip()[:64] or None
    carousel_click_record(
        product=product,
        user_id=_shopper_id(request),
        session_id=getattr(request, "visit_session_id", ""),
        position=position,
        from_product_id=from_id,
        exposure_id=exposure_id,
    )
    return HttpResponseRedirect(product.get_absolute_url())


def product_compare(request: HttpRequest, product_id: str) -> HttpResponse:
    """Similar-Items order next to the order personalized for the current shopper/session."""
    product = product_get(product_id=product_id)
    if product is None:
        raise Http404(f"No product {product_id}")
    user_id = _shopper_id(request)
    session_id: str = getattr(request, "visit_session_id", "")
    related = carousel_for_product(
        product=product, user_id=user_id, session_id=session_id, personalize=False
    )
    personalized = carousel_for_product(product=product, user_id=user_id, session_id=session_id)
    return render(
        request,
        "presenter/compare.html",
        {
            "product": product,
            "related": related,
            "personalized": personalized,
            "rows": compare_rows(related=related, personalized=personalized, context=product),
            "served": visit_strategy_describe(user_id=user_id, session_id=session_id),
        },
    )


def shopper_directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    persona = request.GET.get("persona", "").strip()[:255]
    page = Paginator(shopper_search(query=query, persona=persona), SHOPPERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    history = shopper_recent_history(shopper_ids=[s.id for s in page])
    rows = [(s, history.get(s.id, [])) for s in page]
    return render(
        request,
        "presenter/shoppers.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "persona": persona,
            "next": _safe_next(request, reverse("catalog:home")),
        },
    )


@require_POST
def demo_reset_view(request: HttpRequest) -> HttpResponse:
    everything = request.user.is_staff
    deleted = demo_reset(
        session_id=getattr(request, "visit_session_id", ""),
        user_id=_shopper_id(request),
        everything=everything,
    )
    scope = "every visitor's" if everything else "your"
    messages.success(
        request,
        f"Demo reset: {deleted} of {scope} live event{'s' if deleted != 1 else ''} removed.",
    )
    return HttpResponseRedirect(_safe_next(request, reverse("presenter:shoppers")))


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    page = Paginator(product_search(query=query), SEARCH_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    ignored = search_ignored_words(query)
    only_ignored = bool(query) and not search_terms(query)
    return render(
        request,
        "presenter/search.html",
        {
            "query": query,
            "search_query": query,  # keeps the query in the header's search box
            "page": page,
            "ignored": ignored,
            "only_ignored": only_ignored,
            "featured": featured_products() if only_ignored else [],
            "min_word_length": MIN_WORD_LENGTH,
        },
    )


def walkthrough(request: HttpRequest) -> HttpResponse:
    return render(request, "presenter/related_items.html")


@staff_member_required
def status(request: HttpRequest) -> HttpResponse:
    return render(request, "presenter/status.html", {"status": model_status()})


# Tests flip this to train inside the request.
RETRAIN_IN_BACKGROUND = True


@staff_member_required
@require_POST
def status_retrain(request: HttpRequest) -> HttpResponse:
    if model_retrain_start(background=RETRAIN_IN_BACKGROUND):
        messages.success(
            request, "Retraining started: the new model is used as soon as it is saved."
        )
    else:
        messages.warning(request, "A retrain is already running.")
    return HttpResponseRedirect(reverse("presenter:status"))
