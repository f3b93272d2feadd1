"""The system status: what the System page, ``/api/system/status/`` and ``/ws/system/``
show. A beat task collects it every HOMESEC_SYSTEM_STATUS_INTERVAL_SECONDS: GPUs, queue
depths, dead letters, cameras online and offline, the health of every service, pipeline
throughput and latency. It marks silent cameras offline, keeps GPU history, announces
a service whose health changed (``service_status``) and, while anyone watches, sends
the whole status (``system_status``). Only that task writes: reading the status (the
page, the API) never does."""

import json
import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from cameras.models import Camera
from detection.gpu_reports import reported
from events.broadcast import SYSTEM_GROUP, publish
from homesec.models import DeadLetter
from homesec.store import redis_client
from household.models import Household

from . import health, performance
from .models import GpuSample

log = logging.getLogger(__name__)
LATEST_KEY = "homesec:status:latest"
SERVICES_KEY = "homesec:status:services"
WATCHERS_KEY = "homesec:status:watchers"
WATCHER_EXPIRY = 86400  # a socket its web process never closed stops counting after a day


def watching(channel_name: str, on: bool) -> None:
    """A /ws/system/ socket opened (on) or closed."""
    if on:
        redis_client().zadd(WATCHERS_KEY, {channel_name: time.time()})
    else:
        redis_client().zrem(WATCHERS_KEY, channel_name)


def watchers() -> int:
    redis = redis_client()
    redis.zremrangebyscore(WATCHERS_KEY, "-inf", time.time() - WATCHER_EXPIRY)
    return redis.zcard(WATCHERS_KEY)


def latest() -> dict | None:
    """The last ``system_status`` message collected (None before the first)."""
    raw = redis_client().get(LATEST_KEY)
    return json.loads(raw) if raw else None


def current() -> dict:
    """The latest ``system_status`` message with its age in seconds; before the collector's
    first round, what can be read now (nothing is written: that is the collector's job)."""
    message = latest()
    if message is None:
        now = timezone.now()
        message = {"type": "system_status", "data": collect(), "timestamp": now.isoformat()}
    taken = datetime.fromisoformat(message["timestamp"])
    return {**message, "age_seconds": round((timezone.now() - taken).total_seconds(), 1)}


def collect() -> dict:
    found = gpus()
    return {
        "gpu": found["gpus"][0]
        if found["gpus"]
        else {"available": False, "message": found["message"]},
        "gpus": found["gpus"],
        "gpu_hosts": found["hosts"],
        "queues": queues(),
        "cameras": cameras(),
        "services": services(),
        "pipeline": pipeline(),
    }


def queues() -> dict:
    depths = {f"{queue}_queue": depth for queue, depth in health.queue_depths().items()}
    return {**depths, "dlq_total": DeadLetter.objects.count()}


def silent_since() -> datetime:
    """A camera that has sent nothing since then is offline (the household's setting)."""
    after = Household.current().camera_offline_after_seconds
    return timezone.now() - timedelta(seconds=after)


def cameras() -> dict:
    """Counts; a camera silent for the household's setting counts as offline (the
    collector marks it so)."""
    rows = list(Camera.objects.filter(enabled=True).values("id", "name", "status", "last_seen_at"))
    silent = silent_since()
    for row in rows:
        seen = row.pop("last_seen_at")
        if row["status"] == Camera.Status.ONLINE and seen is not None and seen < silent:
            row["status"] = Camera.Status.OFFLINE
    online = sum(row["status"] == Camera.Status.ONLINE for row in rows)
    return {"total": len(rows), "online": online, "offline": len(rows) - online, "list": rows}


def gpus() -> dict:
    """Every detection host's GPUs as its worker last read them (detection/gpu_reports.py):
    the GPUs are where the detection workers are, not where this runs. ``hosts`` one entry
    a worker, ``gpus`` all of them (each with its worker), ``message`` why there are none
    where there are none (None when every worker has its GPUs)."""
    hosts = [
        {"worker": r["worker"], "gpus": r["gpus"], "message": r["message"]} for r in reported()
    ]
    why = "; ".join(f"{h['worker']}: {h['message']}" for h in hosts if h["message"])
    return {
        "hosts": hosts,
        "gpus": [{**g, "worker": h["worker"]} for h in hosts for g in h["gpus"]],
        "message": why or (None if hosts else "no detection worker reports"),
    }


def mark_silent_cameras_offline() -> int:
    return Camera.objects.filter(
        status=Camera.Status.ONLINE, last_seen_at__lt=silent_since()
    ).update(status=Camera.Status.OFFLINE)


