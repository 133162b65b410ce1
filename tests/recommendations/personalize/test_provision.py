from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from recommendations.personalize.provision import (
    DEFAULT_FILTERS,
    Provisioner,
    ProvisionError,
    ensure_bucket_policy,
    ensure_role,
)

GROUP = "arn:aws:personalize:us-east-1:000000000000:dataset-group/retaildemo"


@pytest.fixture
def stub(aws_env: None) -> Iterator[tuple[Provisioner, Stubber, list[str]]]:
    client = boto3.client("personalize", region_name="us-east-1")
    lines: list[str] = []
    clock = [0.0]

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    provisioner = Provisioner(
        client=client, out=lines.append, sleep=sleep, clock=lambda: clock[0], timeout=100, poll=30
    )
    with Stubber(client) as stubber:
        yield provisioner, stubber, lines
        stubber.assert_no_pending_responses()


def test_dataset_group_is_created_then_waited_for(stub: Any) -> None:
    provisioner, stubber, lines = stub
    stubber.add_response("list_dataset_groups", {"datasetGroups": []})
    stubber.add_response("create_dataset_group", {"datasetGroupArn": GROUP}, {"name": "retaildemo"})
    for status in ("CREATE PENDING", "CREATE IN_PROGRESS", "ACTIVE"):
        stubber.add_response(
            "describe_dataset_group",
            {"datasetGroup": {"datasetGroupArn": GROUP, "status": status}},
            {"datasetGroupArn": GROUP},
        )
    assert provisioner.dataset_group() == GROUP
    assert lines == [
        "dataset group retaildemo: created",
        "  dataset group retaildemo: CREATE PENDING (0 s)",
        "  dataset group retaildemo: CREATE IN_PROGRESS (30 s)",
        "  dataset group retaildemo: ACTIVE (60 s)",
    ]


def test_existing_filters_are_reused_and_missing_ones_created(stub: Any) -> None:
    provisioner, stubber, _ = stub
    same = f"{GROUP.replace('dataset-group', 'filter')}-same-category"
    excl = f"{GROUP.replace('dataset-group', 'filter')}-exclude-purchased"
    stubber.add_response(
        "list_filters",
        {"Filters": [{"name": "retaildemo-same-category", "filterArn": same}]},
        {"datasetGroupArn": GROUP},
    )
    stubber.add_response("describe_filter", {"filter": {"status": "ACTIVE"}}, {"filterArn": same})
    stubber.add_response("list_filters", {"Filters": []}, {"datasetGroupArn": GROUP})
    stubber.add_response(
        "create_filter",
        {"filterArn": excl},
        {
            "name": "retaildemo-exclude-purchased",
            "datasetGroupArn": GROUP,
            "filterExpression": DEFAULT_FILTERS["exclude-purchased"],
        },
    )
    stubber.add_response("describe_filter", {"filter": {"status": "ACTIVE"}}, {"filterArn": excl})
    assert provisioner.filters(GROUP) == {"same-category": same, "exclude-purchased": excl}


def test_failed_and_slow_resources_stop_with_a_clear_error(stub: Any) -> None:
    provisioner, stubber, _ = stub
    stubber.add_response(
        "describe_dataset_group",
        {"datasetGroup": {"status": "CREATE FAILED", "failureReason": "quota"}},
    )
    with pytest.raises(ProvisionError, match="CREATE FAILED: quota"):
        provisioner.wait(
            "x", provisioner.client.describe_dataset_group, "datasetGroup", datasetGroupArn=GROUP
        )
    for _ in range(5):
        stubber.add_response(
            "describe_dataset_group", {"datasetGroup": {"status": "CREATE IN_PROGRESS"}}
        )
    with pytest.raises(ProvisionError, match="run the command again"):
        provisioner.wait(
            "x", provisioner.client.describe_dataset_group, "datasetGroup", datasetGroupArn=GROUP
        )


def test_role_and_bucket_policy_with_moto(aws_env: None) -> None:
    with mock_aws():
        iam = boto3.client("iam", region_name="us-east-1")
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="shop-data")
        arn = ensure_role(iam, name="retaildemo-personalize", bucket="shop-data")
        assert ensure_role(iam, name="retaildemo-personalize", bucket="shop-data") == arn
        trust = iam.get_role(RoleName="retaildemo-personalize")["Role"]["AssumeRolePolicyDocument"]
        assert trust["Statement"][0]["Principal"]["Service"] == "personalize.amazonaws.com"
        ensure_bucket_policy(s3, bucket="shop-data")
        policy = json.loads(s3.get_bucket_policy(Bucket="shop-data")["Policy"])
        assert "s3:GetObject" in policy["Statement"][0]["Action"]
