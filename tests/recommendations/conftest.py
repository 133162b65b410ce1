"""AWS stand-ins shared by the Personalize tests: fake credentials, one region, no profile,
and settings that point the personalize backend at the store's own protocol endpoints."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from recommendations import aws
from recommendations.backends import reset_backends

SIMILAR_ARN = "arn:aws:personalize:us-east-1:000000000000:campaign/retaildemo-similar-items"
RANKING_ARN = "arn:aws:personalize:us-east-1:000000000000:campaign/retaildemo-ranking"
SAME_CATEGORY_ARN = "arn:aws:personalize:us-east-1:000000000000:filter/same-category"


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fake credentials and a region; boto3 never reads the developer's own configuration."""
    for name in (
        "AWS_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_PERSONALIZE_RUNTIME",
        "AWS_ENDPOINT_URL_PERSONALIZE_EVENTS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
    aws.reset_clients()
    reset_backends()
    yield
    aws.reset_clients()
    reset_backends()


def use_personalize(settings: Any, **overrides: Any) -> None:
    """RECOMMENDATIONS_BACKEND=personalize with both campaigns and the same-category filter."""
    settings.RECOMMENDATIONS_BACKEND = "personalize"
    settings.PERSONALIZE_REGION = "us-east-1"
    settings.PERSONALIZE_SIMILAR_ITEMS_CAMPAIGN_ARN = SIMILAR_ARN
    settings.PERSONALIZE_SIMILAR_ITEMS_RECOMMENDER_ARN = ""
    settings.PERSONALIZE_RANKING_CAMPAIGN_ARN = RANKING_ARN
    settings.PERSONALIZE_FILTER_ARNS = {"same-category": SAME_CATEGORY_ARN}
    for name, value in overrides.items():
        setattr(settings, name, value)
    aws.reset_clients()
    reset_backends()


@pytest.fixture
def protocol_endpoint(
    aws_env: None, live_server: Any, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> str:
    """The personalize backend talking to this store's own protocol endpoints over HTTP.

    Timeouts are generous: the point is the wire format, not the latency of a busy test host."""
    monkeypatch.setenv(
        "AWS_ENDPOINT_URL_PERSONALIZE_RUNTIME", f"{live_server.url}/personalize-runtime"
    )
    monkeypatch.setenv(
        "AWS_ENDPOINT_URL_PERSONALIZE_EVENTS", f"{live_server.url}/personalize-events"
    )
    use_personalize(
        settings,
        PERSONALIZE_CONNECT_TIMEOUT=5.0,
        PERSONALIZE_READ_TIMEOUT=10.0,
        PERSONALIZE_DEADLINE=10.0,
        PERSONALIZE_MAX_ATTEMPTS=1,
    )
    return str(live_server.url)
