"""What each part of the install says when asked: the database, Redis, the workers, the
LLM, how much work waits in each queue, and what runs degraded (a circuit open: the LLM,
an alert channel, a push service, the SMTP server). /ready, /api/system/health, /metrics
and the System page use these."""

import httpx
import redis
from django.conf import settings
from django.db import connection

from alerts.models import Channel
from celeryconfig import QUEUES
from homesec.celery import app
from homesec.circuit import not_closed


def database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:
        return f"error: {exc}"


def broker() -> str:
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
        return "ok"
    except Exception as exc:
        return f"error: {exc}"


def workers(timeout: float = 1.0, limit: int | None = None) -> list[str]:
    """The names of the Celery workers that answer a ping (``detect@host``, …): all that
    answer within ``timeout``, or the first ``limit`` (then it returns as soon as they do)."""
    try:
        replies = app.control.ping(timeout=timeout, limit=limit)
        return sorted(name for reply in replies for name in reply)
    except Exception:
        return []


def llm() -> str:
    if not settings.LLM_ENABLED:
        return "off"
    try:
        response = httpx.get(settings.LLM_URL.rstrip("/") + "/models", timeout=2)
    except httpx.HTTPError as exc:
        return f"error: cannot reach {settings.LLM_URL}: {exc}"
    return "ok" if response.status_code == 200 else f"error: HTTP {response.status_code}"


def queue_depths() -> dict[str, int]:
    """Messages waiting in each Celery queue (the Redis lists kombu keeps)."""
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
        return {queue: client.llen(queue) for queue in QUEUES}
    except redis.RedisError:
        return {}


def degraded() -> list[str]:
    """What works less well now, a line each: every circuit open or half-open."""
    circuits = not_closed()
    ids = [int(n.split("-", 1)[1]) for n in circuits if n.split("-", 1)[-1].isdigit()]
    channels = dict(Channel.objects.filter(pk__in=ids).values_list("pk", "name"))
    lines = []
    for name, state in circuits.items():
        kind, _, rest = name.partition("-")
        if kind == "channel" and rest.isdigit():
            shown = f"alert channel “{channels.get(int(rest), rest)}”"
        elif kind == "llm":
            shown = "the LLM"
        elif kind == "enrichment":
            shown = f"the {rest} model"
        else:
            shown = {"push": "push service", "smtp": "SMTP server"}.get(kind, kind) + f" {rest}"
        why = "testing it with one call" if state == "half_open" else "resting after failures"
        lines.append(f"{shown}: circuit {state.replace('_', '-')} ({why})")
    return lines
