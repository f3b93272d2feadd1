"""The Prometheus counters and histograms every process writes; ops/metrics.py serves
them at ``/metrics``.

They are written by whichever process observes them — daphne, every Celery pool process —
into ``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client's multiprocess mode; ``make run``
sets it to ``.run/metrics`` and empties it at start), and summed at scrape time.
"""

from prometheus_client import Counter, Histogram

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
DETECT_BATCH = Histogram(
    "homesec_detect_batch_uploads",
    "Uploads detected in one call of the model (HOMESEC_DETECT_UPLOADS_AT_ONCE)",
    buckets=(1, 2, 4, 8, 16, 32, 64),
)
EVENTS = Counter("homesec_events", "Events created, by risk level", ["level"])
LOG_DROPPED = Counter(
    "homesec_log_lines_dropped", "Log lines dropped: the process's log buffer was full"
)
ERRORS = Counter("homesec_errors", "Failures, by component (llm, detector)", ["component"])


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
