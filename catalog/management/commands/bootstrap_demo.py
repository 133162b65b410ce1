"""What `make run` does before serving: demo data and a model when missing, a demo admin."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from catalog.models import Product
from recommendations.backends.local import model_store
from recommendations.engine.artifacts import ModelNotFound

DEMO_ADMIN_USER = "admin"
DEMO_ADMIN_PASSWORD = "retaildemo-admin"


class Command(BaseCommand):
    help = "Load the bundled demo data and train when the database is empty; create a demo admin."

    def handle(self, *args: Any, **options: Any) -> None:
        if not Product.objects.exists():
            self.stdout.write("Empty database: loading the bundled demo data...")
            call_command("load_demo", stdout=self.stdout)
        try:
            model_store().get()
        except ModelNotFound:
            self.stdout.write("No model yet: training...")
            call_command("train_recommendations", stdout=self.stdout)
        if settings.DEBUG:
            user_model = get_user_model()
            if user_model.objects.filter(username=DEMO_ADMIN_USER).exists():
                self.stdout.write(
                    f"Demo admin: http://127.0.0.1:8000/admin/  user {DEMO_ADMIN_USER!r} "
                    f"(already exists; created with password {DEMO_ADMIN_PASSWORD!r})"
                )
                return
            user_model.objects.create_superuser(
                DEMO_ADMIN_USER, "admin@example.com", DEMO_ADMIN_PASSWORD
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo admin: http://127.0.0.1:8000/admin/  user {DEMO_ADMIN_USER!r}  "
                    f"password {DEMO_ADMIN_PASSWORD!r} (created only with DEBUG on)"
                )
            )
        else:
            self.stdout.write("DEBUG is off: no demo admin account is created.")
