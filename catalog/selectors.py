"""Read-side functions for the catalog (HackSoft style: selectors read, services write)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from catalog.models import Category, Product, Shopper

SWITCHER_LIMIT = 40


def product_get(*, product_id: str) -> Product | None:
    """A product visible in the web UI, or None (unknown and Alexa-only products alike)."""
    return Product.objects.visible().select_related("category").filter(pk=product_id).first()


def products_in_category(*, category: Category) -> QuerySet[Product]:
    return Product.objects.visible().filter(category=category).select_related("category")


def products_by_ids(*, product_ids: Iterable[str]) -> dict[str, Product]:
    """Visible products by id; ids that are unknown or not visible are simply absent."""
    ids = list(dict.fromkeys(product_ids))
    return {
        p.id: p for p in Product.objects.visible().select_related("category").filter(pk__in=ids)
    }


def featured_products(*, limit: int = 12) -> QuerySet[Product]:
    return Product.objects.visible().filter(featured=True).select_related("category")[:limit]


def categories_with_counts() -> QuerySet[Category]:
    """Categories with at least one product visible in the web UI, counting only those."""
    visible = Q(products__where_visible=Product.VISIBLE_UI)
    return Category.objects.annotate(n_products=Count("products", filter=visible)).filter(
        n_products__gt=0
    )


def shopper_choices() -> list[Shopper]:
    """A short list for the header switcher: one selectable shopper per persona, then others."""
    seen: set[str] = set()
    picked: list[Shopper] = []
    for shopper in Shopper.objects.filter(selectable=True).order_by("id").iterator(chunk_size=500):
        if shopper.persona not in seen:
            seen.add(shopper.persona)
            picked.append(shopper)
            if len(picked) >= SWITCHER_LIMIT:
                break
    return picked
