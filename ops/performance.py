"""The performance collector: the reference's ``performance_update`` — host CPU, memory
and disk (psutil), PostgreSQL and Redis, detector and LLM latency, the LLM's slots, the
GPU — read by the status task (ops/status.py) every round while someone watches
/ws/system/, and once a minute regardless, when it is also stored (PerformanceSample,
the System page's charts). The thresholds (ops/thresholds.py) are checked every time it
is read; a metric that rises to warning or critical is told once (a ``performance_alert``
message and a log line), and one that turns critical reaches the household through
every alert channel (ops/operator.py) through the ``critical`` callable the beat task
hands in (ops/tasks.py: a service never imports tasks)."""

import json
import logging
import time
from collections.abc import Callable

import httpx
import psutil
from django.conf import settings
from django.db import connection
from django.utils import timezone

from events.broadcast import SYSTEM_GROUP, publish
from homesec.store import redis_client

from . import latency, thresholds
from .models import PerformanceSample

log = logging.getLogger(__name__)
GB, MB = 1e9, 1e6
LEVELS_KEY = "homesec:perf:levels"
LATEST_KEY = "homesec:perf:latest"
XACT_KEY = "homesec:perf:xact"
STORED_KEY = "homesec:perf:stored"
STORE_SECONDS = 60


def host() -> dict:
    """CPU since the last reading (the collector's process keeps it), memory, and the
    disk the uploads are kept on."""
    memory = psutil.virtual_memory()
    disk = psutil.disk_usage(str(_existing(settings.MEDIA_ROOT)))
    return {
        "cpu_percent": psutil.cpu_percent(interval=None),
        "ram_used_gb": round((memory.total - memory.available) / GB, 2),
        "ram_total_gb": round(memory.total / GB, 2),
        "disk_used_gb": round(disk.used / GB, 2),
        "disk_total_gb": round(disk.total / GB, 2),
    }


def _existing(path):
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


PG_SQL = """
    SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),
           current_setting('max_connections')::int, blks_hit, blks_read,
           xact_commit + xact_rollback, pg_database_size(current_database())
    FROM pg_stat_database WHERE datname = current_database()
"""


def postgresql() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute(PG_SQL)
            active, most, hit, read, xacts, size = cursor.fetchone()
    except Exception as exc:
        return {"status": "unreachable", "message": str(exc)[:200]}
    return {
        "status": "healthy",
        "connections_active": active,
        "connections_max": most,
        "cache_hit_ratio": round(100.0 * hit / (hit + read), 2) if hit + read else None,
        "transactions_per_min": _per_minute(XACT_KEY, xacts),
        "size_mb": round(size / MB, 1),
    }


def _per_minute(key: str, count: int) -> float | None:
    """The rate of a growing counter since the last reading (kept in Redis)."""
    redis = redis_client()
    now = time.time()
    before = redis.getset(key, json.dumps([count, now]))
    if not before:
        return None
    then_count, then = json.loads(before)
    if now - then <= 0 or count < then_count:
        return None
    return round((count - then_count) * 60.0 / (now - then), 1)


def redis() -> dict:
    try:
        info = redis_client().info()
    except Exception as exc:
        return {"status": "unreachable", "message": str(exc)[:200]}
    hits, misses = info.get("keyspace_hits", 0), info.get("keyspace_misses", 0)
    return {
        "status": "healthy",
        "connected_clients": info.get("connected_clients"),
        "memory_mb": round(info.get("used_memory", 0) / MB, 2),
        "hit_ratio": round(100.0 * hits / (hits + misses), 1) if hits + misses else None,
        "blocked_clients": info.get("blocked_clients"),
    }


def llm() -> dict:
    """llama-server's slots (``/props``); what another server does not say stays out."""
    if not settings.LLM_ENABLED:
        return {"status": "disabled"}
    base = settings.LLM_URL.rstrip("/").removesuffix("/v1")
    try:
        props = httpx.get(f"{base}/props", timeout=1.0).raise_for_status().json()
    except (httpx.HTTPError, ValueError) as exc:
        return {"status": "unreachable", "message": str(exc)[:200]}
    settings_ = props.get("default_generation_settings") or {}
    return {
        "status": "healthy",
        "model": settings.LLM_MODEL,
        "slots_total": props.get("total_slots"),
        "context_size": settings_.get("n_ctx"),
    }


def gpu(gpus: list[dict]) -> dict | None:
    if not gpus:
        return None
    first = gpus[0]
    return {
        "name": first["name"],
        "utilization": first["utilization"],
        "vram_used_gb": round(first["memory_used"] / 1024, 2),
        "vram_total_gb": round(first["memory_total"] / 1024, 2),
        "temperature": first["temperature"],
        "power_watts": first["power_usage"],
    }


def collect(status: dict) -> dict:
    """The ``performance_update``'s data, from this round's system status (its GPUs,
    queues and services) and the readings above."""
    llm_block = llm()
    return {
        "timestamp": timezone.now().isoformat(),
        "gpu": gpu(status.get("gpus") or []),
        "ai_models": {
            "detector": {
                "status": status["services"]["detector"]["status"],
                "model": settings.DETECTOR,
                "device": settings.DETECTOR_DEVICE,
            },
            "llm": llm_block,
        },
        "llm": llm_block,
        "inference": latency.inference(status.get("queues") or {}),
        "databases": {"postgresql": postgresql(), "redis": redis()},
        "host": host(),
        "containers": [
            {
                "name": name,
                "status": "running" if s["status"] == "healthy" else s["status"],
                "health": s["status"],
            }
            for name, s in status["services"].items()
        ],
    }


Critical = Callable[[dict], object]  # told of each metric that turned critical


def assess(data: dict, *, critical: Critical | None = None) -> list[tuple[str, str]]:
    """Check the thresholds: fills ``data["alerts"]``, keeps each metric's level, tells
    what rose (once; ``critical`` hears of each that turned critical), and returns those
    crossings."""
    redis = redis_client()
    held = {k.decode(): v.decode() for k, v in redis.hgetall(LEVELS_KEY).items()}
    values = thresholds.metrics_of(data)
    levels = thresholds.evaluate(values, held)
    data["alerts"] = thresholds.alerts(values, levels)
    risen = thresholds.crossings(held, levels)
    with redis.pipeline() as pipe:
        pipe.delete(LEVELS_KEY)
        if levels:
            pipe.hset(LEVELS_KEY, mapping=levels)
        pipe.execute()
    for metric, severity in risen:
        item = thresholds.alert(metric, values[metric], severity)
        log.log(
            logging.CRITICAL if severity == thresholds.CRITICAL else logging.WARNING,
            "performance %s: %s",
            severity,
            item["message"],
            extra={"alert": item},
        )
        publish(SYSTEM_GROUP, "performance_alert", item)
        if severity == thresholds.CRITICAL and critical is not None:
            critical(item)
    return risen


def round_(status: dict, watching: bool, *, critical: Critical | None = None) -> dict | None:
    """One collector round: read when someone watches or a minute has passed since the
    last stored sample; store once a minute; publish while watched."""
    due = bool(redis_client().set(STORED_KEY, "1", nx=True, ex=STORE_SECONDS))
    if not (watching or due):
        return None
    data = collect(status)
    assess(data, critical=critical)
    if due:
        PerformanceSample.objects.create(data=data)
    redis_client().set(LATEST_KEY, json.dumps(data), ex=3 * STORE_SECONDS)
    if watching:
        publish(SYSTEM_GROUP, "performance_update", data)
    return data


def latest() -> dict | None:
    raw = redis_client().get(LATEST_KEY)
    return json.loads(raw) if raw else None
