"""One evaluation run: every protocol, every method, every seed, and the table of means.

`evaluate()` is what `manage.py evaluate_recommendations` prints and writes; it is pure (no
Django) so it runs on the bundled demo data in a test and on any folder of files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from recommendations.engine.dataset import InteractionTable, ItemTable
from recommendations.engine.evaluation import (
    Scores,
    binary_matrix,
    histories,
    next_pairs,
    score_carousel,
    score_pairs,
    split,
    subset,
    summarize,
)
from recommendations.engine.model import RankingParams, TrainingParams, train
from recommendations.engine.peers import (
    Peer,
    PopularPeer,
    RetailDemoPeer,
    SameCategoryPopularPeer,
    cooccurrence_peer,
    implicit_peers,
    metadata_peer,
)

SEEDS = (1, 2, 3)
K = 10
HELDOUT_SHOPPERS = 0.1
COLD_PRODUCTS = 0.1
METHODS = (
    "retaildemo",
    "popular",
    "same_category_popular",
    "cooccurrence",
    "metadata",
    "implicit_cosine",
    "implicit_bm25",
    "implicit_als",
)
METRICS = ("hr", "ndcg", "same_category", "same_style", "coverage", "ms_per_query")

Progress = Callable[[str], None]


@dataclass
class SeedResult:
    seed: int
    next: dict[str, Scores] = field(default_factory=dict)
    cold: dict[str, Scores] = field(default_factory=dict)
    carousel: dict[str, Scores] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)


def build_methods(
    items: ItemTable,
    interactions: InteractionTable,
    *,
    seed: int,
    training: TrainingParams | None = None,
    ranking: RankingParams | None = None,
) -> tuple[list[Peer], RetailDemoPeer]:
    """Fit ours and every peer on the same training interactions (`items` in sorted order)."""
    index = {x: n for n, x in enumerate(items.ids)}
    X, _ = binary_matrix(interactions, index)
    model = train(items, interactions, training=training, ranking=ranking)
    if model.items.ids != items.ids:
        raise ValueError("the model's item index must be the catalog in sorted id order")
    ours = RetailDemoPeer(model, items.categories)
    peers: list[Peer] = [
        ours,
        PopularPeer(X),
        SameCategoryPopularPeer(X, items.categories),
        cooccurrence_peer(X),
        metadata_peer(items),
        *implicit_peers(X, seed=seed),
    ]
    return peers, ours


def evaluate_seed(
    items: ItemTable,
    interactions: InteractionTable,
    *,
    seed: int,
    k: int = K,
    training: TrainingParams | None = None,
    ranking: RankingParams | None = None,
    progress: Progress | None = None,
) -> SeedResult:
    say = progress or (lambda _: None)
    items = items.sorted_by_id()
    index = {x: n for n, x in enumerate(items.ids)}
    result = SeedResult(seed=seed)
    kw: dict[str, Any] = {"k": k, "categories": items.categories, "styles": items.styles}

    # next + carousel: one training set without the held-out shoppers
    s = split(interactions, seed=seed, shopper_fraction=HELDOUT_SHOPPERS)
    held = histories(interactions, s.heldout, index)
    pairs = [(a, b) for h in held.values() for a, b, _ in next_pairs(h)]
    say(f"seed {seed}: {len(s.heldout)} held-out shoppers, {len(pairs)} pairs")
    methods, ours = build_methods(
        items, subset(interactions, s.train_rows), seed=seed, training=training, ranking=ranking
    )
    result.params = {
        "training": ours.model.training.as_dict(),
        "ranking": ours.model.ranking.as_dict(),
    }
    for m in methods:
        result.next[m.name] = score_pairs(m.related, pairs, **kw)
    say(f"seed {seed}: next done")
    car = score_carousel(ours.model, held.values(), **kw)
    result.carousel = {"related": car.related, "reranked": car.reranked}
    say(f"seed {seed}: carousel done ({car.related.queries} steps)")

    # cold: the same held-out shoppers, and 10% of the products never seen in training
    c = split(
        interactions,
        seed=seed,
        shopper_fraction=HELDOUT_SHOPPERS,
        cold_fraction=COLD_PRODUCTS,
        item_ids=items.ids,
    )
    cold_idx = {index[x] for x in c.cold}
    cold_pairs = [(a, b) for a, b in pairs if a in cold_idx]
    methods, _ = build_methods(
        items, subset(interactions, c.train_rows), seed=seed, training=training, ranking=ranking
    )
    for m in methods:
        result.cold[m.name] = score_pairs(m.related, cold_pairs, **kw)
    say(f"seed {seed}: cold done ({len(cold_pairs)} pairs)")
    return result


def evaluate(
    items: ItemTable,
    interactions: InteractionTable,
    *,
    seeds: Sequence[int] = SEEDS,
    k: int = K,
    training: TrainingParams | None = None,
    ranking: RankingParams | None = None,
    progress: Progress | None = None,
) -> tuple[dict[str, Any], list[SeedResult]]:
    """Run every seed; return the means in the JSON shape of issue 3, and the per-seed runs."""
    runs = [
        evaluate_seed(
            items,
            interactions,
            seed=s,
            k=k,
            training=training,
            ranking=ranking,
            progress=progress,
        )
        for s in seeds
    ]
    return means(runs, k=k), runs


def means(runs: Sequence[SeedResult], *, k: int) -> dict[str, Any]:
    out: dict[str, Any] = {"k": k}
    for protocol in ("next", "cold"):
        out[protocol] = {
            name: {
                metric: summarize([getattr(r, protocol)[name].as_dict()[metric] for r in runs])[0]
                for metric in METRICS
            }
            for name in METHODS
        }
    out["carousel"] = {
        name: {
            metric: summarize([r.carousel[name].as_dict()[metric] for r in runs])[0]
            for metric in ("hr", "ndcg")
        }
        for name in ("related", "reranked")
    }
    return out


def table(runs: Sequence[SeedResult]) -> str:
    """The printed table: mean ± spread (std over seeds) per protocol and method."""
    lines: list[str] = []
    header = (
        f"{'protocol':<9} {'method':<22} {'hr':>15} {'ndcg':>15} {'same_cat':>9} "
        f"{'same_style':>10} {'coverage':>8} {'ms/query':>8} {'queries':>8} {'empty':>6}"
    )
    lines.append(header)
    lines.append("-" * len(header))

    def row(protocol: str, name: str, per_seed: list[Scores]) -> str:
        d = [s.as_dict() for s in per_seed]
        cells = {m: summarize([x[m] for x in d]) for m in METRICS}
        queries = sum(s.queries for s in per_seed) / len(per_seed)
        empty = sum(s.empty for s in per_seed) / len(per_seed)
        hr, ndcg = cells["hr"], cells["ndcg"]
        return (
            f"{protocol:<9} {name:<22} {hr[0]:>7.4f}±{hr[1]:<6.4f} {ndcg[0]:>7.4f}±{ndcg[1]:<6.4f} "
            f"{cells['same_category'][0]:>9.3f} {cells['same_style'][0]:>10.3f} "
            f"{cells['coverage'][0]:>8.3f} {cells['ms_per_query'][0]:>8.3f} "
            f"{queries:>8.0f} {empty:>6.0f}"
        )

    for protocol in ("next", "cold"):
        for name in METHODS:
            lines.append(row(protocol, name, [getattr(r, protocol)[name] for r in runs]))
    for name in ("related", "reranked"):
        lines.append(row("carousel", name, [r.carousel[name] for r in runs]))
    return "\n".join(lines)


def targets(result: dict[str, Any]) -> list[tuple[str, bool, str]]:
    """The three targets of issue 3, each with whether it holds and the numbers behind it."""
    nxt, cold, car = result["next"], result["cold"], result["carousel"]
    ours = nxt["retaildemo"]
    best_name = max(
        ("cooccurrence", "implicit_cosine", "implicit_bm25", "implicit_als"),
        key=lambda n: nxt[n]["hr"],
    )
    best = nxt[best_name]["hr"]
    ok_next = (
        ours["hr"] >= 0.95 * best and ours["same_category"] >= 0.99 and ours["same_style"] >= 0.40
    )
    scp = cold["same_category_popular"]["hr"]
    oc = cold["retaildemo"]
    ok_cold = oc["hr"] >= 0.9 * scp and oc["same_style"] >= 0.90
    rel, rer = car["related"]["hr"], car["reranked"]["hr"]
    ok_car = rer >= 1.35 * rel
    return [
        (
            "next",
            ok_next,
            f"hr {ours['hr']:.4f} vs 0.95 x {best_name} {best:.4f} = {0.95 * best:.4f}; "
            f"same_category {ours['same_category']:.3f} (>= 0.99); "
            f"same_style {ours['same_style']:.3f} (>= 0.40)",
        ),
        (
            "cold",
            ok_cold,
            f"hr {oc['hr']:.4f} vs 0.9 x same_category_popular {scp:.4f} = {0.9 * scp:.4f}; "
            f"same_style {oc['same_style']:.3f} (>= 0.90)",
        ),
        (
            "carousel",
            ok_car,
            f"reranked hr {rer:.4f} vs 1.35 x related {rel:.4f} = {1.35 * rel:.4f}",
        ),
    ]
