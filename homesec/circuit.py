"""A circuit breaker shared by every process through Redis: after repeated failures stop
calling a service for a while, then let one call (from any process) through to test it.
The reference's defaults: 5 failures, 30 s. Circuits: the LLM (``llm``), each alert
channel (``channel-<id>``), each push service (``push-<host:port>``), the SMTP server
(``smtp-<host:port>``).

So when one LLM worker finds the server hung, the others (and the re-analysis beat) stop
waiting on it too; an alert channel that times out costs one delivery the wait, not all.
If Redis itself cannot be reached the circuit lets calls through: a
broker problem must not also silence the LLM."""

import contextlib
import logging
import time
from typing import cast

import redis

from homesec.store import redis_client

log = logging.getLogger(__name__)

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"
FAILURES_KEPT_SECONDS = 600  # failures further apart than this do not add up
PREFIX = "homesec:circuit:"


def not_closed() -> dict[str, str]:
    """Every circuit open or half-open now, by name (none when Redis cannot say)."""
    try:
        client = redis_client()
        names = sorted(
            key.decode().removeprefix(PREFIX).removesuffix(":opened")
            for key in client.scan_iter(match=f"{PREFIX}*:opened", count=500)
        )
    except redis.RedisError:
        return {}
    states = {name: CircuitBreaker(name).state for name in names}
    return {name: state for name, state in states.items() if state != CLOSED}


class CircuitBreaker:
    def __init__(
        self, name: str = "llm", *, failure_threshold: int = 5, recovery_seconds: float = 30.0,
        probe_seconds: float = 300.0,
    ):  # fmt: skip
        self.failure_threshold = failure_threshold
        self.recovery_seconds = recovery_seconds
        self.probe_seconds = probe_seconds  # a probe that never reports frees its turn
        self.name = name
        prefix = f"{PREFIX}{name}:"
        self.failures_key, self.opened_key, self.probe_key = (
            prefix + "failures",
            prefix + "opened",
            prefix + "probe",
        )

    @property
    def state(self) -> str:
        try:
            opened, probing = redis_client().mget(self.opened_key, self.probe_key)
        except redis.RedisError:
            return CLOSED
        if opened is None:
            return CLOSED
        return HALF_OPEN if probing else OPEN

    def resting_for(self) -> float:
        """Seconds until an open circuit lets its next call through to test the service
        (0 when closed, or when Redis cannot say)."""
        try:
            opened = redis_client().get(self.opened_key)
        except redis.RedisError:
            return 0.0
        if opened is None:
            return 0.0
        return max(0.0, self.recovery_seconds - (time.time() - float(cast(bytes, opened))))

    def allow(self) -> bool:
        """May a call go through now? Once the recovery time has passed, only one call
        among all processes is let through until it reports."""
        try:
            opened = redis_client().get(self.opened_key)
            if opened is None:
                return True
            if time.time() - float(opened) < self.recovery_seconds:
                return False
            return bool(
                redis_client().set(self.probe_key, 1, nx=True, ex=round(self.probe_seconds))
            )
        except redis.RedisError as exc:
            log.warning(
                "circuit %s: Redis unreachable, letting the call through: %s", self.opened_key, exc
            )
            return True

    def record_success(self) -> None:
        with contextlib.suppress(redis.RedisError):
            redis_client().delete(self.failures_key, self.opened_key, self.probe_key)

    def release(self) -> None:
        """A call that told nothing about the service (its input was bad): a probe's turn
        goes to the next call instead of waiting out ``probe_seconds``."""
        with contextlib.suppress(redis.RedisError):
            redis_client().delete(self.probe_key)

    def record_failure(self) -> None:
        try:
            client = redis_client()
            with client.pipeline() as pipe:
                pipe.incr(self.failures_key)
                pipe.expire(self.failures_key, FAILURES_KEPT_SECONDS)
                pipe.delete(self.probe_key)
                failures, _, probed = pipe.execute()
            if probed or failures >= self.failure_threshold:
                client.set(self.opened_key, time.time())
                log.warning("circuit %s open after %d failure(s)", self.opened_key, failures)
        except redis.RedisError:
            pass
