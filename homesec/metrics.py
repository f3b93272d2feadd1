"""Prometheus metrics at ``/metrics`` (login or API token), gathered across processes.

Counters and histograms are written by whichever process observes them — daphne, every
Celery pool process — into ``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client's multiprocess
mode; ``make run`` sets it to ``.run/metrics`` and empties it at start), and summed at
scrape time. What the database and Redis already know (queue depths, dead letters,
cameras online) is read when scraped, so it is right whichever process answers.
"""

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

SECONDS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)

REQUESTS = Counter("homesec_http_requests", "HTTP requests answered", ["method", "status"])
REQUEST_SECONDS = Histogram(
    "homesec_http_request_seconds", "Time to answer an HTTP request", ["method"], buckets=SECONDS
)
STAGE_SECONDS = Histogram(
    "homesec_stage_seconds",
    "Pipeline stage latency: detection (upload found → detections stored), "
    "event (batch's last upload → event judged), llm (one LLM call)",
    ["stage"],
    buckets=SECONDS,
)
EVENTS = Counter("homesec_events", "Events created, by risk level", ["level"])
ERRORS = Counter("homesec_errors", "Failures, by component (llm, detector)", ["component"])


class StateCollector:
    """Gauges read from PostgreSQL and Redis when scraped."""

    def collect(self):
        from cameras.models import Camera

        from . import health
        from .models import DeadLetter

        queues = GaugeMetricFamily("homesec_queue_depth", "Messages waiting", labels=["queue"])
        for queue, depth in health.queue_depths().items():
            queues.add_metric([queue], depth)
        yield queues
        yield GaugeMetricFamily(
            "homesec_dead_letters", "Jobs that failed their last retry",
            value=DeadLetter.objects.count(),
        )  # fmt: skip
        cameras = GaugeMetricFamily("homesec_cameras", "Cameras by status", labels=["status"])
        for status in Camera.Status.values:
            cameras.add_metric([status], Camera.objects.filter(status=status).count())
        yield cameras


def exposition() -> tuple[bytes, str]:
    """Everything, in Prometheus's text format."""
    registry = CollectorRegistry()
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        multiprocess.MultiProcessCollector(registry, path=directory)
    else:  # one process: its own values
        for metric in (REQUESTS, REQUEST_SECONDS, STAGE_SECONDS, EVENTS, ERRORS):
            registry.register(metric)
    registry.register(StateCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST


class RequestMetrics:
    """Middleware: counts every request and times it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        start = time.perf_counter()
        response = self.get_response(request)
        REQUEST_SECONDS.labels(request.method).observe(time.perf_counter() - start)
        REQUESTS.labels(request.method, str(response.status_code)).inc()
        return response
