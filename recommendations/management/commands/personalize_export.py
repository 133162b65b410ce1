from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from recommendations.personalize.export import personalize_export


class Command(BaseCommand):
    help = (
        "Write items.csv, users.csv, interactions.csv and their Avro schemas in the form "
        "Amazon Personalize imports, into a folder or s3://bucket/prefix."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="a folder, or s3://bucket/prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            result = personalize_export(out=options["out"])
        except (ValueError, OSError, BotoCoreError, ClientError) as exc:
            raise CommandError(str(exc)) from exc
        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['items']} items, {counts['users']} users, "
                f"{counts['interactions']} interactions -> {options['out']}"
            )
        )
        for name in result.files:
            self.stdout.write(f"  {name}")
