"""`make bench-scale` (opt-in, not in CI): the pure engine on a generated large catalog.

100,000 products in 200 categories of 10 styles, 1,000,000 shoppers and 10,000,000 view
interactions, item popularity Zipf-distributed (exponent 1.1), seeded. No database. Prints
training time and peak memory (process RSS). Training keeps top-k neighbours sparse and works
in row chunks: it never builds a dense items x items matrix.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np

from recommendations.engine.dataset import InteractionTable, ItemTable
from recommendations.engine.model import train


def _word(k: int) -> str:
    """An alphabetic token (the TF-IDF keeps letters only): 0 -> "qaa", 1 -> "qab", ..."""
    letters = ""
    for _ in range(3):
        k, r = divmod(k, 26)
        letters = chr(97 + r) + letters
    return "q" + letters


def generate(
    *, products: int, interactions: int, shoppers: int, seed: int
) -> tuple[ItemTable, InteractionTable]:
    rng = np.random.default_rng(seed)
    categories = 200
    words = [_word(k) for k in range(20_000)]
    cat = rng.integers(0, categories, size=products)
    style = rng.integers(0, 10, size=products)
    name_words = rng.integers(0, len(words), size=(products, 2))
    ids = [f"p{k:06d}" for k in range(products)]
    table = ItemTable(
        ids=ids,
        names=[
            f"{_word(c)} {_word(c * 10 + s)} {words[a]} {words[b]}"
            for c, s, (a, b) in zip(cat, style, name_words, strict=True)
        ],
        descriptions=[""] * products,
        categories=[f"category {c}" for c in cat],
        styles=[f"style {s}" for s in style],
    )
    # Zipf popularity over a random permutation of the products
    ranks = np.arange(1, products + 1, dtype=np.float64)
    p = ranks**-1.1
    p /= p.sum()
    perm = rng.permutation(products)
    items = perm[rng.choice(products, size=interactions, p=p)]
    users = rng.integers(0, shoppers, size=interactions)
    stamps = np.sort(rng.integers(1_700_000_000, 1_707_776_000, size=interactions))
    user_names = [f"u{k}" for k in range(shoppers)]
    events = InteractionTable(
        user_ids=[user_names[u] for u in users],
        item_ids=[ids[i] for i in items],
        event_types=["View"] * interactions,
        timestamps=stamps.astype(np.int64),
    )
    return table, events


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=10_000_000)
    parser.add_argument("--shoppers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    items, events = generate(
        products=args.products,
        interactions=args.interactions,
        shoppers=args.shoppers,
        seed=args.seed,
    )
    rss_data = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"generated {len(items)} products, {len(events)} interactions, {args.shoppers} shoppers "
        f"in {time.perf_counter() - started:.0f} s (peak RSS {rss_data:.0f} MiB)",
        flush=True,
    )
    started = time.perf_counter()
    model = train(items, events)
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"training: {seconds:.0f} s; peak RSS {rss:.0f} MiB (data alone {rss_data:.0f} MiB)")
    print(f"model: {model.info}")


if __name__ == "__main__":
    main()
