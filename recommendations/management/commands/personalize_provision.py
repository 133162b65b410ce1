from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from recommendations import aws
from recommendations.personalize.export import split_s3_uri
from recommendations.personalize.provision import (
    Provisioner,
    ProvisionError,
    ensure_bucket_policy,
    ensure_role,
)


class Command(BaseCommand):
    help = (
        "Create or reuse the Amazon Personalize resources of the store (dataset group, schemas, "
        "datasets, imports, solutions, campaigns, event tracker, filters) and print the .env "
        "lines; --delete removes them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data",
            default="",
            help="s3://bucket/prefix holding `manage.py personalize_export` output",
        )
        parser.add_argument("--prefix", default="retaildemo", help="name of every resource")
        parser.add_argument(
            "--role-arn",
            default="",
            help="IAM role Personalize assumes to read the bucket (created if omitted)",
        )
        parser.add_argument(
            "--timeout", type=float, default=4 * 3600, help="seconds to wait per resource"
        )
        parser.add_argument("--poll", type=float, default=30.0, help="seconds between checks")
        parser.add_argument("--delete", action="store_true", help="remove what was created")

    def handle(self, *args: Any, **options: Any) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        client = aws.client("personalize", connect_timeout=5.0, read_timeout=30.0, max_attempts=5)
        provisioner = Provisioner(
            client=client,
            prefix=options["prefix"],
            data_uri=options["data"],
            role_arn=options["role_arn"],
            timeout=options["timeout"],
            poll=options["poll"],
            out=self.stdout.write,
        )
        try:
            if options["delete"]:
                provisioner.delete()
                return
            if not options["data"]:
                raise CommandError("--data s3://bucket/prefix is required (run personalize_export)")
            bucket, _ = split_s3_uri(options["data"])
            if not provisioner.role_arn:
                iam = aws.client("iam", connect_timeout=5.0, read_timeout=30.0, max_attempts=5)
                provisioner.role_arn = ensure_role(
                    iam, name=f"{options['prefix']}-personalize", bucket=bucket
                )
            ensure_bucket_policy(
                aws.client("s3", connect_timeout=5.0, read_timeout=30.0, max_attempts=5),
                bucket=bucket,
            )
            lines = provisioner.run()
        except (ProvisionError, ValueError, BotoCoreError, ClientError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Done. Add these lines to .env:"))
        for line in lines:
            self.stdout.write(line)
