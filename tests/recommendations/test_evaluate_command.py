from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from recommendations.engine.harness import METHODS, METRICS


def test_evaluate_demo_writes_the_json_shape(tmp_path: Path) -> None:
    out = tmp_path / "evaluation.json"
    call_command("evaluate_recommendations", "--demo", "--json", str(out), stdout=None)
    result = json.loads(out.read_text())
    assert set(result) == {"k", "next", "cold", "carousel"}
    assert result["k"] == 10
    for protocol in ("next", "cold"):
        assert set(result[protocol]) == set(METHODS)
        for row in result[protocol].values():
            assert set(row) == set(METRICS)
            for metric in ("hr", "ndcg", "same_category", "same_style", "coverage"):
                assert 0.0 <= row[metric] <= 1.0
            assert row["ms_per_query"] >= 0.0
    assert result["next"]["retaildemo"]["same_category"] == pytest.approx(1.0)
    assert set(result["carousel"]) == {"related", "reranked"}
    for row in result["carousel"].values():
        assert set(row) == {"hr", "ndcg"} and 0.0 <= row["hr"] <= 1.0


def test_evaluate_needs_a_source() -> None:
    with pytest.raises(CommandError, match="--data DIR or --demo"):
        call_command("evaluate_recommendations")


@pytest.mark.django_db
def test_train_with_tune_saves_the_tuned_values(settings: object) -> None:
    from catalog.demo import build_demo_dataset
    from catalog.services import catalog_upsert
    from recommendations.engine.artifacts import load_model

    data = build_demo_dataset(seed=1, shopper_count=60)
    catalog_upsert(
        categories=data.categories,
        products=data.products,
        shoppers=data.shoppers,
        interactions=data.interactions,
    )
    call_command("train_recommendations", "--tune", "--quiet")
    _, manifest = load_model(settings.RECOMMENDATIONS_MODEL_DIR)  # type: ignore[attr-defined]
    assert {"damping", "style_weight", "cold_popularity_weight"} <= set(manifest["training"])
    assert "direct_weight" in manifest["ranking"]
