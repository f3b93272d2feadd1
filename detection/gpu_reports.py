"""Each detection worker reports its own host's GPUs (detection/gpu.py) every
REPORT_SECONDS to Redis, under its worker name (``GpuReporter``, a worker bootstep added by
detection/apps.py); the status collector (ops/status.py) gathers every host's report, so
the System page shows the GPUs of each detection host, not those of the web or analysis
process (which, in compose, have none)."""

import contextlib
import json
import time
from typing import cast

import redis
from celery import bootsteps

from homesec.store import redis_client

from .gpu import readings

REPORT_SECONDS = 10.0
REPORTS = "homesec:gpus:"  # + the worker's name: its host's last report, kept 3 rounds


def report(worker: str) -> dict:
    """Read this host's GPUs and keep the reading under ``worker`` for the collector."""
    gpus, why_not = readings()
    said = {"worker": worker, "gpus": gpus, "message": why_not, "at": time.time()}
    with contextlib.suppress(redis.RedisError):  # the next round tries again
        redis_client().set(REPORTS + worker, json.dumps(said), ex=round(3 * REPORT_SECONDS))
    return said


def reported() -> list[dict]:
    """Every detection worker's last report (those silent for 3 rounds are gone), by name."""
    try:
        client = redis_client()
        keys = sorted(client.scan_iter(match=REPORTS + "*", count=500))
        values = cast(list, client.mget(keys)) if keys else []  # redis-py's sync client
    except redis.RedisError:
        return []
    return [json.loads(value) for value in values if value]


class GpuReporter(bootsteps.StartStopStep):
    """In a worker that takes the ``detect`` queue: report this host's GPUs now and every
    REPORT_SECONDS, from the worker's own timer."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        self.timer_entry = None
        queues = worker.app.amqp.queues
        self.enabled = "detect" in (queues.consume_from or queues)

    def start(self, worker):
        if not self.enabled:
            return
        report(worker.hostname)
        self.timer_entry = worker.timer.call_repeatedly(
            REPORT_SECONDS, report, (worker.hostname,), priority=10
        )

    def stop(self, worker):
        if self.timer_entry is not None:
            self.timer_entry.cancel()
            self.timer_entry = None
