from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from catalog.models import Interaction, Product
from recommendations.backends.local import model_store

pytestmark = pytest.mark.django_db


def test_bootstrap_loads_demo_trains_and_creates_admin_with_debug(settings: Any) -> None:
    settings.DEBUG = True
    out = StringIO()
    call_command("bootstrap_demo", stdout=out)
    assert Product.objects.count() == 372
    assert Interaction.objects.count() == 28315
    _, manifest = model_store().get()
    assert manifest["info"]["items"] == 372
    assert get_user_model().objects.filter(username="admin", is_superuser=True).count() == 1
    assert "retaildemo-admin" in out.getvalue()
    # a second run changes nothing
    call_command("bootstrap_demo", stdout=StringIO())
    assert Product.objects.count() == 372
    assert get_user_model().objects.count() == 1


def test_no_admin_without_debug(settings: Any) -> None:
    settings.DEBUG = False
    out = StringIO()
    call_command("bootstrap_demo", stdout=out)
    assert get_user_model().objects.count() == 0
    assert "retaildemo-admin" not in out.getvalue()
