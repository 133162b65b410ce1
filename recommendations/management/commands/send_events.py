from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from recommendations import aws
from recommendations.outbox import OutboxNotConfigured, outbox_counts, outbox_drain


class Command(BaseCommand):
    help = (
        "Send queued store events to the Amazon Personalize event tracker (PutEvents), "
        "once or continuously with --loop."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="keep draining until interrupted (Ctrl-C)"
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=2.0,
            help="seconds to sleep between passes with --loop (default 2)",
        )
        parser.add_argument("--max-passes", type=int, default=None, help=argparse_suppress_help())

    def handle(self, *args: Any, **options: Any) -> None:
        if not aws.is_configured(settings.PERSONALIZE_EVENT_TRACKING_ID):
            # Nothing new is queued without a tracker; rows queued earlier carry their own
            # tracking id and are still sent.
            self.stdout.write(
                "no event tracker is configured (PERSONALIZE_EVENT_TRACKING_ID): "
                "store events are not queued for Personalize"
            )
            if not outbox_counts()["pending"]:
                self._counts()
                return
        passes = 0
        try:
            while True:
                result = outbox_drain()
                passes += 1
                if result.calls or not options["loop"]:
                    self.stdout.write(str(result))
                if not options["loop"] or (
                    options["max_passes"] is not None and passes >= options["max_passes"]
                ):
                    break
                time.sleep(options["interval"])
        except KeyboardInterrupt:
            self.stdout.write("interrupted")
        except OutboxNotConfigured as exc:
            self._counts()
            raise CommandError(str(exc)) from None
        self._counts()

    def _counts(self) -> None:
        counts = outbox_counts()
        self.stdout.write(
            "outbox: {queued} queued, {sent} sent, {pending} pending, {rejected} rejected".format(
                **counts
            )
        )


def argparse_suppress_help() -> str:
    import argparse

    return argparse.SUPPRESS
