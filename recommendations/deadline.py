"""A time budget for one recommendation step, shared by every backend call inside it.

The service opens a budget (``with deadline(0.25): ...``); a remote backend asks how much is left
(``remaining()``) before each call and never waits longer, so a page's recommendation step stays
bounded even while a remote service hangs. Budgets are per context (thread or task).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_ends_at: ContextVar[float | None] = ContextVar("recommendation_deadline", default=None)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Run the block with `seconds` (wall clock, monotonic) for all remote calls in it.

    A budget already open and ending sooner wins, so nesting never extends it."""
    ends = time.monotonic() + seconds
    outer = _ends_at.get()
    token = _ends_at.set(min(ends, outer) if outer is not None else ends)
    try:
        yield
    finally:
        _ends_at.reset(token)


def remaining(default: float) -> float:
    """Seconds left in the current budget, or `default` outside any budget (never negative)."""
    ends = _ends_at.get()
    if ends is None:
        return default
    return max(0.0, ends - time.monotonic())
