"""Demo shoppers: names, ages, genders and Retail-Demo-Store-style personas."""

from __future__ import annotations

import random

from catalog.demo.vocabulary import (
    CATEGORIES,
    DISCOUNT_PERSONAS,
    FEMALE_FIRST_NAMES,
    LAST_NAMES,
    MALE_FIRST_NAMES,
    PERSONA_THEMES,
)
from catalog.records import ShopperRecord

# Share of shoppers whose three persona categories are drawn from the whole catalog instead
# of one theme, so every combination can turn up.
FREE_PERSONA_SHARE = 0.15


def shopper_id(number: int) -> str:
    """Demo shopper ids are prefixed so they never collide with imported (numeric) ids."""
    return f"demo-{number:04d}"


def _persona(rng: random.Random) -> str:
    """Three distinct category names joined by `_`; the first is the shopper's main interest."""
    if rng.random() < FREE_PERSONA_SHARE:
        pool: tuple[str, ...] = tuple(spec.name for spec in CATEGORIES)
    else:
        pool = rng.choice(PERSONA_THEMES)
    return "_".join(rng.sample(pool, 3))


def shopper_records(rng: random.Random, *, count: int) -> list[ShopperRecord]:
    shoppers: list[ShopperRecord] = []
    for number in range(1, count + 1):
        gender = rng.choice(("F", "M"))
        first = rng.choice(FEMALE_FIRST_NAMES if gender == "F" else MALE_FIRST_NAMES)
        shoppers.append(
            ShopperRecord(
                id=shopper_id(number),
                name=f"{first} {rng.choice(LAST_NAMES)}",
                age=rng.randint(18, 78),
                gender=gender,
                persona=_persona(rng),
                discount_persona=rng.choice(DISCOUNT_PERSONAS),
                selectable=True,
            )
        )
    return shoppers
