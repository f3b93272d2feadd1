"""Prometheus metrics at ``/metrics`` (login or API token): the counters every process
writes (homesec/metrics.py), summed across processes, and what PostgreSQL and Redis
already know (queue depths, dead letters, cameras online), read when scraped, so it is
right whichever process answers."""

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from cameras.models import Camera
from homesec.circuit import not_closed
from homesec.metrics import (
    ERRORS,
    EVENTS,
    LOG_DROPPED,
    REQUEST_SECONDS,
    REQUESTS,
    STAGE_SECONDS,
)
from homesec.models import DeadLetter

from . import health, performance, thresholds


class StateCollector:
    """Gauges read from PostgreSQL and Redis when scraped."""

    def collect(self):
        queues = GaugeMetricFamily("homesec_queue_depth", "Messages waiting", labels=["queue"])
        for queue, depth in health.queue_depths().items():
            queues.add_metric([queue], depth)
        yield queues
        yield GaugeMetricFamily(
            "homesec_dead_letters",
            "Jobs that failed their last retry",
            value=DeadLetter.objects.count(),
        )
        cameras = GaugeMetricFamily("homesec_cameras", "Cameras by status", labels=["status"])
        for status in Camera.Status.values:
            cameras.add_metric([status], Camera.objects.filter(status=status).count())
        yield cameras
        circuits = GaugeMetricFamily(
            "homesec_circuit_open",
            "1 for each circuit open (or half-open: being tested)",
            labels=["circuit", "state"],
        )
        for name, state in not_closed().items():
            circuits.add_metric([name, state], 1)
        yield circuits
        yield from performance_gauges()


def performance_gauges():
    """The performance collector's latest reading (ops/performance.py) and each
    threshold's level now (0 ok, 1 warning, 2 critical)."""
    data = performance.latest()
    if not data:
        return
    values = GaugeMetricFamily(
        "homesec_performance", "The collector's latest readings (%, °C or MB)", labels=["metric"]
    )
    for metric, value in thresholds.metrics_of(data).items():
        if value is not None:
            values.add_metric([metric], value)
    pg = data["databases"]["postgresql"]
    redis = data["databases"]["redis"]
    extra = {
        "pg_transactions_per_min": pg.get("transactions_per_min"),
        "pg_size_mb": pg.get("size_mb"),
        "redis_clients": redis.get("connected_clients"),
        "redis_blocked_clients": redis.get("blocked_clients"),
        "redis_hit_ratio": redis.get("hit_ratio"),
    }
    for metric, value in extra.items():
        if value is not None:
            values.add_metric([metric], value)
    yield values
    levels = GaugeMetricFamily(
        "homesec_performance_alert",
        "Threshold level: 0 ok, 1 warning, 2 critical",
        labels=["metric"],
    )
    active = {item["metric"]: item["severity"] for item in data.get("alerts", [])}
    for metric in thresholds.THRESHOLDS:
        levels.add_metric([metric], thresholds.RANK[active.get(metric, thresholds.OK)])
    yield levels


def exposition() -> tuple[bytes, str]:
    """Everything, in Prometheus's text format."""
    registry = CollectorRegistry()
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        multiprocess.MultiProcessCollector(registry, path=directory)
    else:  # one process: its own values
        for metric in (REQUESTS, REQUEST_SECONDS, STAGE_SECONDS, EVENTS, ERRORS, LOG_DROPPED):
            registry.register(metric)
    registry.register(StateCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST
