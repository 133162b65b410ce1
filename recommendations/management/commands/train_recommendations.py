from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from recommendations.services import model_train


class Command(BaseCommand):
    help = "Train the local related-items model from the database and make it current."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="print nothing on success")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            version, info = model_train()
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
