"""Detector and LLM latency for the performance collector: p50 / p95 / p99 and
throughput over the last minutes, from the stored rows (an upload's detection: found →
detections stored; an event: its batch's last upload → judged) and, for single LLM calls,
from the Prometheus histogram every process writes (homesec/metrics.py)."""

import os
from datetime import timedelta

from django.db import connection
from django.utils import timezone
from prometheus_client import CollectorRegistry, multiprocess

SQL = """
    SELECT count(*),
           percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY seconds)
    FROM (SELECT extract(epoch FROM {end} - {start}) AS seconds
          FROM {table} WHERE {end} >= %s {where}) AS done
"""
STAGES = {
    "detector": ("detection_mediafile", "created_at", "updated_at", "AND state = 'done'"),
    "pipeline": ("events_event", "ended_at", "created_at", "AND ended_at IS NOT NULL"),
}


def _ms(seconds) -> float | None:
    return round(seconds * 1000.0, 1) if seconds is not None else None


def from_rows(minutes: int = 15) -> dict:
    since = timezone.now() - timedelta(minutes=minutes)
    result = {}
    with connection.cursor() as cursor:
        for stage, (table, start, end, where) in STAGES.items():
            cursor.execute(SQL.format(table=table, start=start, end=end, where=where), [since])
            count, quantiles = cursor.fetchone()
            p50, p95, p99 = quantiles or (None, None, None)
            result[stage] = {"count": count, "p50": _ms(p50), "p95": _ms(p95), "p99": _ms(p99)}
    return result


def llm_histogram() -> dict | None:
    """p50 / p95 / p99 of single LLM calls since the processes started, from the
    histogram's buckets (each quantile is the upper bound of its bucket); None without
    PROMETHEUS_MULTIPROC_DIR or before the first call."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory or not os.path.isdir(directory):
        return None
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=directory)
    buckets = []
    for family in registry.collect():
        for sample in family.samples:
            if sample.name.endswith("_bucket") and sample.labels.get("stage") == "llm":
                buckets.append((float(sample.labels["le"]), sample.value))
    buckets.sort()
    total = buckets[-1][1] if buckets else 0
    if not total:
        return None

    def quantile(q):
        return next(
            (
                _ms(le) if le != float("inf") else None
                for le, count in buckets
                if count >= q * total
            ),
            None,
        )

    return {"count": int(total), "p50": quantile(0.5), "p95": quantile(0.95), "p99": quantile(0.99)}


def inference(queues: dict, minutes: int = 15) -> dict:
    """The reference's ``inference`` block."""
    rows = from_rows(minutes)
    return {
        "detector_latency_ms": rows["detector"],
        "llm_latency_ms": llm_histogram(),
        "pipeline_latency_ms": rows["pipeline"],
        "throughput": {
            "images_per_min": round(rows["detector"]["count"] / minutes, 2),
            "events_per_min": round(rows["pipeline"]["count"] / minutes, 2),
        },
        "queues": {
            "detection": queues.get("detect_queue"),
            "analysis": queues.get("analysis_queue"),
        },
        "window_minutes": minutes,
    }
