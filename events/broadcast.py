"""The one way anything publishes to browsers: a typed, numbered message to a group.

Every message reaches clients as ``{"type": ..., "data": {...}, "seq": n, "timestamp": ...}``
(the reference's envelope plus a sequence number). Each group numbers its messages
1, 2, 3, … in Redis and keeps the last ``REPLAY_SIZE`` of them, so a client that
reconnects after a gap asks for everything after the last number it holds and misses
nothing. Workers call this from Celery tasks; any number of web processes fan it out.
"""

import json

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.utils import timezone

from homesec.store import redis_client

EVENTS_GROUP = "events"
SYSTEM_GROUP = "system"
MESSAGE_TYPES = {
    "event",
    "event_updated",
    "alert",
    "alert_updated",
    "system_status",
    "service_status",
    "performance_update",
    "performance_alert",
}
REPLAY_SIZE = 1000  # messages kept per group for clients that reconnect


def _seq_key(group: str) -> str:
    return f"homesec:live:{group}:seq"


def _log_key(group: str) -> str:
    return f"homesec:live:{group}:log"


def publish(group: str, message_type: str, data: dict) -> dict:
    """Number ``data`` as the group's next message, keep it for replay, send it out."""
    if message_type not in MESSAGE_TYPES:
        raise ValueError(f"unknown message type {message_type!r}")
    redis = redis_client()
    seq = redis.incr(_seq_key(group))
    message = {
        "type": message_type,
        "data": data,
        "seq": seq,
        "timestamp": timezone.now().isoformat(),
    }
    with redis.pipeline() as pipe:
        pipe.zadd(_log_key(group), {json.dumps(message): seq})
        pipe.zremrangebyrank(_log_key(group), 0, -REPLAY_SIZE - 1)
        pipe.execute()
    async_to_sync(get_channel_layer().group_send)(group, {"type": "broadcast", "message": message})
    return message


def current_seq(group: str) -> int:
    """The number of the group's latest message (0 before the first)."""
    return int(redis_client().get(_seq_key(group)) or 0)


def missed(group: str, since: int) -> list[dict] | None:
    """The group's messages numbered above ``since``, oldest first; None when the client
    must reload instead: some of them are no longer kept, or its numbers come from before
    Redis lost the count."""
    latest = current_seq(group)
    if since > latest:
        return None
    kept = redis_client().zrangebyscore(_log_key(group), f"({since}", "+inf")
    messages = [json.loads(raw) for raw in kept]
    if latest > since and (not messages or messages[0]["seq"] > since + 1):
        return None
    return messages


def event_payload(event) -> dict:
    """An Event as the reference's ``event`` message data."""
    return {
        "id": event.pk,
        "event_id": event.pk,
        "batch_id": str(event.batch_id) if event.batch_id else None,
        "camera_id": event.camera_id,
        "camera_name": event.camera.name,
        "risk_score": event.risk_score,
        "risk_level": event.risk_level,
        "summary": event.summary,
        "labels": event.labels,
        "thumbnail_url": event_thumbnail_url(event),
        "url": f"/events/{event.pk}/",
        "started_at": event.started_at.isoformat(),
        "ended_at": event.ended_at.isoformat() if event.ended_at else None,
        "is_fast_path": event.is_fast_path,
        "analysis_source": event.analysis_source,
        "reviewed": event.reviewed,
    }


def event_thumbnail_url(event) -> str | None:
    """The event's picture (its best detection, boxes drawn) as the API serves it."""
    top = event.top_detection()
    return f"/api/detections/{top.pk}/thumbnail/" if top else None
