"""`manage.py personalize_provision` end to end: botocore's Stubber plays Personalize (every
request is checked against the real service model), moto plays S3 and IAM.

The script of each test is the exact conversation with Personalize, in order: a missing,
extra or reordered call fails the test."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber
from django.core.management import CommandError, call_command
from moto import mock_aws

from recommendations import aws
from recommendations.personalize.export import SCHEMAS
from recommendations.personalize.provision import (
    DEFAULT_FILTERS,
    RECIPES,
    Provisioner,
    ProvisionError,
)

ARN = "arn:aws:personalize:us-east-1:000000000000"
GROUP = f"{ARN}:dataset-group/retaildemo"
KINDS = ("items", "users", "interactions")
TYPES = {"items": "Items", "users": "Users", "interactions": "Interactions"}
SOLUTIONS = ("similar-items", "ranking")
DATA = "s3://shop-data/retaildemo"
TRACKING_ID = "0f1e2d3c-tracking"


def schema_arn(kind: str) -> str:
    return f"{ARN}:schema/retaildemo-{kind}"


def dataset_arn(kind: str) -> str:
    return f"{ARN}:dataset/retaildemo/{TYPES[kind].upper()}"


def import_arn(kind: str) -> str:
    return f"{ARN}:dataset-import-job/retaildemo-{kind}-import"


def solution_arn(key: str) -> str:
    return f"{ARN}:solution/retaildemo-{key}"


def version_arn(key: str) -> str:
    return f"{solution_arn(key)}/1a2b3c4d"


def campaign_arn(key: str) -> str:
    return f"{ARN}:campaign/retaildemo-{key}"


def filter_arn(short: str) -> str:
    return f"{ARN}:filter/retaildemo-{short}"


TRACKER = f"{ARN}:event-tracker/retaildemo-events"


@dataclass
class Script:
    """Queue Stubber answers in the order the provisioner asks; `created` lists the resources a
    fresh run makes, `exists` switches every list call to answer with the resource."""

    stubber: Stubber
    exists: bool = False
    operations: list[str] = field(default_factory=list)

    def add(self, operation: str, response: dict[str, Any], params: Any = None) -> None:
        self.stubber.add_response(operation, response, params)

    def active(self, operation: str, key: str, params: dict[str, Any], **extra: Any) -> None:
        self.add(operation, {key: {"status": "ACTIVE", **extra}}, params)

    def listed(self, operation: str, key: str, item: dict[str, Any], params: Any = None) -> None:
        self.add(operation, {key: [item] if self.exists else []}, params)

    # -- one block per step of Provisioner.run, in its order ---------------------------------
    def dataset_group(self) -> None:
        self.listed(
            "list_dataset_groups",
            "datasetGroups",
            {"name": "retaildemo", "datasetGroupArn": GROUP},
            {},
        )
        if not self.exists:
            self.add("create_dataset_group", {"datasetGroupArn": GROUP}, {"name": "retaildemo"})
            self.add(
                "describe_dataset_group",
                {"datasetGroup": {"status": "CREATE PENDING"}},
                {"datasetGroupArn": GROUP},
            )
        self.active("describe_dataset_group", "datasetGroup", {"datasetGroupArn": GROUP})

    def schemas(self) -> None:
        for kind in KINDS:
            name = f"retaildemo-{kind}"
            self.listed(
                "list_schemas", "schemas", {"name": name, "schemaArn": schema_arn(kind)}, {}
            )
            if not self.exists:
                self.add(
                    "create_schema",
                    {"schemaArn": schema_arn(kind)},
                    {"name": name, "schema": json.dumps(SCHEMAS[kind])},
                )

    def datasets(self) -> None:
        self.add(
            "list_datasets",
            {
                "datasets": [
                    {"datasetArn": dataset_arn(k), "datasetType": TYPES[k].upper()} for k in KINDS
                ]
                if self.exists
                else []
            },
            {"datasetGroupArn": GROUP},
        )
        for kind in KINDS:
            if not self.exists:
                self.add(
                    "create_dataset",
                    {"datasetArn": dataset_arn(kind)},
                    {
                        "name": f"retaildemo-{kind}",
                        "schemaArn": schema_arn(kind),
                        "datasetGroupArn": GROUP,
                        "datasetType": TYPES[kind],
                    },
                )
            self.active("describe_dataset", "dataset", {"datasetArn": dataset_arn(kind)})

    def imports(self) -> None:
        for kind in KINDS:
            job = {"datasetImportJobArn": import_arn(kind), "status": "ACTIVE"}
            self.listed(
                "list_dataset_import_jobs",
                "datasetImportJobs",
                job,
                {"datasetArn": dataset_arn(kind)},
            )
            if not self.exists:
                self.add(
                    "create_dataset_import_job",
                    {"datasetImportJobArn": import_arn(kind)},
                    {
                        "jobName": ANY,
                        "datasetArn": dataset_arn(kind),
                        "dataSource": {"dataLocation": f"{DATA}/{kind}.csv"},
                        "roleArn": ANY,
                    },
                )
            self.active(
                "describe_dataset_import_job",
                "datasetImportJob",
                {"datasetImportJobArn": import_arn(kind)},
            )

    def solution(self, key: str, *, version_status: str = "ACTIVE", reason: str = "") -> None:
        name = f"retaildemo-{key}"
        self.listed(
            "list_solutions",
            "solutions",
            {"name": name, "solutionArn": solution_arn(key)},
            {"datasetGroupArn": GROUP},
        )
        if not self.exists:
            self.add(
                "create_solution",
                {"solutionArn": solution_arn(key)},
                {"name": name, "datasetGroupArn": GROUP, "recipeArn": RECIPES[key]},
            )
        self.active("describe_solution", "solution", {"solutionArn": solution_arn(key)})
        self.listed(
            "list_solution_versions",
            "solutionVersions",
            {"solutionVersionArn": version_arn(key), "status": "ACTIVE"},
            {"solutionArn": solution_arn(key)},
        )
        if not self.exists:
            self.add(
                "create_solution_version",
                {"solutionVersionArn": version_arn(key)},
                {"solutionArn": solution_arn(key)},
            )
            self.add(
                "describe_solution_version",
                {"solutionVersion": {"status": "CREATE IN_PROGRESS"}},
                {"solutionVersionArn": version_arn(key)},
            )
        version: dict[str, Any] = {"status": version_status}
        if reason:
            version["failureReason"] = reason
        self.add(
            "describe_solution_version",
            {"solutionVersion": version},
            {"solutionVersionArn": version_arn(key)},
        )

    def campaign(self, key: str) -> None:
        name = f"retaildemo-{key}"
        self.listed(
            "list_campaigns",
            "campaigns",
            {"name": name, "campaignArn": campaign_arn(key)},
            {"solutionArn": solution_arn(key)},
        )
        if not self.exists:
            self.add(
                "create_campaign",
                {"campaignArn": campaign_arn(key)},
                {"name": name, "solutionVersionArn": version_arn(key), "minProvisionedTPS": 1},
            )
        self.active("describe_campaign", "campaign", {"campaignArn": campaign_arn(key)})

    def event_tracker(self) -> None:
        name = "retaildemo-events"
        self.listed(
            "list_event_trackers",
            "eventTrackers",
            {"name": name, "eventTrackerArn": TRACKER},
            {"datasetGroupArn": GROUP},
        )
        if not self.exists:
            self.add(
                "create_event_tracker",
                {"eventTrackerArn": TRACKER, "trackingId": TRACKING_ID},
                {"name": name, "datasetGroupArn": GROUP},
            )
        self.active(
            "describe_event_tracker",
            "eventTracker",
            {"eventTrackerArn": TRACKER},
            trackingId=TRACKING_ID,
        )

    def filters(self) -> None:
        for short, expression in DEFAULT_FILTERS.items():
            name = f"retaildemo-{short}"
            self.listed(
                "list_filters",
                "Filters",
                {"name": name, "filterArn": filter_arn(short)},
                {"datasetGroupArn": GROUP},
            )
            if not self.exists:
                self.add(
                    "create_filter",
                    {"filterArn": filter_arn(short)},
                    {"name": name, "datasetGroupArn": GROUP, "filterExpression": expression},
                )
            self.active("describe_filter", "filter", {"filterArn": filter_arn(short)})

    def whole_run(self) -> None:
        self.dataset_group()
        self.schemas()
        self.datasets()
        self.imports()
        for key in SOLUTIONS:
            self.solution(key)
        for key in SOLUTIONS:
            self.campaign(key)
        self.event_tracker()
        self.filters()


@pytest.fixture
def personalize(aws_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Script]:
    """moto for S3 and IAM (a bucket holding the export), a stubbed Personalize client served
    by `recommendations.aws.client`, and the name of every operation the command calls."""
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="shop-data")
        client = boto3.client("personalize", region_name="us-east-1")
        real_client = aws.client

        def fake_client(service: str, **kwargs: Any) -> Any:
            return client if service == "personalize" else real_client(service, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(aws, "client", fake_client)
        with Stubber(client) as stubber:
            script = Script(stubber)

            def record(model: Any, **_: Any) -> None:
                script.operations.append(model.name)

            client.meta.events.register("before-parameter-build.personalize", record)
            yield script
            stubber.assert_no_pending_responses()


def provision(*args: str) -> str:
    out = io.StringIO()
    call_command("personalize_provision", "--poll", "0", *args, stdout=out)
    return out.getvalue()


def creates(script: Script) -> list[str]:
    return [op for op in script.operations if op.startswith("Create")]


ENV_LINES = [
    "RECOMMENDATIONS_BACKEND=personalize",
    "PERSONALIZE_REGION=us-east-1",
    f"PERSONALIZE_SIMILAR_ITEMS_CAMPAIGN_ARN={campaign_arn('similar-items')}",
    f"PERSONALIZE_RANKING_CAMPAIGN_ARN={campaign_arn('ranking')}",
    "PERSONALIZE_FILTER_ARNS="
    f"same-category={filter_arn('same-category')},"
    f"exclude-purchased={filter_arn('exclude-purchased')}",
    f"PERSONALIZE_EVENT_TRACKING_ID={TRACKING_ID}",
]


def test_a_first_run_creates_everything_in_order_and_prints_the_env_lines(
    personalize: Script,
) -> None:
    personalize.whole_run()
    output = provision("--data", DATA)
    assert creates(personalize) == [
        "CreateDatasetGroup",
        "CreateSchema",
        "CreateSchema",
        "CreateSchema",
        "CreateDataset",
        "CreateDataset",
        "CreateDataset",
        "CreateDatasetImportJob",
        "CreateDatasetImportJob",
        "CreateDatasetImportJob",
        "CreateSolution",
        "CreateSolutionVersion",
        "CreateSolution",
        "CreateSolutionVersion",
        "CreateCampaign",
        "CreateCampaign",
        "CreateEventTracker",
        "CreateFilter",
        "CreateFilter",
    ]
    assert (
        output.splitlines()[-len(ENV_LINES) - 1 :] == ["Done. Add these lines to .env:"] + ENV_LINES
    )
    # progress while waiting, and the role and bucket policy the imports read through (moto)
    assert "  dataset group retaildemo: CREATE PENDING (0 s)" in output
    assert "  solution version retaildemo-ranking: CREATE IN_PROGRESS (0 s)" in output
    iam = boto3.client("iam", region_name="us-east-1")
    role = iam.get_role(RoleName="retaildemo-personalize")["Role"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": "personalize.amazonaws.com"
    }
    policy = json.loads(
        boto3.client("s3", region_name="us-east-1").get_bucket_policy(Bucket="shop-data")["Policy"]
    )
    assert [s["Action"] for s in policy["Statement"]] == [["s3:GetObject", "s3:ListBucket"]]


def test_a_second_run_reuses_everything(personalize: Script) -> None:
    personalize.exists = True
    personalize.whole_run()
    output = provision("--data", DATA, "--role-arn", f"{ARN}:role/given")
    assert creates(personalize) == []
    assert "created" not in output and "started" not in output
    assert output.count(": reused") == 1 + 3 + 3 + 3 + 2 + 2 + 2 + 1 + 2
    assert output.splitlines()[-len(ENV_LINES) :] == ENV_LINES


def test_a_failed_solution_version_is_a_command_error_naming_it_and_why(
    personalize: Script,
) -> None:
    personalize.dataset_group()
    personalize.schemas()
    personalize.datasets()
    personalize.imports()
    personalize.solution(
        "similar-items", version_status="CREATE FAILED", reason="Not enough interactions"
    )
    with pytest.raises(CommandError) as raised:
        provision("--data", DATA)
    assert str(raised.value) == (
        "solution version retaildemo-similar-items is CREATE FAILED: Not enough interactions"
    )
    assert "CreateCampaign" not in personalize.operations


def test_a_rerun_after_a_failed_version_trains_a_new_one(personalize: Script) -> None:
    """The failed version is listed but not reused: training starts again."""
    stubber = personalize.stubber
    stubber.add_response("list_solutions", {"solutions": []}, {"datasetGroupArn": GROUP})
    stubber.add_response(
        "create_solution",
        {"solutionArn": solution_arn("ranking")},
        {"name": "retaildemo-ranking", "datasetGroupArn": GROUP, "recipeArn": RECIPES["ranking"]},
    )
    stubber.add_response("describe_solution", {"solution": {"status": "ACTIVE"}})
    stubber.add_response(
        "list_solution_versions",
        {"solutionVersions": [{"solutionVersionArn": "old", "status": "CREATE FAILED"}]},
        {"solutionArn": solution_arn("ranking")},
    )
    stubber.add_response(
        "create_solution_version",
        {"solutionVersionArn": version_arn("ranking")},
        {"solutionArn": solution_arn("ranking")},
    )
    stubber.add_response("describe_solution_version", {"solutionVersion": {"status": "ACTIVE"}})
    provisioner = Provisioner(client=stubber.client, out=lambda _: None, sleep=lambda _: None)
    assert provisioner.solution(GROUP, "ranking") == version_arn("ranking")


def test_a_timeout_stops_the_run_and_a_rerun_resumes(personalize: Script) -> None:
    stubber = personalize.stubber
    clock = [0.0]
    lines: list[str] = []

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    provisioner = Provisioner(
        client=stubber.client,
        data_uri=DATA,
        role_arn=f"{ARN}:role/given",
        timeout=3600,
        poll=600,
        out=lines.append,
        sleep=sleep,
        clock=lambda: clock[0],
    )
    personalize.dataset_group()
    personalize.schemas()
    personalize.datasets()
    personalize.imports()
    personalize.add("list_solutions", {"solutions": []}, {"datasetGroupArn": GROUP})
    personalize.add("create_solution", {"solutionArn": solution_arn("similar-items")})
    personalize.active(
        "describe_solution", "solution", {"solutionArn": solution_arn("similar-items")}
    )
    personalize.add(
        "list_solution_versions",
        {"solutionVersions": []},
        {"solutionArn": solution_arn("similar-items")},
    )
    personalize.add("create_solution_version", {"solutionVersionArn": version_arn("similar-items")})
    for _ in range(7):  # 0, 600 ... 3600 s: still training at the timeout
        personalize.add(
            "describe_solution_version", {"solutionVersion": {"status": "CREATE IN_PROGRESS"}}
        )
    with pytest.raises(ProvisionError) as raised:
        provisioner.run()
    assert str(raised.value) == (
        "solution version retaildemo-similar-items still CREATE IN_PROGRESS after 3600 s; run "
        "the command again later, it resumes where it stopped"
    )
    assert lines[-1] == "  solution version retaildemo-similar-items: CREATE IN_PROGRESS (0 s)"

    # the re-run finds everything made so far, including the version still training
    personalize.operations.clear()
    personalize.exists = True
    personalize.whole_run()
    assert provisioner.run()[2:4] == ENV_LINES[2:4]
    assert creates(personalize) == []


def test_a_timeout_through_the_command_is_a_command_error(personalize: Script) -> None:
    personalize.add("list_dataset_groups", {"datasetGroups": []}, {})
    personalize.add("create_dataset_group", {"datasetGroupArn": GROUP}, {"name": "retaildemo"})
    personalize.add("describe_dataset_group", {"datasetGroup": {"status": "CREATE PENDING"}})
    with pytest.raises(CommandError, match=r"dataset group retaildemo still CREATE PENDING"):
        provision("--data", DATA, "--timeout", "0")


def test_data_is_required_to_provision(personalize: Script) -> None:
    with pytest.raises(CommandError, match="--data s3://bucket/prefix is required"):
        provision()


def deleted(script: Script, operation: str, key: str, params: dict[str, Any]) -> None:
    """A delete call, one describe still showing DELETE PENDING, then ResourceNotFound."""
    script.add(operation, {}, params)
    describe = operation.replace("delete_", "describe_")
    script.add(describe, {key: {"status": "DELETE PENDING"}}, params)
    script.stubber.add_client_error(describe, "ResourceNotFoundException", expected_params=params)


def test_delete_removes_everything_in_dependency_order(personalize: Script) -> None:
    s = personalize
    s.add(
        "list_dataset_groups",
        {"datasetGroups": [{"name": "retaildemo", "datasetGroupArn": GROUP}]},
        {},
    )
    s.add(
        "list_solutions",
        {
            "solutions": [
                {"name": f"retaildemo-{k}", "solutionArn": solution_arn(k)} for k in SOLUTIONS
            ]
        },
        {"datasetGroupArn": GROUP},
    )
    for key in SOLUTIONS:
        s.add(
            "list_campaigns",
            {"campaigns": [{"name": f"retaildemo-{key}", "campaignArn": campaign_arn(key)}]},
            {"solutionArn": solution_arn(key)},
        )
        deleted(s, "delete_campaign", "campaign", {"campaignArn": campaign_arn(key)})
    s.add(
        "list_filters",
        {
            "Filters": [
                {"name": f"retaildemo-{f}", "filterArn": filter_arn(f)} for f in DEFAULT_FILTERS
            ]
        },
        {"datasetGroupArn": GROUP},
    )
    for short in DEFAULT_FILTERS:
        deleted(s, "delete_filter", "filter", {"filterArn": filter_arn(short)})
    s.add(
        "list_event_trackers",
        {"eventTrackers": [{"name": "retaildemo-events", "eventTrackerArn": TRACKER}]},
        {"datasetGroupArn": GROUP},
    )
    deleted(s, "delete_event_tracker", "eventTracker", {"eventTrackerArn": TRACKER})
    for key in SOLUTIONS:
        deleted(s, "delete_solution", "solution", {"solutionArn": solution_arn(key)})
    s.add(
        "list_datasets",
        {"datasets": [{"name": f"retaildemo-{k}", "datasetArn": dataset_arn(k)} for k in KINDS]},
        {"datasetGroupArn": GROUP},
    )
    for kind in KINDS:
        deleted(s, "delete_dataset", "dataset", {"datasetArn": dataset_arn(kind)})
    for kind in KINDS:
        s.add(
            "list_schemas",
            {"schemas": [{"name": f"retaildemo-{kind}", "schemaArn": schema_arn(kind)}]},
            {},
        )
        s.add("delete_schema", {}, {"schemaArn": schema_arn(kind)})
    deleted(s, "delete_dataset_group", "datasetGroup", {"datasetGroupArn": GROUP})

    output = provision("--delete")
    assert [op for op in s.operations if op.startswith("Delete")] == [
        "DeleteCampaign",
        "DeleteCampaign",
        "DeleteFilter",
        "DeleteFilter",
        "DeleteEventTracker",
        "DeleteSolution",
        "DeleteSolution",
        "DeleteDataset",
        "DeleteDataset",
        "DeleteDataset",
        "DeleteSchema",
        "DeleteSchema",
        "DeleteSchema",
        "DeleteDatasetGroup",
    ]
    assert output.splitlines()[-1] == "  dataset group retaildemo: deleted"


def test_delete_with_nothing_there_only_looks(personalize: Script) -> None:
    personalize.add("list_dataset_groups", {"datasetGroups": []}, {})
    for _ in KINDS:
        personalize.add("list_schemas", {"schemas": []}, {})
    output = provision("--delete")
    assert output.splitlines() == ["dataset group retaildemo: not found"]
    assert [op for op in personalize.operations if not op.startswith("List")] == []
