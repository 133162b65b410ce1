from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from recommendations.services import model_train


class Command(BaseCommand):
    help = "Train the local related-items model from the database and make it current."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="print nothing on success")
        parser.add_argument(
            "--tune",
            action="store_true",
            help="first tune the parameters on a validation split of the shoppers (minutes)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            params: dict[str, Any] = {}
            if options["tune"]:
                params = self._tune(quiet=options["quiet"])
            version, info = model_train(**params)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not options["quiet"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"model {version}: {info['items']} items, {info['shoppers']} shoppers, "
                    f"{info['interactions']} interactions, "
                    f"{time.perf_counter() - started:.1f} s"
                )
            )

    def _tune(self, *, quiet: bool) -> dict[str, Any]:
        """Tuned TrainingParams/RankingParams; they are saved in the model's manifest."""
        from recommendations.engine.tuning import tune
        from recommendations.services import training_data

        items, interactions = training_data()
        if len(items) == 0 or len(interactions) == 0:
            raise ValueError("nothing to tune on: import data or run `manage.py load_demo` first")
        result = tune(items, interactions, progress=None if quiet else self.stderr.write)
        return {"training": result.training, "ranking": result.ranking}
