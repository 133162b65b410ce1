"""Create (or reuse) everything the store needs in Amazon Personalize, and remove it again.

Idempotent: each resource is looked up by its name first and created only when missing, so a
run that timed out or failed half-way can simply be repeated. Order: IAM role and bucket policy
for the imports, dataset group, schemas, datasets, import jobs (from the export in S3), the two
solutions (aws-similar-items, aws-personalized-ranking-v2) and a version of each, two campaigns,
an event tracker and the default filters. Every wait polls the resource's status with a
progress line and stops at a timeout (seconds). The result is the `.env` lines to use.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from recommendations.personalize.export import SCHEMAS

DEFAULT_FILTERS: dict[str, str] = {
    "same-category": "INCLUDE ItemID WHERE Items.CATEGORY_L1 IN CurrentItem.CATEGORY_L1",
    "exclude-purchased": 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("Purchase")',
}
"""Filters created by provisioning and understood by the local protocol endpoint."""

DATASET_TYPES = {"items": "Items", "users": "Users", "interactions": "Interactions"}
RECIPES = {
    "similar-items": "arn:aws:personalize:::recipe/aws-similar-items",
    "ranking": "arn:aws:personalize:::recipe/aws-personalized-ranking-v2",
}
ROLE_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "personalize.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


class ProvisionError(RuntimeError):
    """A resource failed (CREATE FAILED) or did not become ACTIVE in time."""


def _failed(status: str) -> bool:
    """CREATE FAILED, DELETE FAILED ... and a training someone stopped (CREATE STOPPED): none
    of them will ever become ACTIVE."""
    return "FAILED" in status or status.endswith("STOPPED")


def _s3_read_policy(bucket: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "personalize.amazonaws.com"},
                "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
            }
        ],
    }


def ensure_role(iam: Any, *, name: str, bucket: str) -> str:
    """The ARN of an IAM role Personalize can assume to read `bucket` (created if missing)."""
    try:
        return str(iam.get_role(RoleName=name)["Role"]["Arn"])
    except iam.exceptions.NoSuchEntityException:
        pass
    arn = str(
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(ROLE_TRUST))["Role"][
            "Arn"
        ]
    )
    policy = _s3_read_policy(bucket)
    for statement in policy["Statement"]:
        statement.pop("Principal")
    iam.put_role_policy(
        RoleName=name, PolicyName=f"{name}-s3-read", PolicyDocument=json.dumps(policy)
    )
    return arn


BUCKET_POLICY_SID = "PersonalizeReadForRetaildemo"


def ensure_bucket_policy(s3: Any, *, bucket: str) -> None:
    """Let Personalize read the bucket (its imports require a bucket policy as well).

    PutBucketPolicy replaces the whole policy, so the bucket's own statements are kept and ours
    (found by its Sid) is added or replaced: a re-run never grows the policy."""
    from botocore.exceptions import ClientError

    try:
        policy = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "NoSuchBucketPolicy":
            raise
        policy = {"Version": "2012-10-17", "Statement": []}
    statements = policy.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    ours = {"Sid": BUCKET_POLICY_SID, **_s3_read_policy(bucket)["Statement"][0]}
    policy["Statement"] = [s for s in statements if s.get("Sid") != BUCKET_POLICY_SID] + [ours]
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


@dataclass
class Provisioner:
    client: Any  # a boto3 "personalize" client
    prefix: str = "retaildemo"
    data_uri: str = ""  # s3://bucket/prefix holding the export
    role_arn: str = ""
    timeout: float = 4 * 3600.0
    poll: float = 30.0
    out: Callable[[str], None] = print
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    arns: dict[str, str] = field(default_factory=dict)

    # -- helpers -----------------------------------------------------------------------------
    def _pages(self, operation: str, key: str, **params: Any) -> Iterator[dict[str, Any]]:
        for page in self.client.get_paginator(operation).paginate(**params):
            yield from page.get(key, [])

    def _find(self, operation: str, key: str, name: str, **params: Any) -> dict[str, Any] | None:
        return next((r for r in self._pages(operation, key, **params) if r["name"] == name), None)

    def _find_or_create(
        self,
        label: str,
        name: str,
        arn_key: str,
        *,
        listing: tuple[str, str],
        create: Callable[[], Any],
        **list_params: Any,
    ) -> str:
        """The ARN of the resource called `name`, found with `listing` (operation, result key),
        or created by `create()`; says which on `out`."""
        found = self._find(*listing, name, **list_params)
        if found:
            self.out(f"{label} {name}: reused")
            return str(found[arn_key])
        arn = str(create()[arn_key])
        self.out(f"{label} {name}: created")
        return arn

    def wait(
        self, label: str, describe: Callable[..., Any], key: str, **params: Any
    ) -> dict[str, Any]:
        """Poll `describe(**params)[key]` until its status is ACTIVE; raise on a failed status
        or at the timeout."""
        started = self.clock()
        last = ""
        while True:
            resource: dict[str, Any] = describe(**params)[key]
            status = str(resource.get("status", ""))
            elapsed = self.clock() - started
            if status != last:
                self.out(f"  {label}: {status} ({elapsed:.0f} s)")
                last = status
            if status == "ACTIVE":
                return resource
            if _failed(status):
                reason = resource.get("failureReason", "no reason given")
                raise ProvisionError(f"{label} is {status}: {reason}")
            if elapsed >= self.timeout:
                raise ProvisionError(
                    f"{label} still {status or 'unknown'} after {elapsed:.0f} s; run the "
                    "command again later, it resumes where it stopped"
                )
            self.sleep(self.poll)

    def _name(self, suffix: str) -> str:
        return f"{self.prefix}-{suffix}"

    # -- steps --------------------------------------------------------------------------------
    def dataset_group(self) -> str:
        name = self.prefix
        arn = self._find_or_create(
            "dataset group",
            name,
            "datasetGroupArn",
            listing=("list_dataset_groups", "datasetGroups"),
            create=lambda: self.client.create_dataset_group(name=name),
        )
        self.wait(
            f"dataset group {name}",
            self.client.describe_dataset_group,
            "datasetGroup",
            datasetGroupArn=arn,
        )
        self.arns["dataset_group"] = arn
        return arn

    def schemas(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for kind, schema in SCHEMAS.items():
            name = self._name(kind)
            out[kind] = self._find_or_create(
                "schema",
                name,
                "schemaArn",
                listing=("list_schemas", "schemas"),
                create=partial(self.client.create_schema, name=name, schema=json.dumps(schema)),
            )
        return out

    def datasets(self, group: str, schemas: dict[str, str]) -> dict[str, str]:
        existing = {
            d["datasetType"].upper(): str(d["datasetArn"])
            for d in self._pages("list_datasets", "datasets", datasetGroupArn=group)
        }
        out: dict[str, str] = {}
        for kind, dataset_type in DATASET_TYPES.items():
            arn = existing.get(dataset_type.upper())
            if arn is None:
                arn = str(
                    self.client.create_dataset(
                        name=self._name(kind),
                        schemaArn=schemas[kind],
                        datasetGroupArn=group,
                        datasetType=dataset_type,
                    )["datasetArn"]
                )
                self.out(f"dataset {dataset_type}: created")
            else:
                self.out(f"dataset {dataset_type}: reused")
            out[kind] = arn
            self.wait(
                f"dataset {dataset_type}",
                self.client.describe_dataset,
                "dataset",
                datasetArn=arn,
            )
        return out

    def imports(self, datasets: dict[str, str]) -> None:
        if not self.data_uri or not self.role_arn:
            raise ProvisionError("imports need the S3 location of the export and an IAM role")
        base = self.data_uri.rstrip("/")
        for kind, dataset_arn in datasets.items():
            jobs = list(
                self._pages("list_dataset_import_jobs", "datasetImportJobs", datasetArn=dataset_arn)
            )
            usable = [
                j
                for j in jobs
                if j.get("status") in ("ACTIVE", "CREATE PENDING", "CREATE IN_PROGRESS")
            ]
            if usable:
                arn = str(usable[0]["datasetImportJobArn"])
                self.out(f"import {kind}: reused")
            else:
                arn = str(
                    self.client.create_dataset_import_job(
                        jobName=self._name(f"{kind}-import-{int(time.time())}"),
                        datasetArn=dataset_arn,
                        dataSource={"dataLocation": f"{base}/{kind}.csv"},
                        roleArn=self.role_arn,
                    )["datasetImportJobArn"]
                )
                self.out(f"import {kind}: started from {base}/{kind}.csv")
            self.wait(
                f"import {kind}",
                self.client.describe_dataset_import_job,
                "datasetImportJob",
                datasetImportJobArn=arn,
            )

    def solution(self, group: str, key: str) -> str:
        """A solution for RECIPES[key] and its ACTIVE version's ARN."""
        name = self._name(key)
        solution_arn = self._find_or_create(
            "solution",
            name,
            "solutionArn",
            listing=("list_solutions", "solutions"),
            create=lambda: self.client.create_solution(
                name=name, datasetGroupArn=group, recipeArn=RECIPES[key]
            ),
            datasetGroupArn=group,
        )
        self.wait(
            f"solution {name}",
            self.client.describe_solution,
            "solution",
            solutionArn=solution_arn,
        )
        versions = list(
            self._pages("list_solution_versions", "solutionVersions", solutionArn=solution_arn)
        )
        live = [v for v in versions if not _failed(str(v.get("status", "")))]
        if live:
            version_arn = str(live[0]["solutionVersionArn"])
            self.out(f"solution version {name}: reused")
        else:
            version_arn = str(
                self.client.create_solution_version(solutionArn=solution_arn)["solutionVersionArn"]
            )
            self.out(f"solution version {name}: training started")
        self.wait(
            f"solution version {name}",
            self.client.describe_solution_version,
            "solutionVersion",
            solutionVersionArn=version_arn,
        )
        self.arns[f"solution:{key}"] = solution_arn
        return version_arn

    def campaign(self, key: str, version_arn: str) -> str:
        name = self._name(key)
        solution_arn = self.arns[f"solution:{key}"]
        arn = self._find_or_create(
            "campaign",
            name,
            "campaignArn",
            listing=("list_campaigns", "campaigns"),
            create=lambda: self.client.create_campaign(
                name=name, solutionVersionArn=version_arn, minProvisionedTPS=1
            ),
            solutionArn=solution_arn,
        )
        self.wait(f"campaign {name}", self.client.describe_campaign, "campaign", campaignArn=arn)
        return arn

    def event_tracker(self, group: str) -> str:
        name = self._name("events")
        arn = self._find_or_create(
            "event tracker",
            name,
            "eventTrackerArn",
            listing=("list_event_trackers", "eventTrackers"),
            create=lambda: self.client.create_event_tracker(name=name, datasetGroupArn=group),
            datasetGroupArn=group,
        )
        tracker = self.wait(
            f"event tracker {name}",
            self.client.describe_event_tracker,
            "eventTracker",
            eventTrackerArn=arn,
        )
        return str(tracker["trackingId"])

    def filters(self, group: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for short, expression in DEFAULT_FILTERS.items():
            name = self._name(short)
            arn = self._find_or_create(
                "filter",
                name,
                "filterArn",
                listing=("list_filters", "Filters"),
                create=partial(
                    self.client.create_filter,
                    name=name,
                    datasetGroupArn=group,
                    filterExpression=expression,
                ),
                datasetGroupArn=group,
            )
            self.wait(
                f"filter {name}",
                self.client.describe_filter,
                "filter",
                filterArn=arn,
            )
            out[short] = arn
        return out

    # -- the whole run ------------------------------------------------------------------------
    def run(self) -> list[str]:
        """Provision everything; return the `.env` lines."""
        group = self.dataset_group()
        datasets = self.datasets(group, self.schemas())
        self.imports(datasets)
        similar_version = self.solution(group, "similar-items")
        ranking_version = self.solution(group, "ranking")
        similar = self.campaign("similar-items", similar_version)
        ranking = self.campaign("ranking", ranking_version)
        tracking_id = self.event_tracker(group)
        filters = self.filters(group)
        region = self.client.meta.region_name
        return [
            "RECOMMENDATIONS_BACKEND=personalize",
            f"PERSONALIZE_REGION={region}",
            f"PERSONALIZE_SIMILAR_ITEMS_CAMPAIGN_ARN={similar}",
            f"PERSONALIZE_RANKING_CAMPAIGN_ARN={ranking}",
            "PERSONALIZE_FILTER_ARNS=" + ",".join(f"{k}={v}" for k, v in filters.items()),
            f"PERSONALIZE_EVENT_TRACKING_ID={tracking_id}",
        ]

    # -- removal ------------------------------------------------------------------------------
    def _gone(self, label: str, describe: Callable[[], Any]) -> None:
        started = self.clock()
        while True:
            try:
                describe()
            except self.client.exceptions.ResourceNotFoundException:
                self.out(f"  {label}: deleted")
                return
            if self.clock() - started >= self.timeout:
                raise ProvisionError(f"{label} still exists after {self.timeout:.0f} s")
            self.sleep(self.poll)

    def delete(self) -> None:
        """Remove what `run` creates, dependents first: campaigns, filters, event tracker,
        solutions (with their versions), datasets (import jobs cannot be deleted and go with
        their dataset), schemas, then the dataset group."""
        found = self._find("list_dataset_groups", "datasetGroups", self.prefix)
        group = str(found["datasetGroupArn"]) if found else None
        if group is None:
            self.out(f"dataset group {self.prefix}: not found")
        else:
            self._delete_group_contents(group)
        for kind in SCHEMAS:
            schema = self._find("list_schemas", "schemas", self._name(kind))
            if schema:
                self.client.delete_schema(schemaArn=schema["schemaArn"])
                self.out(f"schema {self._name(kind)}: deleted")
        if group is not None:
            self.client.delete_dataset_group(datasetGroupArn=group)
            self._gone(
                f"dataset group {self.prefix}",
                partial(self.client.describe_dataset_group, datasetGroupArn=group),
            )

    def _delete_group_contents(self, group: str) -> None:
        c = self.client
        solutions = list(self._pages("list_solutions", "solutions", datasetGroupArn=group))
        # Campaigns first: they serve traffic (and cost money) and pin their solution.
        for s in solutions:
            for camp in self._pages("list_campaigns", "campaigns", solutionArn=s["solutionArn"]):
                c.delete_campaign(campaignArn=camp["campaignArn"])
                self._gone(
                    f"campaign {camp['name']}",
                    partial(c.describe_campaign, campaignArn=camp["campaignArn"]),
                )
        for f in list(self._pages("list_filters", "Filters", datasetGroupArn=group)):
            c.delete_filter(filterArn=f["filterArn"])
            self._gone(f"filter {f['name']}", partial(c.describe_filter, filterArn=f["filterArn"]))
        for t in list(self._pages("list_event_trackers", "eventTrackers", datasetGroupArn=group)):
            c.delete_event_tracker(eventTrackerArn=t["eventTrackerArn"])
            self._gone(
                f"event tracker {t['name']}",
                partial(c.describe_event_tracker, eventTrackerArn=t["eventTrackerArn"]),
            )
        for s in solutions:
            c.delete_solution(solutionArn=s["solutionArn"])
            self._gone(
                f"solution {s['name']}",
                partial(c.describe_solution, solutionArn=s["solutionArn"]),
            )
        for d in list(self._pages("list_datasets", "datasets", datasetGroupArn=group)):
            c.delete_dataset(datasetArn=d["datasetArn"])
            self._gone(
                f"dataset {d['name']}",
                partial(c.describe_dataset, datasetArn=d["datasetArn"]),
            )
