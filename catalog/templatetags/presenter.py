"""Template tags for the carousel and the presenter pages: templates ask, Python computes."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from catalog.models import Product
from recommendations.explain import (
    CardExplanation,
    CarouselExplanation,
    card_explanation,
    carousel_explanation,
)
from recommendations.services import Carousel, Recommendation

register = template.Library()


@register.simple_tag
def card_click_url(rec: Recommendation, carousel: Carousel, product: Product) -> str:
    """The card's link: the click redirect with position, source product and experiment."""
    params: dict[str, str | int] = {"pos": rec.position, "from": product.id}
    if carousel.variant:
        params["variant"] = carousel.variant
    if carousel.exposure_id:
        params["x"] = carousel.exposure_id
    return f"{reverse('presenter:click', args=[rec.product.id])}?{urlencode(params)}"


@register.simple_tag
def explain_card(
    rec: Recommendation, carousel: Carousel, product: Product | None = None
) -> CardExplanation:
    return card_explanation(rec, carousel, product)


@register.simple_tag
def explain_carousel(carousel: Carousel, product: Product | None = None) -> CarouselExplanation:
    return carousel_explanation(carousel, product)


@register.filter
def percent(value: float, digits: int = 1) -> str:
    """0.1234 -> "12.3%"."""
    return f"{100 * float(value):.{int(digits)}f}%"
