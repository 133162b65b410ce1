"""The bundled demo data: exact shape, determinism, and the behaviour the simulator encodes."""

from __future__ import annotations

import statistics
import time
import uuid
from collections import Counter, defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from catalog.demo import DemoDataset, build_demo_dataset
from catalog.demo.interactions import (
    ADD_TO_CART,
    DEMO_END,
    DEMO_START,
    FUNNEL,
    PURCHASE,
    START_CHECKOUT,
    VIEW,
    VIEW_CART,
)
from catalog.demo.vocabulary import CATEGORIES, DISCOUNT_PERSONAS
from catalog.models import Category, Interaction, Product, Shopper
from catalog.records import InteractionRecord, ProductRecord

# Recorded from seed 1 with the default 300 shoppers; a change here means the demo data changed.
FIRST_PRODUCT_ID_SEED_1 = "bc58989f-0347-424d-b073-d0fd98e36fc3"
N_CATEGORIES = 14
N_STYLES = 62
N_PRODUCTS = 372
N_SHOPPERS = 300
N_INTERACTIONS = 28_315
FUNNEL_COUNTS = {
    VIEW: 17_296,
    ADD_TO_CART: 4_340,
    VIEW_CART: 3_100,
    START_CHECKOUT: 1_992,
    PURCHASE: 1_587,
}
GENDERED = {"apparel", "footwear", "beauty", "jewelry", "accessories"}


@pytest.fixture(scope="module")
def data() -> DemoDataset:
    return build_demo_dataset(seed=1)


@pytest.fixture(scope="module")
def products(data: DemoDataset) -> dict[str, ProductRecord]:
    return {p.id: p for p in data.products}


@pytest.fixture(scope="module")
def by_shopper(data: DemoDataset) -> dict[str, list[InteractionRecord]]:
    grouped: dict[str, list[InteractionRecord]] = defaultdict(list)
    for e in data.interactions:
        grouped[e.shopper_id].append(e)
    return grouped


# --- catalog -----------------------------------------------------------------------------------


def test_exact_counts(data: DemoDataset) -> None:
    assert len(data.categories) == N_CATEGORIES
    assert len(data.products) == N_PRODUCTS
    assert len({(p.category, p.style) for p in data.products}) == N_STYLES
    assert len(data.shoppers) == N_SHOPPERS
    assert len(data.interactions) == N_INTERACTIONS


def test_categories_have_three_to_six_styles_and_gender_flags(data: DemoDataset) -> None:
    styles: dict[str, set[str]] = defaultdict(set)
    for p in data.products:
        styles[p.category].add(p.style)
    assert set(styles) == {c.name for c in data.categories}
    assert all(3 <= len(s) <= 6 for s in styles.values())
    assert {c.name for c in data.categories if c.has_gender_affinity} == GENDERED
    assert styles["footwear"] == {"sneaker", "boot", "sandal", "formal"}


def test_product_ids_are_unique_uuid4_strings(data: DemoDataset) -> None:
    ids = [p.id for p in data.products]
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(i).version == 4 and str(uuid.UUID(i)) == i for i in ids)
    assert ids[0] == FIRST_PRODUCT_ID_SEED_1


def test_product_names_are_unique_and_built_from_the_style_vocabulary(data: DemoDataset) -> None:
    assert len({p.name for p in data.products}) == N_PRODUCTS
    specs = {(c.name, s.name): s for c in CATEGORIES for s in c.styles}
    for p in data.products:
        spec = specs[(p.category, p.style)]
        assert any(p.name.startswith(a + " ") for a in spec.adjectives), p.name
        assert any(p.name.endswith(" " + n) for n in spec.nouns), p.name


def test_descriptions_are_one_to_three_sentences_about_the_style(data: DemoDataset) -> None:
    specs = {(c.name, s.name): s for c in CATEGORIES for s in c.styles}
    sentence_counts = Counter(p.description.count(". ") + 1 for p in data.products)
    assert set(sentence_counts) == {1, 2, 3}
    for p in data.products:
        spec = specs[(p.category, p.style)]
        text = p.description.lower()
        assert p.description.endswith(".")
        # Every description names the style's noun and the product's material.
        assert any(n.lower() in text for n in spec.nouns), p.description
        assert any(m.lower() in text for m in spec.materials), p.description


