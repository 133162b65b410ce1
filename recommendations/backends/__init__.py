"""Backend registry: `RECOMMENDATIONS_BACKEND` is an alias or a dotted path, resolved on use."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from recommendations.backends.base import RecommendationBackend

ALIASES = {
    "local": "recommendations.backends.local.LocalBackend",
    "personalize": "recommendations.backends.personalize.PersonalizeBackend",
}

_lock = threading.Lock()
_cache: dict[str, RecommendationBackend] = {}


def resolve_backend_path(value: str) -> str:
    value = (value or "local").strip()
    return ALIASES.get(value.lower(), value)


def get_backend(name: str | None = None) -> RecommendationBackend:
    """The configured backend (or the named one), created once per process."""
    path = resolve_backend_path(name or settings.RECOMMENDATIONS_BACKEND)
    backend = _cache.get(path)
    if backend is not None:
        return backend
    with _lock:
        backend = _cache.get(path)
        if backend is None:
            try:
                cls = import_string(path)
            except ImportError as exc:
                allowed = ", ".join(sorted(ALIASES))
                raise ImproperlyConfigured(
                    f"RECOMMENDATIONS_BACKEND={path!r} cannot be imported; use one of {allowed} "
                    "or a dotted path to a RecommendationBackend subclass"
                ) from exc
            backend = cls()
            if not isinstance(backend, RecommendationBackend):
                raise ImproperlyConfigured(f"{path} is not a RecommendationBackend")
            _cache[path] = backend
    return backend


def reset_backends(**_: Any) -> None:
    with _lock:
        _cache.clear()


def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("RECOMMENDATIONS_") or setting.startswith("PERSONALIZE_"):
        reset_backends()


setting_changed.connect(_on_setting_changed)
