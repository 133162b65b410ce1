"""Versioned model artifacts on disk, and a process-wide store that swaps them atomically.

Layout: `<base>/<version>/model.npz` + `manifest.json`, and `<base>/current`, a one-line file
naming the version in use. A new version is written to a temporary folder, renamed into place,
and only then is `current` replaced (os.replace is atomic), so a reader never sees half a model.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import tempfile
import threading
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from recommendations.engine.dataset import IdIndex
from recommendations.engine.model import SimilarityModel, TrainingParams
from recommendations.engine.ranking import RankingParams
from recommendations.engine.similarity import TopK

logger = logging.getLogger(__name__)

FORMAT = 1
KEEP_VERSIONS = 3


class ModelNotFound(LookupError):
    """No trained model exists yet in the model folder."""


def new_version() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def save_model(
    model: SimilarityModel, base_dir: Path, *, extra: dict[str, Any] | None = None
) -> str:
    """Write `model` as a new version and make it current. Returns the version name."""
    base_dir.mkdir(parents=True, exist_ok=True)
    version = new_version()
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=base_dir))
    M = model.metadata.tocsr()
    np.savez_compressed(
        tmp / "model.npz",
        item_ids=np.array(model.items.ids, dtype=str),
        categories=np.array(model.categories, dtype=str),
        styles=np.array(model.styles, dtype=str),
        genders=np.array(model.genders, dtype=str),
        nb_indices=model.neighbours.indices,
        nb_scores=model.neighbours.scores,
        nb_counts=model.neighbours.counts,
        co_part=model.co_part,
        meta_part=model.meta_part,
        popularity=model.popularity,
        meta_data=M.data,
        meta_indices=M.indices,
        meta_indptr=M.indptr,
        meta_shape=np.array(M.shape),
    )
    manifest = {
        "format": FORMAT,
        "version": version,
        "created_at": datetime.now(UTC).isoformat(),
        "training": model.training.as_dict(),
        "ranking": model.ranking.as_dict(),
        "info": model.info,
        **(extra or {}),
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    os.replace(tmp, base_dir / version)
    pointer_tmp = base_dir / f".current-{version}"
    pointer_tmp.write_text(version + "\n")
    os.replace(pointer_tmp, base_dir / "current")
    _prune(base_dir, keep=version)
    return version


def _prune(base_dir: Path, *, keep: str) -> None:
    versions = sorted(
        (p for p in base_dir.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.name,
    )
    for old in versions[:-KEEP_VERSIONS]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


def current_version(base_dir: Path) -> str | None:
    try:
        return (base_dir / "current").read_text().strip() or None
    except FileNotFoundError:
        return None


def load_model(
    base_dir: Path, version: str | None = None
) -> tuple[SimilarityModel, dict[str, Any]]:
    version = version or current_version(base_dir)
    if version is None:
        raise ModelNotFound(
            f"no trained model in {base_dir}; run `manage.py train_recommendations`"
        )
    try:
        return _load_version(base_dir / version)
    except FileNotFoundError as exc:
        raise ModelNotFound(f"model version {version} is incomplete: {exc}") from exc
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
        # A damaged artifact is "no usable model", never a crash: callers fall back.
        raise ModelNotFound(f"model version {version} cannot be loaded: {exc!r}") from exc


def _load_version(folder: Path) -> tuple[SimilarityModel, dict[str, Any]]:
    manifest = json.loads((folder / "manifest.json").read_text())
    data = np.load(folder / "model.npz", allow_pickle=False)
    M = sp.csr_matrix(
        (data["meta_data"], data["meta_indices"], data["meta_indptr"]),
        shape=tuple(int(x) for x in data["meta_shape"]),
    )
    model = SimilarityModel(
        items=IdIndex(str(x) for x in data["item_ids"]),
        categories=[str(x) for x in data["categories"]],
        styles=[str(x) for x in data["styles"]],
        neighbours=TopK(data["nb_indices"], data["nb_scores"], data["nb_counts"]),
        co_part=data["co_part"],
        meta_part=data["meta_part"],
        popularity=data["popularity"],
        metadata=M,
        training=TrainingParams.from_dict(manifest.get("training", {})),
        ranking=RankingParams.from_dict(manifest.get("ranking", {})),
        info=dict(manifest.get("info", {})),
        genders=[str(x) for x in data["genders"]] if "genders" in data.files else [],
    )
    return model, manifest


class ModelStore:
    """Loads the current model once per process and swaps in a new one after a retrain.

    The `current` pointer is re-read at most every `check_interval` seconds; a changed version is
    loaded fully before it replaces the old one, under a lock.
    """

    def __init__(self, base_dir: Path, *, check_interval: float = 2.0) -> None:
        self.base_dir = base_dir
        self.check_interval = check_interval
        self._lock = threading.Lock()
        self._model: SimilarityModel | None = None
        self._manifest: dict[str, Any] = {}
        self._version: str | None = None
        self._checked_at = 0.0
        self._failed: str | None = None

    def get(self) -> tuple[SimilarityModel, dict[str, Any]]:
        """The model in use. Once a model is loaded it stays in use until a newer version loads
        completely: a deleted folder or a damaged new version never takes it away (logged
        once), so pages and `/health` agree on the version that serves them."""
        now = time.monotonic()
        if self._model is not None and now - self._checked_at < self.check_interval:
            return self._model, self._manifest
        with self._lock:
            self._checked_at = now
            version = current_version(self.base_dir)
            if self._model is not None and version == self._version:
                return self._model, self._manifest
            try:
                if version is None:
                    raise ModelNotFound(
                        f"no trained model in {self.base_dir}; "
                        "run `manage.py train_recommendations`"
                    )
                model, manifest = load_model(self.base_dir, version)
            except ModelNotFound as exc:
                if self._model is None:
                    raise
                if self._failed != (version or "<none>"):
                    self._failed = version or "<none>"
                    logger.warning("keeping model %s in use: %s", self._version, exc)
                return self._model, self._manifest
            self._model, self._manifest, self._version = model, manifest, version
            self._failed = None
            return self._model, self._manifest

    @property
    def version(self) -> str | None:
        return self._version
