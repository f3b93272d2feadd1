"""A circuit breaker: after repeated failures stop calling a service for a while, then
let one call through to test it (the reference's defaults: 5 failures, 30 s)."""

import threading
import time

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


class CircuitBreaker:
    def __init__(self, *, failure_threshold: int = 5, recovery_seconds: float = 30.0):
        self.failure_threshold = failure_threshold
        self.recovery_seconds = recovery_seconds
        self.state = CLOSED
        self.failures = 0
        self.opened_at = 0.0
        self._lock = threading.Lock()

    def allow(self) -> bool:
        """May a call go through now? In half-open state only one call is let through."""
        with self._lock:
            if self.state == CLOSED:
                return True
            if self.state == OPEN and time.monotonic() - self.opened_at >= self.recovery_seconds:
                self.state = HALF_OPEN
                return True
            return False

    def record_success(self) -> None:
        with self._lock:
            self.state, self.failures = CLOSED, 0

    def record_failure(self) -> None:
        with self._lock:
            self.failures += 1
            if self.state == HALF_OPEN or self.failures >= self.failure_threshold:
                self.state, self.opened_at = OPEN, time.monotonic()
