"""`make bench`: the engine's speed on the shared data, in-process, no database.

Prints import time, training time and peak memory, related + re-rank latency p50/p99 over
10,000 calls (the product page's two engine calls), and implicit's BM25 fit time on the same
binary matrix as a ratio to our training time.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np

CALLS = 10_000


def import_seconds() -> float:
    """Fresh interpreter: time to import the engine (numpy, scipy, scikit-learn included)."""
    code = (
        "import time; t = time.perf_counter(); import recommendations.engine.model; "
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def import_data_seconds(data: Path) -> float:
    """`manage.py import_data DIR` into a fresh SQLite file (migrated first, not timed)."""
    import os
    import tempfile

    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "RETAILDEMO_READ_DOTENV": "false",
        }
        manage = [sys.executable, str(root / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], check=True, env=env, cwd=root)
        started = time.perf_counter()
        subprocess.run(
            [*manage, "import_data", str(data)],
            check=True,
            env=env,
            cwd=root,
            stdout=subprocess.DEVNULL,
        )
        return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--calls", type=int, default=CALLS)
    args = parser.parse_args(argv)

    from recommendations.engine.evaluation import binary_matrix, category_masks, histories
    from recommendations.engine.model import train
    from recommendations.offline import tables_from_directory

    print(f"import recommendations.engine.model: {import_seconds():.2f} s (fresh interpreter)")
    print(
        f"manage.py import_data {args.data} into a new SQLite file: "
        f"{import_data_seconds(args.data):.1f} s"
    )
    started = time.perf_counter()
    items, interactions = tables_from_directory(args.data)
    print(
        f"read {len(items)} products, {len(interactions)} interactions: "
        f"{time.perf_counter() - started:.1f} s"
    )

    started = time.perf_counter()
    model = train(items, interactions)
    train_s = time.perf_counter() - started
    tracemalloc.start()  # a second run, because tracing slows training down
    train(items, interactions)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"training: {train_s:.2f} s, peak traced allocations {peak / 2**20:.0f} MiB")
    print(f"process peak RSS so far: {rss:.0f} MiB")

    ids = model.items.ids
    index = {x: n for n, x in enumerate(ids)}
    masks = category_masks(model.categories)
    rng = np.random.default_rng(1)
    shoppers = sorted(set(interactions.user_ids))
    picked = [shoppers[k] for k in rng.choice(len(shoppers), size=200, replace=False)]
    hist = [h for h in histories(interactions, picked, index).values() if h]
    lat = np.empty(args.calls)
    for n in range(args.calls):
        h = hist[n % len(hist)]
        cut = int(rng.integers(1, len(h) + 1))
        events = [
            (ids[e.item], e.event_type, e.timestamp, False) for e in h[max(0, cut - 200) : cut]
        ]
        a = h[cut - 1].item
        t = time.perf_counter()
        related = model.related(ids[a], limit=30, allowed=masks[model.categories[a]])
        model.rank([r.item_id for r in related], history=events)
        lat[n] = time.perf_counter() - t
    p50, p99 = np.percentile(lat, [50, 99]) * 1000
    print(
        f"related(30, same category) + rank, {args.calls} calls: p50 {p50:.2f} ms, p99 {p99:.2f} ms"
    )

    X, _ = binary_matrix(interactions, index)
    try:
        from implicit.nearest_neighbours import BM25Recommender
        from threadpoolctl import threadpool_limits
    except ImportError:
        print("implicit not installed (the eval extra): BM25 comparison skipped")
        return
    with threadpool_limits(1, "blas"), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Method expects CSR input")
        bm25 = BM25Recommender(K=100, num_threads=2)
        started = time.perf_counter()
        bm25.fit(X.tocsr().astype(np.float32), show_progress=False)
        bm25_s = time.perf_counter() - started
    print(
        f"implicit BM25 fit on the same {X.shape[0]} x {X.shape[1]} binary matrix: "
        f"{bm25_s:.3f} s = {bm25_s / train_s:.3f} x our training time "
        f"(ours takes {train_s / bm25_s:.0f} x as long)"
    )


if __name__ == "__main__":
    main()
