"""The one place boto3 clients are made: lazily, once per configuration, thread-safe.

Importing this module never touches AWS. Credentials, profiles and endpoint overrides come from
boto3's own chain (``AWS_PROFILE``, ``AWS_ACCESS_KEY_ID``, ``AWS_ENDPOINT_URL_PERSONALIZE_RUNTIME``
and friends), so nothing here hard-codes an endpoint or a key. Only the region (when
``PERSONALIZE_REGION`` is set), the timeouts and the retry budget are ours.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Literal, overload

from django.conf import settings
from django.core.signals import setting_changed

if TYPE_CHECKING:
    from mypy_boto3_personalize import PersonalizeClient
    from mypy_boto3_personalize_events import PersonalizeEventsClient
    from mypy_boto3_personalize_runtime import PersonalizeRuntimeClient
    from mypy_boto3_s3 import S3Client

_lock = threading.Lock()
_clients: dict[tuple[object, ...], Any] = {}
_session: Any = None


def is_configured(value: str | None) -> bool:
    """Empty and ``NONE`` (any case) mean "not configured"."""
    return bool(value) and str(value).strip().upper() != "NONE"


@overload
def client(
    service: Literal["personalize-runtime"],
    *,
    connect_timeout: float | None = ...,
    read_timeout: float | None = ...,
    max_attempts: int | None = ...,
) -> PersonalizeRuntimeClient: ...
@overload
def client(
    service: Literal["personalize-events"],
    *,
    connect_timeout: float | None = ...,
    read_timeout: float | None = ...,
    max_attempts: int | None = ...,
) -> PersonalizeEventsClient: ...
@overload
def client(
    service: Literal["personalize"],
    *,
    connect_timeout: float | None = ...,
    read_timeout: float | None = ...,
    max_attempts: int | None = ...,
) -> PersonalizeClient: ...
@overload
def client(
    service: Literal["s3"],
    *,
    connect_timeout: float | None = ...,
    read_timeout: float | None = ...,
    max_attempts: int | None = ...,
) -> S3Client: ...
@overload
def client(
    service: Literal["iam"],
    *,
    connect_timeout: float | None = ...,
    read_timeout: float | None = ...,
    max_attempts: int | None = ...,
) -> Any: ...
def client(
    service: str,
    *,
    connect_timeout: float | None = None,
    read_timeout: float | None = None,
    max_attempts: int | None = None,
) -> Any:
    """A boto3 client for `service`, created on first use and shared by every thread.

    Timeouts are in seconds; `max_attempts` counts the first call (botocore "standard" retry
    mode: throttling, timeouts and 5xx are retried with jittered backoff). Defaults are the
    runtime's short PERSONALIZE_* settings; batch work (export, provisioning, the event drain)
    passes longer ones.
    """
    import boto3
    from botocore.config import Config

    global _session
    region = settings.PERSONALIZE_REGION or None
    connect = (
        connect_timeout if connect_timeout is not None else settings.PERSONALIZE_CONNECT_TIMEOUT
    )
    read = read_timeout if read_timeout is not None else settings.PERSONALIZE_READ_TIMEOUT
    attempts = max_attempts if max_attempts is not None else settings.PERSONALIZE_MAX_ATTEMPTS
    key = (service, region, connect, read, attempts)
    found = _clients.get(key)
    if found is not None:
        return found
    with _lock:
        found = _clients.get(key)
        if found is None:
            if _session is None:
                _session = boto3.session.Session()
            config = Config(
                region_name=region,
                connect_timeout=connect,
                read_timeout=read,
                retries={"total_max_attempts": attempts, "mode": "standard"},
                max_pool_connections=20,
            )
            found = _clients[key] = _session.client(service, config=config)
    return found


def reset_clients(**_: Any) -> None:
    """Forget every client (tests change settings and environment variables)."""
    global _session
    with _lock:
        _clients.clear()
        _session = None


def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("PERSONALIZE_"):
        reset_clients()


setting_changed.connect(_on_setting_changed)
