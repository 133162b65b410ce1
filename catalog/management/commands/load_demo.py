"""`python manage.py load_demo`: generate the bundled demo data and write it to the database.

Writing goes through `catalog.services.catalog_upsert`, which matches every row on its identity
(category name, product and shopper id, interaction key), so running this again with the same
seed updates rows in place and never duplicates them.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog.demo import DEFAULT_SEED, DEFAULT_SHOPPER_COUNT, build_demo_dataset
from catalog.services import catalog_upsert


class Command(BaseCommand):
    help = "Generate the bundled demo catalog, shoppers and interactions and load them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"random seed; the same seed gives the same data (default {DEFAULT_SEED})",
        )
        parser.add_argument(
            "--shoppers",
            type=int,
            default=DEFAULT_SHOPPER_COUNT,
            help=f"number of simulated shoppers (default {DEFAULT_SHOPPER_COUNT})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seed: int = options["seed"]
        shopper_count: int = options["shoppers"]
        if shopper_count < 0:
            raise CommandError(f"--shoppers must be 0 or more, got {shopper_count}")
        started = time.perf_counter()
        data = build_demo_dataset(seed=seed, shopper_count=shopper_count)
        summary = catalog_upsert(
            categories=data.categories,
            products=data.products,
            shoppers=data.shoppers,
            interactions=data.interactions,
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Demo data (seed {seed}) loaded in {elapsed:.1f} s: {summary}")
        )
