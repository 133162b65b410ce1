from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _isolated_model_dir(tmp_path: Path, settings: object) -> None:
    """Every test trains into its own model folder, never into var/models."""
    settings.RECOMMENDATIONS_MODEL_DIR = tmp_path / "models"  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> None:
    """Process-wide caches (popular products per category) start empty in every test: ids of
    rolled-back rows are reused from one test to the next."""
    from recommendations import services

    services._popular_cache.clear()


def shared_data_dir() -> Path:
    return Path(settings.RETAILDEMO_SHARED_DATA)


requires_shared_data = pytest.mark.skipif(
    not (Path(settings.RETAILDEMO_SHARED_DATA) / "products.yaml").exists(),
    reason=(
        "Retail Demo Store data not found at RETAILDEMO_SHARED_DATA "
        "(default ../shared/data/retail-demo-store); integration test skipped"
    ),
)
