"""A small circuit breaker: after `failures` consecutive failures, calls are refused for
`cooldown` seconds; then one trial call at a time is let through (half-open) until one succeeds."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class CircuitOpen(RuntimeError):
    """The breaker is open: the remote service is not called during the cool-down."""


class CircuitBreaker:
    def __init__(
        self,
        *,
        failures: int,
        cooldown: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failures < 1:
            raise ValueError("failures must be at least 1")
        self.threshold = failures
        self.cooldown = cooldown
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._probing = False

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self._opened_at is not None and (
                self._clock() - self._opened_at < self.cooldown or self._probing
            )

    def before_call(self) -> None:
        """Raise `CircuitOpen` when a call must not be made now."""
        with self._lock:
            if self._opened_at is None:
                return
            if self._clock() - self._opened_at < self.cooldown or self._probing:
                left = max(0.0, self.cooldown - (self._clock() - self._opened_at))
                raise CircuitOpen(
                    f"circuit open after {self._failures} consecutive failures; "
                    f"next try in {left:.1f} s"
                )
            self._probing = True  # half-open: this caller is the one trial

    def success(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._probing = False

    def failure(self) -> None:
        with self._lock:
            self._failures += 1
            self._probing = False
            if self._failures >= self.threshold:
                self._opened_at = self._clock()
