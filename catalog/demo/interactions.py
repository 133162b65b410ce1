"""A seeded simulator of shoppers browsing and buying, producing `InteractionRecord`s.

The behaviour it encodes is what the recommenders are meant to find:

* a session is spent in one category; sessions go to the shopper's three persona categories
  with weights PERSONA_WEIGHTS, and a share OFF_PERSONA_SESSION_SHARE go elsewhere;
* in each persona category the shopper keeps returning to a small group (3 to 6 products) of
  one style, with a share EXPLORE_VIEW_SHARE of views wandering across the category;
* products whose gender affinity differs from the shopper's are avoided
  (GENDER_STRICTNESS of the time), and `lower_priced_products` shoppers lean to cheaper items;
* a session is a few View events followed by a funnel AddToCart -> ViewCart -> StartCheckout
  -> Purchase, each step rarer than the one before; cart steps are emitted per cart item.

Timestamps are unix seconds inside the WINDOW_DAYS days that end at DEMO_END, a fixed
instant, so the same seed gives byte-identical output on any day. A shopper's events strictly
increase in time, which keeps (shopper, product, event type, timestamp) unique.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from catalog.records import InteractionRecord, ProductRecord, ShopperRecord

DEMO_END = 1_748_736_000  # 2025-06-01T00:00:00Z
DAY_SECONDS = 86_400
WINDOW_DAYS = 60
DEMO_START = DEMO_END - WINDOW_DAYS * DAY_SECONDS

PERSONA_WEIGHTS = (0.5, 0.3, 0.2)
OFF_PERSONA_SESSION_SHARE = 0.06
EXPLORE_VIEW_SHARE = 0.15
GENDER_STRICTNESS = 0.95
GROUP_SIZE = (3, 6)
SESSIONS_PER_SHOPPER = (8, 30)
VIEWS_PER_SESSION = (1, 5)
SECONDS_BETWEEN_EVENTS = (5, 120)
SECONDS_BETWEEN_SESSIONS = 600

DISCOUNT_SHOWN_SHARE = 0.2
P_ADD_TO_CART = 0.3
P_VIEW_CART = 0.7  # given a non-empty cart
P_START_CHECKOUT = 0.65  # given ViewCart
P_PURCHASE = 0.8  # given StartCheckout

VIEW = "View"
ADD_TO_CART = "AddToCart"
VIEW_CART = "ViewCart"
START_CHECKOUT = "StartCheckout"
PURCHASE = "Purchase"
FUNNEL = (VIEW, ADD_TO_CART, VIEW_CART, START_CHECKOUT, PURCHASE)


@dataclass(frozen=True, slots=True)
class _Catalog:
    """The UI-visible products indexed by category and by (category, style)."""

    by_category: dict[str, list[ProductRecord]]
    by_style: dict[tuple[str, str], list[ProductRecord]]

    @classmethod
    def of(cls, products: Sequence[ProductRecord]) -> _Catalog:
        by_category: dict[str, list[ProductRecord]] = defaultdict(list)
        by_style: dict[tuple[str, str], list[ProductRecord]] = defaultdict(list)
        for p in products:
            if p.where_visible != "UI":
                continue  # Alexa-only products never show up on the web
            by_category[p.category].append(p)
            by_style[(p.category, p.style)].append(p)
        return cls(by_category=dict(by_category), by_style=dict(by_style))


def _fits(product: ProductRecord, gender: str) -> bool:
    return product.gender_affinity in ("", gender)


class _ShopperSimulation:
    def __init__(self, rng: random.Random, shopper: ShopperRecord, catalog: _Catalog) -> None:
        self.rng = rng
        self.shopper = shopper
        self.catalog = catalog
        self.cheap = shopper.discount_persona == "lower_priced_products"
        self.persona = [c for c in shopper.persona.split("_") if c in catalog.by_category]
        self.others = sorted(c for c in catalog.by_category if c not in self.persona)
        self.groups = {category: self._group(category) for category in self.persona}
        self.clock = DEMO_START
        self.events: list[InteractionRecord] = []

    def _group(self, category: str) -> list[ProductRecord]:
        """The few related products (one style) this shopper keeps coming back to."""
        styles = sorted({p.style for p in self.catalog.by_category[category]})
        candidates: list[ProductRecord] = []
        for style in self.rng.sample(styles, len(styles)):
            candidates = [
                p for p in self.catalog.by_style[(category, style)] if _fits(p, self.shopper.gender)
            ]
            if len(candidates) >= GROUP_SIZE[0]:
                break
        size = min(self.rng.randint(*GROUP_SIZE), len(candidates))
        if self.cheap:
            return sorted(candidates, key=lambda p: (p.price, p.id))[:size]
        return self.rng.sample(candidates, size)

    def _explore(self, category: str) -> ProductRecord:
        candidates = self.catalog.by_category[category]
        if self.rng.random() < GENDER_STRICTNESS:
            candidates = [p for p in candidates if _fits(p, self.shopper.gender)] or candidates
        pick = self.rng.choice(candidates)
        if self.cheap:
            # Two looks, keep the cheaper: a soft lean to low prices rather than a hard cut.
            other = self.rng.choice(candidates)
            pick = min(pick, other, key=lambda p: (p.price, p.id))
        return pick

    def _emit(self, product: ProductRecord, event_type: str, *, discount: bool) -> None:
        self.clock += self.rng.randint(*SECONDS_BETWEEN_EVENTS)
        self.events.append(
            InteractionRecord(
                shopper_id=self.shopper.id,
                product_id=product.id,
                event_type=event_type,
                timestamp=self.clock,
                discount=discount,
                value=float(product.price) if event_type == PURCHASE else None,
            )
        )

    def _add_to_cart_probability(self, *, discount: bool) -> float:
        if self.shopper.discount_persona == "all_discounts":
            return P_ADD_TO_CART * (2.0 if discount else 0.6)
        return P_ADD_TO_CART

    def _session(self, start: int) -> None:
        self.clock = max(start, self.clock + SECONDS_BETWEEN_SESSIONS)
        if not self.persona or self.rng.random() < OFF_PERSONA_SESSION_SHARE:
            category = self.rng.choice(self.others)
            group: list[ProductRecord] = []
        else:
            category = self.rng.choices(self.persona, weights=PERSONA_WEIGHTS[: len(self.persona)])[
                0
            ]
            group = self.groups[category]

        cart: dict[str, tuple[ProductRecord, bool]] = {}
        for _ in range(self.rng.randint(*VIEWS_PER_SESSION)):
            if group and self.rng.random() >= EXPLORE_VIEW_SHARE:
                product = self.rng.choice(group)
            else:
                product = self._explore(category)
            discount = self.rng.random() < DISCOUNT_SHOWN_SHARE
            self._emit(product, VIEW, discount=discount)
            if (
                product.id not in cart
                and product.current_stock > 0
                and self.rng.random() < self._add_to_cart_probability(discount=discount)
            ):
                self._emit(product, ADD_TO_CART, discount=discount)
                cart[product.id] = (product, discount)

        for event_type, probability in (
            (VIEW_CART, P_VIEW_CART),
            (START_CHECKOUT, P_START_CHECKOUT),
            (PURCHASE, P_PURCHASE),
        ):
            if not cart or self.rng.random() >= probability:
                break
            for product, discount in cart.values():
                self._emit(product, event_type, discount=discount)

    def run(self) -> list[InteractionRecord]:
        sessions = self.rng.randint(*SESSIONS_PER_SHOPPER)
        latest_start = DEMO_END - DAY_SECONDS // 24
        starts = sorted(self.rng.randint(DEMO_START, latest_start) for _ in range(sessions))
        for start in starts:
            self._session(start)
        return self.events


def simulate_interactions(
    *, seed: int, shoppers: Sequence[ShopperRecord], products: Sequence[ProductRecord]
) -> list[InteractionRecord]:
    """All shoppers' interactions, ordered by (timestamp, shopper id).

    Each shopper draws from a random stream of their own (seeded by `seed` and their id), so a
    shopper's history does not change when other shoppers are added or removed.
    """
    catalog = _Catalog.of(products)
    if not catalog.by_category:
        raise ValueError("cannot simulate interactions without UI-visible products")
    events: list[InteractionRecord] = []
    for shopper in shoppers:
        rng = random.Random(f"demo-interactions:{seed}:{shopper.id}")
        events.extend(_ShopperSimulation(rng, shopper, catalog).run())
    events.sort(key=lambda e: (e.timestamp, e.shopper_id))
    return events
