"""`manage.py import_data PATH [PATH ...]`: load Retail Demo Store / Personalize files."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog.importers import ImportDataError, find_sources
from catalog.services import catalog_import

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Import categories, products, shoppers and interactions from files or folders in the "
        "Retail Demo Store layout (products.yaml, categories.yaml, users.json.gz, ...) or Amazon "
        "Personalize's CSV layout (items.csv, users.csv, interactions.csv[.gz], also in a "
        "personalize/ subfolder). Re-importing updates rows; an error rolls everything back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            sources = find_sources(paths=options["paths"])
            for path in sources.files:
                self.stdout.write(f"reading {path}")
            total = sources.count_interactions()
            summary = catalog_import(
                sources=sources, progress=lambda kind, done: self._progress(kind, done, total)
            )
        except ImportDataError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Imported in {elapsed:.1f} s: {summary}"))

    def _progress(self, kind: str, done: int, total: int) -> None:
        if kind != "interactions" or not total:
            self.stdout.write(f"{kind}: {done:,}")
            return
        filled = min(BAR_WIDTH, BAR_WIDTH * done // total)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        self.stdout.write(f"{kind} [{bar}] {done:,}/{total:,}")
