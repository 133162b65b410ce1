"""Product search for the header box: every word must appear in the name, the description, the
category or the style (case-insensitive); products whose name matches come first.

A plain `icontains` scan: the catalog is a few thousand products, well within what SQLite
answers in milliseconds, and it needs no search index to keep in sync.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from catalog.models import Product

MAX_TERMS = 8


MIN_WORD_LENGTH = 2


def _words(query: str) -> list[str]:
    return [w.strip(".,;:!?\"'()").lower() for w in query.split()]


def _kept(word: str) -> bool:
    return len(word) >= MIN_WORD_LENGTH or word.isdigit()


def search_terms(query: str) -> list[str]:
    """The words of a query, lower-cased, duplicates and one-letter noise removed."""
    return list(dict.fromkeys(w for w in _words(query) if _kept(w)))[:MAX_TERMS]


def search_ignored_words(query: str) -> list[str]:
    """The words of a query that the search ignores for being shorter than MIN_WORD_LENGTH."""
    return list(dict.fromkeys(w for w in _words(query) if w and not _kept(w)))


def product_search(*, query: str) -> QuerySet[Product]:
    """Visible products matching every term of `query`; name matches rank first, then by name."""
    terms = search_terms(query)
    products = Product.objects.visible().select_related("category")
    if not terms:
        return products.none()
    name_hits = Q()
    for term in terms:
        products = products.filter(
            Q(name__icontains=term)
            | Q(description__icontains=term)
            | Q(category__name__icontains=term)
            | Q(style__icontains=term)
        )
        name_hits &= Q(name__icontains=term)
    return products.annotate(
        name_match=Case(
            When(name_hits, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("name_match", "name", "id")