def services() -> dict[str, dict]:
    """Each service's status (healthy, unhealthy, degraded or disabled) and what it said."""
    redis = health.broker()
    workers = answering_workers() if redis == "ok" else []
    detectors = [name for name in workers if name.startswith("detect")]
    llm = health.llm()
    return {
        "database": _service(health.database()),
        "redis": _service(redis),
        "detector": _service(
            f"ok: {', '.join(detectors)}" if detectors else "error: no detection worker answers"
        ),
        "workers": _service(f"ok: {len(workers)} answering" if workers else "error: none"),
        "llm": {"status": "disabled", "message": "no LLM asked: the scorer's words are shown"}
        if llm == "off"
        else _service(llm),
        "circuits": _circuits(health.degraded() if redis == "ok" else []),
    }


def _circuits(degraded: list[str]) -> dict:
    if degraded:
        return {"status": "degraded", "message": "; ".join(degraded)}
    return {"status": "healthy", "message": "every circuit closed"}


# The workers that answered the last full ping, and when. A ping waits its whole timeout
# for whoever else might answer (a second of a worker slot, every round), so a round
# asks only until those have answered; a full ping each FULL_PING_SECONDS, or as soon as
# the answers differ, finds newcomers and the gone.
FULL_PING_SECONDS = 60.0
_known: dict = {"workers": [], "at": float("-inf")}


def answering_workers() -> list[str]:
    known = _known["workers"]
    if known and time.monotonic() - _known["at"] < FULL_PING_SECONDS:
        names = health.workers(limit=len(known))
        if names == known:
            return names
    names = health.workers()
    _known.update(workers=names, at=time.monotonic())
    return names


def _service(said: str) -> dict:
    return {"status": "unhealthy" if said.startswith("error") else "healthy", "message": said}


PERCENTILES_SQL = """
    SELECT count(*),
           percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds),
           percentile_cont(0.95) WITHIN GROUP (ORDER BY seconds)
    FROM (SELECT extract(epoch FROM {end} - {start}) AS seconds
          FROM {table} WHERE {end} >= %s {where}) AS done
"""


def pipeline(minutes: int = 15) -> dict:
    """Over the last ``minutes``: images detected and events judged per minute, and the
    p50/p95 seconds from an upload being found to its detections, and from a batch's
    last upload to its event."""
    since = timezone.now() - timedelta(minutes=minutes)
    stages = {
        "detection": ("detection_mediafile", "created_at", "updated_at", "AND state = 'done'"),
        "analysis": ("events_event", "ended_at", "created_at", "AND ended_at IS NOT NULL"),
    }
    result = {"window_minutes": minutes}
    with connection.cursor() as cursor:
        for stage, (table, start, end, where) in stages.items():
            sql = PERCENTILES_SQL.format(table=table, start=start, end=end, where=where)
            cursor.execute(sql, [since])
            count, p50, p95 = cursor.fetchone()
            result[stage] = {
                "per_minute": round(count / minutes, 2),
                "p50_seconds": round(p50, 2) if p50 is not None else None,
                "p95_seconds": round(p95, 2) if p95 is not None else None,
            }
    return result


def collect_and_publish(*, critical: performance.Critical | None = None) -> dict:
    """One round of the beat task; ``critical`` hears of each metric that turned critical
    (the beat task's operator alert). Returns the ``system_status`` message."""
    mark_silent_cameras_offline()
    data = collect()
    GpuSample.objects.bulk_create(
        GpuSample(**{k: v for k, v in reading.items() if k != "worker"}) for reading in data["gpus"]
    )
    redis = redis_client()
    before = {k.decode(): v.decode() for k, v in redis.hgetall(SERVICES_KEY).items()}
    now = {name: service["status"] for name, service in data["services"].items()}
    redis.hset(SERVICES_KEY, mapping=now)
    for name, state in now.items():
        if before.get(name) != state:
            publish(SYSTEM_GROUP, "service_status", {"service": name, **data["services"][name]})
    message = {"type": "system_status", "data": data, "timestamp": timezone.now().isoformat()}
    watched = watchers() > 0
    if watched:
        message = publish(SYSTEM_GROUP, "system_status", data)
    try:  # the reference's performance_update and its thresholds
        performance.round_(data, watched, critical=critical)
    except Exception:
        log.exception("the performance collector failed this round")
    redis.set(
        LATEST_KEY, json.dumps(message), ex=max(60, 4 * settings.SYSTEM_STATUS_INTERVAL_SECONDS)
    )
    return message
