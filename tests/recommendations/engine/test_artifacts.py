"""Versioned artifacts: atomic publish, reload on change, and damaged files never crash."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from recommendations.engine.artifacts import (
    ModelNotFound,
    ModelStore,
    current_version,
    load_model,
    save_model,
)
from recommendations.engine.dataset import InteractionTable, ItemTable
from recommendations.engine.model import SimilarityModel, train


def _model(names: list[str]) -> SimilarityModel:
    items = ItemTable(
        ids=[f"p{k}" for k in range(len(names))],
        names=names,
        descriptions=[""] * len(names),
        categories=["c"] * len(names),
        styles=["s"] * len(names),
    )
    events = InteractionTable(["u1", "u1"], ["p0", "p1"], ["View", "View"], np.array([1, 2]))
    return train(items, events)


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    model = _model(["red lamp", "red lamp shade", "blue chair"])
    version = save_model(model, tmp_path)
    assert current_version(tmp_path) == version
    loaded, manifest = load_model(tmp_path)
    assert manifest["version"] == version
    assert loaded.items.ids == ["p0", "p1", "p2"]
    assert [r.item_id for r in loaded.related("p0", limit=2)] == [
        r.item_id for r in model.related("p0", limit=2)
    ]


def test_no_model_and_damaged_model_raise_model_not_found(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFound):
        load_model(tmp_path)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.json").write_text("{not json")
    (broken / "model.npz").write_text("garbage")
    (tmp_path / "current").write_text("broken\n")
    with pytest.raises(ModelNotFound, match="cannot be loaded"):
        load_model(tmp_path)
    (broken / "manifest.json").write_text("{}")
    with pytest.raises(ModelNotFound, match="cannot be loaded"):
        load_model(tmp_path)


def test_store_swaps_to_a_new_version_and_keeps_the_last_good_one(tmp_path: Path) -> None:
    store = ModelStore(tmp_path, check_interval=0.0)
    with pytest.raises(ModelNotFound):
        store.get()
    first = save_model(_model(["a lamp", "a chair"]), tmp_path)
    assert store.get()[1]["version"] == first and store.version == first
    second = save_model(_model(["a lamp", "a chair", "a desk"]), tmp_path)
    model, manifest = store.get()
    assert manifest["version"] == second and len(model.items) == 3
    # A damaged newer version, then a deleted folder: the loaded model stays in use.
    (tmp_path / "bad").mkdir()
    (tmp_path / "current").write_text("bad\n")
    assert store.get()[1]["version"] == second
    shutil.rmtree(tmp_path)
    assert store.get()[1]["version"] == second
    assert store.version == second