def test_text_similarity_groups_products_by_style(data: DemoDataset) -> None:
    """TF-IDF nearest neighbour of nearly every description is a product of the same style."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    matrix = TfidfVectorizer(stop_words="english").fit_transform(
        [p.description for p in data.products]
    )
    similarity = cosine_similarity(matrix)
    np.fill_diagonal(similarity, -1.0)
    nearest = similarity.argmax(axis=1)
    same_style = sum(
        data.products[i].style == data.products[int(j)].style for i, j in enumerate(nearest)
    )
    assert same_style / N_PRODUCTS > 0.95


def test_prices_are_two_place_decimals_in_the_style_range(data: DemoDataset) -> None:
    specs = {(c.name, s.name): s for c in CATEGORIES for s in c.styles}
    for p in data.products:
        low, high = specs[(p.category, p.style)].price_range
        assert isinstance(p.price, Decimal)
        assert p.price.as_tuple().exponent == -2
        assert Decimal(low) <= p.price < Decimal(high + 1)


def test_flags_stock_and_visibility(data: DemoDataset) -> None:
    featured = Counter(p.category for p in data.products if p.featured)
    assert featured == {c.name: 2 for c in data.categories}
    assert sum(p.promoted for p in data.products) == 19
    alexa = [p for p in data.products if p.where_visible == "Alexa"]
    assert len(alexa) == 11
    assert not any(p.featured for p in alexa)
    assert {p.where_visible for p in data.products} == {"UI", "Alexa"}
    assert sum(p.current_stock == 0 for p in data.products) == 28
    assert all(p.current_stock >= 0 for p in data.products)


def test_gender_affinity_only_in_gendered_categories(data: DemoDataset) -> None:
    for p in data.products:
        if p.category in GENDERED:
            assert p.gender_affinity in {"M", "F", ""}
        else:
            assert p.gender_affinity == ""
    gendered = Counter(p.gender_affinity for p in data.products if p.category in GENDERED)
    assert gendered["M"] > 0 and gendered["F"] > 0 and gendered[""] > 0


# --- shoppers ----------------------------------------------------------------------------------


def test_shoppers(data: DemoDataset) -> None:
    names = {c.name for c in data.categories}
    assert [s.id for s in data.shoppers[:2]] == ["demo-0001", "demo-0002"]
    assert len({s.id for s in data.shoppers}) == N_SHOPPERS
    for s in data.shoppers:
        persona = s.persona.split("_")
        assert len(persona) == 3 and len(set(persona)) == 3 and set(persona) <= names
        assert s.discount_persona in DISCOUNT_PERSONAS
        assert s.gender in {"M", "F"}
        assert s.age is not None and 18 <= s.age <= 78
        assert s.selectable
        assert len(s.name.split()) == 2
    assert {s.discount_persona for s in data.shoppers} == set(DISCOUNT_PERSONAS)


# --- determinism -------------------------------------------------------------------------------


def test_same_seed_gives_identical_output(data: DemoDataset) -> None:
    again = build_demo_dataset(seed=1)
    assert again == data
    assert repr(again) == repr(data)


def test_other_seed_gives_other_data(data: DemoDataset) -> None:
    other = build_demo_dataset(seed=2)
    assert other.interactions != data.interactions
    assert not {p.id for p in other.products} & {p.id for p in data.products}
    assert len(other.products) == N_PRODUCTS  # same shape, other draws


def test_fewer_shoppers_keep_catalog_and_each_shoppers_history(
    data: DemoDataset, by_shopper: dict[str, list[InteractionRecord]]
) -> None:
    small = build_demo_dataset(seed=1, shopper_count=10)
    assert small.products == data.products
    assert small.shoppers == data.shoppers[:10]
    assert [e for e in small.interactions if e.shopper_id == "demo-0007"] == by_shopper["demo-0007"]


def test_negative_shopper_count_is_rejected() -> None:
    with pytest.raises(ValueError, match="shopper_count"):
        build_demo_dataset(shopper_count=-1)


# --- interactions ------------------------------------------------------------------------------


def test_interactions_reference_known_visible_products_and_shoppers(
    data: DemoDataset, products: dict[str, ProductRecord]
) -> None:
    shopper_ids = {s.id for s in data.shoppers}
    for e in data.interactions:
        assert e.product_id in products
        assert products[e.product_id].where_visible == "UI"
        assert e.shopper_id in shopper_ids
    assert {e.shopper_id for e in data.interactions} == shopper_ids


def test_unique_keys_and_timestamps_in_the_fixed_window(
    data: DemoDataset, by_shopper: dict[str, list[InteractionRecord]]
) -> None:
    keys = {(e.shopper_id, e.product_id, e.event_type, e.timestamp) for e in data.interactions}
    assert len(keys) == N_INTERACTIONS
    assert all(DEMO_START <= e.timestamp < DEMO_END for e in data.interactions)
    assert DEMO_END == 1_748_736_000  # 2025-06-01T00:00:00Z, not the wall clock
    # Ordered by time overall, strictly increasing per shopper.
    assert [e.timestamp for e in data.interactions] == sorted(
        e.timestamp for e in data.interactions
    )
    for events in by_shopper.values():
        stamps = [e.timestamp for e in events]
        assert all(a < b for a, b in zip(stamps, stamps[1:], strict=False))


def test_funnel_counts_strictly_decrease(data: DemoDataset) -> None:
    counts = Counter(e.event_type for e in data.interactions)
    assert counts == FUNNEL_COUNTS
    assert [counts[t] for t in FUNNEL] == sorted((counts[t] for t in FUNNEL), reverse=True)
    assert counts[VIEW] > counts[ADD_TO_CART] > counts[VIEW_CART]
    assert counts[VIEW_CART] > counts[START_CHECKOUT] > counts[PURCHASE]


def test_purchases_follow_checkout_and_carry_the_price(
    data: DemoDataset,
    products: dict[str, ProductRecord],
    by_shopper: dict[str, list[InteractionRecord]],
) -> None:
    for events in by_shopper.values():
        seen: set[tuple[str, str]] = set()
        for e in events:
            if e.event_type == PURCHASE:
                assert (e.product_id, START_CHECKOUT) in seen
                assert e.value == float(products[e.product_id].price)
            else:
                assert e.value is None
            if e.event_type == ADD_TO_CART:
                assert (e.product_id, VIEW) in seen
                assert products[e.product_id].current_stock > 0
            seen.add((e.product_id, e.event_type))


def test_persona_categories_drive_interactions(
    data: DemoDataset,
    products: dict[str, ProductRecord],
    by_shopper: dict[str, list[InteractionRecord]],
) -> None:
    def persona_share(shopper_id: str, persona: str) -> tuple[int, int]:
        events = by_shopper[shopper_id]
        inside = sum(products[e.product_id].category in persona.split("_") for e in events)
        return inside, len(events)

    shares = {s.id: persona_share(s.id, s.persona) for s in data.shoppers}
    # demo-0001 (persona electronics_toys_tools): 146 of 147 interactions in those categories.
    assert data.shoppers[0].persona == "electronics_toys_tools"
    assert shares["demo-0001"] == (146, 147)
    assert sum(inside for inside, _ in shares.values()) == 26_552  # 93.8% of 28,315
    assert sum(inside / total >= 0.8 for inside, total in shares.values()) == 280


def test_shoppers_return_to_a_small_group_of_one_style(
    data: DemoDataset,
    products: dict[str, ProductRecord],
) -> None:
    personas = {s.id: set(s.persona.split("_")) for s in data.shoppers}
    styles: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    distinct: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e in data.interactions:
        p = products[e.product_id]
        if e.event_type == VIEW and p.category in personas[e.shopper_id]:
            styles[(e.shopper_id, p.category)][p.style] += 1
            distinct[(e.shopper_id, p.category)].add(p.id)
    views = sum(sum(c.values()) for c in styles.values())
    top_style_views = sum(max(c.values()) for c in styles.values())
    assert top_style_views / views > 0.85
    assert statistics.median(len(ids) for ids in distinct.values()) <= 6


def test_gender_affinity_is_mostly_respected(
    data: DemoDataset, products: dict[str, ProductRecord]
) -> None:
    gender = {s.id: s.gender for s in data.shoppers}
    gendered = [e for e in data.interactions if products[e.product_id].gender_affinity]
    clashes = [
        e for e in gendered if products[e.product_id].gender_affinity != gender[e.shopper_id]
    ]
    assert gendered
    assert len(clashes) / len(gendered) < 0.02


def test_lower_priced_shoppers_prefer_cheaper_items(
    data: DemoDataset, products: dict[str, ProductRecord]
) -> None:
    prices: dict[tuple[str, str], list[float]] = defaultdict(list)
    for p in data.products:
        prices[(p.category, p.style)].append(float(p.price))
    style_mean = {key: statistics.mean(v) for key, v in prices.items()}
    persona = {s.id: s.discount_persona for s in data.shoppers}
    relative: dict[str, list[float]] = defaultdict(list)
    for e in data.interactions:
        p = products[e.product_id]
        relative[persona[e.shopper_id]].append(float(p.price) / style_mean[(p.category, p.style)])
    cheap = statistics.mean(relative["lower_priced_products"])
    assert cheap < statistics.mean(relative["discount_indifferent"]) - 0.05
    assert cheap < statistics.mean(relative["all_discounts"]) - 0.05


def test_all_discounts_shoppers_add_discounted_items_more_often(data: DemoDataset) -> None:
    persona = {s.id: s.discount_persona for s in data.shoppers}
    discounted: dict[str, list[bool]] = defaultdict(list)
    for e in data.interactions:
        if e.event_type == ADD_TO_CART:
            discounted[persona[e.shopper_id]].append(bool(e.discount))
    assert statistics.mean(discounted["all_discounts"]) > 2 * statistics.mean(
        discounted["discount_indifferent"]
    )


def test_generation_is_fast() -> None:
    started = time.perf_counter()
    build_demo_dataset(seed=3)
    assert time.perf_counter() - started < 3.0


# --- load_demo ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_demo_twice_gives_exact_counts_without_duplicates() -> None:
    first, second = StringIO(), StringIO()
    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)

    assert Category.objects.count() == N_CATEGORIES
    assert Product.objects.count() == N_PRODUCTS
    assert Product.objects.visible().count() == N_PRODUCTS - 11
    assert Shopper.objects.count() == N_SHOPPERS
    assert Interaction.objects.count() == N_INTERACTIONS
    assert Interaction.objects.filter(event_type=PURCHASE).count() == FUNNEL_COUNTS[PURCHASE]
    assert Product.objects.filter(pk=FIRST_PRODUCT_ID_SEED_1).exists()
    shopper = Shopper.objects.get(pk="demo-0001")
    assert shopper.persona_categories == ["electronics", "toys", "tools"]
    assert Category.objects.get(name="footwear").has_gender_affinity

    assert first.getvalue().count("\n") == 1
    assert "products: 372 created" in first.getvalue()
    assert "interactions: 28,315 created" in first.getvalue()
    assert "interactions: 0 created, 28,315 updated" in second.getvalue()


@pytest.mark.django_db
def test_load_demo_options() -> None:
    out = StringIO()
    call_command("load_demo", "--seed", "2", "--shoppers", "5", stdout=out)
    assert "seed 2" in out.getvalue()
    assert Shopper.objects.count() == 5
    assert Product.objects.count() == N_PRODUCTS
    assert not Product.objects.filter(pk=FIRST_PRODUCT_ID_SEED_1).exists()
    expected = len(build_demo_dataset(seed=2, shopper_count=5).interactions)
    assert Interaction.objects.count() == expected
