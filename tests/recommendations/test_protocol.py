"""The store's Personalize wire protocol, driven by real boto3 clients over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from catalog.models import Interaction, Shopper
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


def _view(item: str = "b05", **extra: Any) -> dict[str, Any]:
    return {
        "eventType": "View",
        "itemId": item,
        "sentAt": datetime(2026, 3, 1, 12, tzinfo=UTC),
    } | extra


def test_put_events_stores_each_distinct_event_once(events: Any, store: dict[str, Any]) -> None:
    same_time = [_view(eventId=f"d{k}") for k in range(3)]
    events.put_events(trackingId="t", userId="1", sessionId="sess-d", eventList=same_time)
    events.put_events(trackingId="t", userId="1", sessionId="sess-d", eventList=[_view(), _view()])
    rows = Interaction.objects.filter(session_id="sess-d").order_by("timestamp")
    base = datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert [r.timestamp for r in rows] == [base + timedelta(microseconds=k) for k in range(5)]
    assert ReceivedEvent.objects.count() == 5
    events.put_events(trackingId="t", userId="1", sessionId="sess-d", eventList=same_time)
    assert Interaction.objects.filter(session_id="sess-d").count() == 5  # de-dup by eventId


def test_put_events_credits_an_unknown_user_like_the_api(
    events: Any, store: dict[str, Any]
) -> None:
    events.put_events(trackingId="t", userId="new-7", sessionId="sess-n", eventList=[_view()])
    shopper = Shopper.objects.get(pk="new-7")
    assert (shopper.name, shopper.selectable) == ("Shopper new-7", False)
    row = Interaction.objects.get(session_id="sess-n")
    assert (row.shopper_id, row.product_id, row.event_type) == ("new-7", "b05", "View")


def test_put_events_keeps_the_discount_property(events: Any, store: dict[str, Any]) -> None:
    batch = [_view(properties='{"discount": "Yes"}')]
    events.put_events(trackingId="t", userId="1", sessionId="sess-p", eventList=batch)
    assert Interaction.objects.get(session_id="sess-p").discount is True


@pytest.mark.parametrize(
    ("session", "event", "message"),
    [
        (
            "s",
            {"eventType": "rate"},
            "eventList[0].eventType: unknown event type 'rate'; use one of",
        ),
        (
            "s",
            {"sentAt": datetime.now(UTC) + timedelta(days=5)},
            "is more than a day in the future",
        ),
        ("None", {}, "sessionId: 'None' is not an id (a missing value?)"),
        ("x" * 300, {}, "sessionId: must be at most 64 characters"),
        ("s", {"eventId": "e" * 300}, "eventList[0].eventId: must be at most 255 characters"),
    ],
)
def test_put_events_applies_the_shared_validation(
    events: Any, store: dict[str, Any], session: str, event: dict[str, Any], message: str
) -> None:
    before = Interaction.objects.count()
    with pytest.raises(events.exceptions.InvalidInputException) as caught:
        events.put_events(trackingId="t", sessionId=session, eventList=[_view(**event)])
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert message in caught.value.response["Error"]["Message"]
    assert Interaction.objects.count() == before
    assert ReceivedEvent.objects.count() == 0


def test_put_events_normalizes_milliseconds(client: Any, settings: Any) -> None:
    small_store()
    body = {
        "trackingId": "t",
        "sessionId": "sess-ms",
        "eventList": [{"eventType": "View", "itemId": "s01", "sentAt": 1_772_366_400_000}],
    }
    response = client.post("/personalize-events/events", body, content_type="application/json")
    assert response.status_code == 200
    row = Interaction.objects.get(session_id="sess-ms")
    assert row.timestamp == datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("sent_at", "message"),
    [
        ("NaN", "eventList[0].sentAt: must be a positive unix time, got nan"),
        ("-1e12", "eventList[0].sentAt: must be a positive unix time, got -1000000000000.0"),
        ("1e300", "eventList[0].sentAt: is out of range: 1e+300"),
        ('"2026-13-45T00:00:00"', "eventList[0].sentAt: '2026-13-45T00:00:00' is neither"),
        ("1" + "0" * 400, "eventList[0].sentAt: is out of range: 1" + "0" * 36 + "..."),
    ],
)
def test_put_events_raw_bad_sent_at_is_invalid_input(
    client: Any, settings: Any, sent_at: str, message: str
) -> None:
    small_store()
    body = (
        '{"trackingId": "t", "sessionId": "s", "eventList": '
        f'[{{"eventType": "View", "itemId": "s01", "sentAt": {sent_at}}}]}}'
    )
    response = client.post("/personalize-events/events", body, content_type="application/json")
    assert response.status_code == 400
    assert response["x-amzn-ErrorType"] == "InvalidInputException"
    assert response.json()["__type"] == "InvalidInputException"
    assert response.json()["message"].startswith(message)


def test_a_filter_without_an_arn_is_applied_to_personalize_results(
    client: Any, protocol_endpoint: str, store: dict[str, Any]
) -> None:
    query = {
        "currentItemID": "s01",
        "userID": "1",
        "filter": "include-categories",
        "filterValues": '{"CATEGORY": "\\"house wares\\""}',
    }
    response = client.get("/api/related", query)
    assert response.status_code == 200
    assert response["X-Recommendation-Recipe"] == (
        "aws-similar-items + aws-personalized-ranking-v2"
    )
    assert sorted(r["product"]["id"] for r in response.json()) == [
        "k01",
        "k02",
        "k03",
        "k04",
        "k05",
    ]
    query["filterValues"] = '{"CATEGORY": "\\"nosuch\\""}'
    assert client.get("/api/related", query).json() == []
