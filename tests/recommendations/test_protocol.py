"""The store's Personalize wire protocol, driven by real boto3 clients over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from catalog.models import Interaction
from recommendations.models import ReceivedEvent
from recommendations.services import model_train
from tests.factories import small_store
from tests.recommendations.conftest import RANKING_ARN, SAME_CATEGORY_ARN, SIMILAR_ARN

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def runtime(protocol_endpoint: str) -> Any:
    return boto3.client(
        "personalize-runtime", endpoint_url=f"{protocol_endpoint}/personalize-runtime"
    )


@pytest.fixture
def events(protocol_endpoint: str) -> Any:
    return boto3.client(
        "personalize-events", endpoint_url=f"{protocol_endpoint}/personalize-events"
    )


@pytest.fixture
def store() -> dict[str, Any]:
    data = small_store()
    model_train()
    return data


def test_get_recommendations(runtime: Any, store: dict[str, Any]) -> None:
    response = runtime.get_recommendations(
        campaignArn=SIMILAR_ARN, itemId="k01", numResults=3, filterArn=SAME_CATEGORY_ARN
    )
    assert [i["itemId"] for i in response["itemList"]] == ["k02", "k03", "k04"]
    assert response["recommendationId"].startswith("RID-")
    assert isinstance(response["itemList"][0]["score"], float)


def test_get_personalized_ranking(runtime: Any, store: dict[str, Any]) -> None:
    response = runtime.get_personalized_ranking(
        campaignArn=RANKING_ARN, userId="1", inputList=["s02", "b02", "nope"]
    )
    assert [i["itemId"] for i in response["personalizedRanking"]] == ["b02", "s02", "nope"]


@pytest.mark.parametrize(
    "call,code",
    [
        (lambda c: c.get_recommendations(campaignArn=SIMILAR_ARN, userId="1"), "InvalidInput"),
        (
            lambda c: c.get_recommendations(
                campaignArn=SIMILAR_ARN,
                itemId="s01",
                filterArn="arn:aws:personalize:us-east-1:0:filter/unknown",
            ),
            "ResourceNotFound",
        ),
        (
            lambda c: c.get_personalized_ranking(
                campaignArn=RANKING_ARN, userId="1", inputList=[str(k) for k in range(501)]
            ),
            "InvalidInput",
        ),
    ],
)
def test_errors_have_the_service_shape(
    runtime: Any, store: dict[str, Any], call: Any, code: str
) -> None:
    with pytest.raises(ClientError) as caught:
        call(runtime)
    assert caught.value.response["Error"]["Code"] == f"{code}Exception"
    assert caught.value.response["Error"]["Message"]


def test_no_model_is_resource_not_found(runtime: Any) -> None:
    small_store()  # not trained
    with pytest.raises(runtime.exceptions.ResourceNotFoundException):
        runtime.get_recommendations(campaignArn=SIMILAR_ARN, itemId="s01")


def test_put_events_records_each_event_id_once(events: Any, store: dict[str, Any]) -> None:
    before = Interaction.objects.count()
    batch = [
        {
            "eventId": f"e{k}",
            "eventType": "View",
            "itemId": pid,
            "sentAt": datetime(2026, 3, 1, 12, k, tzinfo=UTC),
            "properties": '{"discount": "No"}',
        }
        for k, pid in enumerate(["b05", "b06", "unknown-item"])
    ]
    for _ in range(2):  # the same events twice: counted once
        events.put_events(trackingId="t", userId="1", sessionId="sess-9", eventList=batch)
    assert ReceivedEvent.objects.count() == 3
    assert Interaction.objects.count() == before + 2  # the unknown item is only received
    latest = Interaction.objects.filter(session_id="sess-9").order_by("timestamp")
    assert [(i.shopper_id, i.product_id) for i in latest] == [("1", "b05"), ("1", "b06")]


def test_put_events_rejects_more_than_ten(events: Any) -> None:
    with pytest.raises(events.exceptions.InvalidInputException, match="at most 10 per call"):
        events.put_events(
            trackingId="t",
            sessionId="s",
            eventList=[{"eventType": "View", "sentAt": datetime.now(UTC)}] * 11,
        )


def test_product_page_served_by_personalize_over_the_protocol(
    client: Any, protocol_endpoint: str, store: dict[str, Any]
) -> None:
    response = client.get("/product/s01/")
    assert response.status_code == 200
    carousel = response.context["carousel"]
    assert carousel.backend == "personalize" and not carousel.fallback
    assert carousel.recipe == "aws-similar-items + aws-personalized-ranking-v2"
    assert len(carousel.items) == 10
    assert b"aws-similar-items" in response.content
