from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog.importers import ImportDataError
from recommendations.engine.harness import evaluate, table, targets
from recommendations.offline import tables_from_demo, tables_from_directory


class Command(BaseCommand):
    help = (
        "Evaluate related items and the carousel offline (protocols next, cold, carousel; seeds "
        "1, 2, 3) against peers, on a data folder or the bundled demo data. See "
        "docs/evaluation.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", help="a Retail Demo Store / Personalize data folder")
        parser.add_argument("--demo", action="store_true", help="evaluate the bundled demo data")
        parser.add_argument("--json", help="also write the means to this JSON file")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if bool(options["data"]) == bool(options["demo"]):
            raise CommandError("give either --data DIR or --demo")
        try:
            if options["demo"]:
                items, interactions = tables_from_demo()
            else:
                items, interactions = tables_from_directory(options["data"])
        except (ImportDataError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(f"{len(items)} products, {len(interactions)} interactions")

        def progress(message: str) -> None:
            self.stderr.write(f"[{time.perf_counter() - started:6.1f} s] {message}")

        result, runs = evaluate(items, interactions, progress=progress)
        self.stdout.write(table(runs))
        self.stdout.write("")
        for name, ok, detail in targets(result):
            self.stdout.write(f"target {name:<9} {'holds' if ok else 'MISSED'}: {detail}")
        self.stdout.write(f"total {time.perf_counter() - started:.0f} s")
        if options["json"]:
            path = Path(options["json"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(result, indent=2) + "\n")
