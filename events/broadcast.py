"""The one way anything publishes to browsers: a typed message to a channel-layer group.

Every message reaches clients as ``{"type": ..., "data": {...}}`` (the reference's
envelope). Workers call this from Celery tasks; any number of web processes fan it out.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

EVENTS_GROUP = "events"
MESSAGE_TYPES = {
    "event", "event_updated", "alert", "alert_updated", "system_status", "service_status",
}  # fmt: skip


def publish(group: str, message_type: str, data: dict) -> None:
    if message_type not in MESSAGE_TYPES:
        raise ValueError(f"unknown message type {message_type!r}")
    async_to_sync(get_channel_layer().group_send)(
        group, {"type": "broadcast", "message": {"type": message_type, "data": data}}
    )


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
        "started_at": event.started_at.isoformat(),
        "ended_at": event.ended_at.isoformat() if event.ended_at else None,
        "is_fast_path": event.is_fast_path,
        "analysis_source": event.analysis_source,
    }
