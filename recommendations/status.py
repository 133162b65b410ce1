"""What /status/ shows staff: the backend and model in use, its training manifest, offline
figures, the fallback count since the process started; and a retrain started from the page.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from recommendations import services
from recommendations.backends import get_backend
from recommendations.backends.local import model_store
from recommendations.engine.artifacts import ModelNotFound

logger = logging.getLogger(__name__)

EVALUATION_FILES = ("var/evaluation.json", "docs/evaluation.json")


@dataclass
class RetrainState:
    running: bool = False
    started_at: datetime | None = None
    finished_at: datetime | None = None
    version: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class FigureTable:
    """One protocol of the offline evaluation: a row per method, a column per metric."""

    title: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]


PROTOCOL_TITLES = {
    "next": "Next item (related items of the last product viewed)",
    "cold": "Cold start (products new to the model)",
    "carousel": "Carousel (related order vs re-ranked for the shopper)",
}


@dataclass(frozen=True)
class ModelStatus:
    backend: str
    model_version: str | None
    trained_at: datetime | None
    info: dict[str, Any]
    training: dict[str, Any]
    evaluation_path: str | None
    evaluation: list[tuple[str, str]]
    fallback_count: int
    retrain: RetrainState
    manifest_rows: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    evaluation_tables: list[FigureTable] = field(default_factory=list)
    evaluation_rest: list[tuple[str, str]] = field(default_factory=list)


_retrain = RetrainState()
_retrain_lock = threading.Lock()


def _flatten(data: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Nested JSON as ("a.b.c", "value") rows; floats with 4 decimals."""
    if isinstance(data, dict):
        rows: list[tuple[str, str]] = []
        for key, value in data.items():
            rows += _flatten(value, f"{prefix}.{key}" if prefix else str(key))
        return rows
    if isinstance(data, float):
        return [(prefix, f"{data:.4f}")]
    if isinstance(data, list):
        return [(prefix, ", ".join(str(x) for x in data[:20]))]
    return [(prefix, str(data))]


def _evaluation_load() -> tuple[str | None, Any]:
    """(name, parsed JSON) of the first evaluation file found (var/ before docs/)."""
    base = Path(settings.BASE_DIR)
    for name in EVALUATION_FILES:
        path = base / name
        if path.is_file():
            try:
                return name, json.loads(path.read_text())
            except (OSError, ValueError) as exc:
                return name, {"error": f"cannot read {name}: {exc}"}
    return None, None


def evaluation_figures() -> tuple[str | None, list[tuple[str, str]]]:
    """The first evaluation JSON found (var/ before docs/) as rows, or (None, [])."""
    name, data = _evaluation_load()
    return name, (_flatten(data) if name else [])


def evaluation_tables(data: Any) -> tuple[list[FigureTable], list[tuple[str, str]]]:
    """`evaluate_recommendations --json` output as tables: each {protocol: {method: {metric:
    value}}} becomes a table; whatever has another shape is returned as flat rows."""
    tables: list[FigureTable] = []
    rest: list[tuple[str, str]] = []
    if not isinstance(data, dict):
        return tables, _flatten(data)
    for protocol, methods in data.items():
        if (
            isinstance(methods, dict)
            and methods
            and all(isinstance(m, dict) for m in methods.values())
        ):
            columns = list(dict.fromkeys(k for m in methods.values() for k in m))
            rows = [
                (
                    str(method),
                    [
                        f"{v:.4f}" if isinstance(v, float) else str(v)
                        for v in (metrics.get(c, "") for c in columns)
                    ],
                )
                for method, metrics in methods.items()
            ]
            title = PROTOCOL_TITLES.get(str(protocol), str(protocol))
            tables.append(FigureTable(title, columns, rows))
        else:
            rest += _flatten(methods, str(protocol))
    return tables, rest


def _trained_at(raw: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return None


def model_status() -> ModelStatus:
    backend = get_backend()
    manifest: dict[str, Any] = {}
    notes: list[str] = []
    try:
        _, manifest = model_store().get()
    except ModelNotFound as exc:
        notes.append(str(exc))
    path, data = _evaluation_load()
    figures = _flatten(data) if path else []
    tables, rest = evaluation_tables(data) if path else ([], [])
    return ModelStatus(
        backend=backend.name,
        model_version=backend.model_version() or manifest.get("version"),
        trained_at=_trained_at(manifest.get("created_at")),
        info=dict(manifest.get("info", {})),
        training=dict(manifest.get("training", {})),
        evaluation_path=path,
        evaluation=figures,
        fallback_count=services.fallback_count,
        retrain=RetrainState(**vars(_retrain)),
        manifest_rows=_flatten(
            {"info": manifest.get("info", {}), "training": manifest.get("training", {})}
        ),
        notes=notes,
        evaluation_tables=tables,
        evaluation_rest=rest,
    )


def _retrain_run() -> None:
    try:
        version, _ = services.model_train()
        _retrain.version, _retrain.error = version, None
    except (
        Exception
    ) as exc:  # reported on /status/ and logged: a failed retrain keeps the old model
        logger.exception("retrain from /status/ failed")
        _retrain.error = f"{type(exc).__name__}: {exc}"
    finally:
        _retrain.finished_at = timezone.now()
        _retrain.running = False


def _retrain_thread() -> None:
    try:
        _retrain_run()
    finally:
        connection.close()  # this thread's own connection


def model_retrain_start(*, background: bool = True) -> bool:
    """Start `model_train()` (in a thread unless `background=False`). False when a retrain is
    already running in this process."""
    with _retrain_lock:
        if _retrain.running:
            return False
        _retrain.running = True
        _retrain.started_at = timezone.now()
        _retrain.finished_at = None
        _retrain.error = None
    if background:
        threading.Thread(target=_retrain_thread, name="retrain", daemon=True).start()
    else:
        _retrain_run()
    return True
