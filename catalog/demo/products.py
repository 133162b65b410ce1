"""The demo catalog: categories and products composed from `vocabulary`.

Every product of a style is "<adjective> <material> <noun>" from that style's lists, with a
description built from templates that repeat the style's nouns, materials, features and uses.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from decimal import Decimal

from catalog.demo.vocabulary import CATEGORIES, CategorySpec, StyleSpec
from catalog.records import CategoryRecord, ProductRecord

PRODUCTS_PER_STYLE = 6
FEATURED_PER_CATEGORY = 2
PROMOTED_SHARE = 0.05
ALEXA_SHARE = 0.03
OUT_OF_STOCK_SHARE = 0.08

# Gender affinities handed out inside one style of a gendered category, shuffled per style:
# at least three products stay open to either gender ("" means no affinity), so every shopper
# can form a group of three related products.
_GENDER_SLOTS = ("F", "F", "M", "M", "")
_PRICE_ENDINGS = ("99", "99", "95", "49", "00")

_OPENINGS = (
    "The {name} is {a_material} {noun} made for {use}.",
    "{A_material} {noun} with {feature}, ready for {use}.",
    "Meet the {name}, {a_material} {noun} from our {style} range.",
    "This {material} {noun} is {a_style} staple for {use}.",
)
_MIDDLES = (
    "It comes with {feature2} and {feature3}.",
    "Expect {feature2}, plus {feature3}.",
    "Every piece comes with {feature2}.",
)
_CLOSINGS = (
    "A dependable pick for {use2}.",
    "Pairs well with the rest of our {style} collection.",
    "Great for {use2} and {use3}.",
)


def category_records() -> list[CategoryRecord]:
    return [
        CategoryRecord(name=spec.name, has_gender_affinity=spec.has_gender_affinity)
        for spec in CATEGORIES
    ]


def product_id(rng: random.Random) -> str:
    """A uuid4-shaped id drawn from `rng`, so the same seed always yields the same ids."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _price(rng: random.Random, style: StyleSpec) -> Decimal:
    low, high = style.price_range
    return Decimal(f"{rng.randint(low, high)}.{rng.choice(_PRICE_ENDINGS)}")


# Words that keep their capital inside a sentence.
_PROPER_WORDS = frozenset(
    {
        "Arabica",
        "Chelsea",
        "Colombian",
        "Dutch",
        "Earl",
        "Ethiopian",
        "French",
        "Grey",
        "Himalayan",
        "Mediterranean",
        "Moroccan",
        "Nordic",
        "Oxford",
        "Provençal",
        "Scandi",
        "Sicilian",
        "Swiss",
        "Tuscan",
    }
)


def _in_sentence(phrase: str) -> str:
    """Lower-case a title-cased phrase for use mid-sentence, keeping names and acronyms."""

    def word(w: str) -> str:
        return w.lower() if w[1:].islower() and w not in _PROPER_WORDS else w

    return " ".join("-".join(word(part) for part in w.split("-")) for w in phrase.split())


def _article(phrase: str) -> str:
    return "an" if phrase[:1].lower() in "aeiou" else "a"


def _description(rng: random.Random, style: StyleSpec, name: str, material: str, noun: str) -> str:
    feature, feature2, feature3 = rng.sample(style.features, 3)
    use, use2, use3 = rng.sample(style.uses, 3)
    material = _in_sentence(material)
    style_words = style.name.replace("-", " ")
    words = {
        "name": name,
        "material": material,
        "a_material": f"{_article(material)} {material}",
        "A_material": f"{_article(material).capitalize()} {material}",
        "noun": _in_sentence(noun),
        "style": style_words,
        "a_style": f"{_article(style_words)} {style_words}",
        "feature": feature,
        "feature2": feature2,
        "feature3": feature3,
        "use": use,
        "use2": use2,
        "use3": use3,
    }
    sentences = [rng.choice(_OPENINGS)]
    extra = rng.randint(0, 2)
    if extra >= 1:
        sentences.append(rng.choice(_MIDDLES))
    if extra == 2:
        sentences.append(rng.choice(_CLOSINGS))
    return " ".join(s.format(**words) for s in sentences)


def _style_products(
    rng: random.Random, category: CategorySpec, style: StyleSpec, taken_names: set[str]
) -> list[ProductRecord]:
    combos = [(a, m, n) for a in style.adjectives for m in style.materials for n in style.nouns]
    rng.shuffle(combos)
    genders: list[str] = []
    if category.has_gender_affinity:
        genders = [*_GENDER_SLOTS, rng.choice(_GENDER_SLOTS)]
        rng.shuffle(genders)
    products: list[ProductRecord] = []
    for adjective, material, noun in combos:
        name = f"{adjective} {material} {noun}"
        if name in taken_names:
            continue
        taken_names.add(name)
        stock = 0 if rng.random() < OUT_OF_STOCK_SHARE else rng.randint(1, 60)
        products.append(
            ProductRecord(
                id=product_id(rng),
                name=name,
                category=category.name,
                style=style.name,
                price=_price(rng, style),
                description=_description(rng, style, name, material, noun),
                current_stock=stock,
                gender_affinity=genders[len(products)] if genders else "",
            )
        )
        if len(products) == PRODUCTS_PER_STYLE:
            return products
    raise ValueError(f"style {style.name!r} has too few word combinations for unique names")


def product_records(rng: random.Random) -> list[ProductRecord]:
    """All demo products, in category then style order.

    Flags are handed out by exact counts rather than coin flips so the catalog always has
    FEATURED_PER_CATEGORY featured products per category, and about PROMOTED_SHARE promoted and
    ALEXA_SHARE Alexa-only products; Alexa-only products are never featured.
    """
    taken_names: set[str] = set()
    by_category: list[list[ProductRecord]] = []
    for category in CATEGORIES:
        products: list[ProductRecord] = []
        for style in category.styles:
            products.extend(_style_products(rng, category, style, taken_names))
        by_category.append(products)

    flat = [p for products in by_category for p in products]
    alexa = set(rng.sample(range(len(flat)), round(len(flat) * ALEXA_SHARE)))
    promoted = set(rng.sample(range(len(flat)), round(len(flat) * PROMOTED_SHARE)))
    featured: set[int] = set()
    start = 0
    for products in by_category:
        ui_positions = [start + i for i in range(len(products)) if start + i not in alexa]
        featured.update(rng.sample(ui_positions, FEATURED_PER_CATEGORY))
        start += len(products)

    return [
        replace(
            p,
            where_visible="Alexa" if i in alexa else "UI",
            promoted=i in promoted,
            featured=i in featured,
        )
        for i, p in enumerate(flat)
    ]
