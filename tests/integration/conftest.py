"""The Retail Demo Store data, imported and trained once for this package of tests.

Package scope (not session scope) so the 675,004 imported interactions are flushed before the
rest of the suite runs: the other tests build their own small catalogs in an empty database.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.conftest import shared_data_dir


@pytest.fixture(scope="package")
def shared_store(
    django_db_setup: None,
    django_db_blocker: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Path]:
    """Import ../shared/data/retail-demo-store and train; yields the model folder."""
    model_dir = tmp_path_factory.mktemp("shared-models")
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("import_data", str(shared_data_dir()), stdout=StringIO())
        previous = settings.RECOMMENDATIONS_MODEL_DIR
        settings.RECOMMENDATIONS_MODEL_DIR = model_dir
        try:
            call_command("train_recommendations", "--quiet")
        finally:
            settings.RECOMMENDATIONS_MODEL_DIR = previous
        yield model_dir
        call_command("flush", "--noinput")
