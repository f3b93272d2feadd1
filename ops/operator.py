"""An operator alert: something of the system itself turned critical (a disk nearly
full, PostgreSQL out of connections, the GPU overheating). It goes to every enabled
alert channel — webhook (``"type": "operator_alert"``, signed as alerts are), email,
MQTT (``homesec/system/alert``), Web Push — so the household hears of it before uploads
are lost. Each channel's message is a keyed delivery (alerts/tasks.py queue_prepared):
stored, retried with backoff, dead-lettered after its retries, caught up after a restart."""

import logging

from django.conf import settings
from django.utils import timezone

from alerts.models import Channel, Delivery
from alerts.tasks import queue_prepared

log = logging.getLogger(__name__)


def message(item: dict) -> dict:
    """A camera's own warning (ops/view_changes.py) names the camera, links to its page
    and carries its pictures; the system's links to the System page."""
    return {
        "type": "operator_alert", "alert_id": 0, "event_id": None,
        "camera_name": item.get("camera_name", "homesec"),
        "risk_level": item["severity"], "summary": item["message"], "metric": item["metric"],
        "value": item["value"], "threshold": item["threshold"],
        "time": timezone.now().isoformat(),
        "url": item.get("url", f"{settings.PUBLIC_URL}/system/"),
        "images": item.get("images", {}),
        "alert_revision": 0,
    }  # fmt: skip


def prepared(item: dict) -> dict:
    """Its form for every channel kind (alerts/senders.py send_prepared)."""
    data = message(item)
    return {
        "subject": f"[homesec] {data['risk_level'].upper()}: {data['summary']}",
        "text": f"{data['summary']}\n\nTime: {data['time']}\nSee: {data['url']}\n"
        + "".join(f"{name.capitalize()}: {url}\n" for name, url in data["images"].items() if url),
        "body": data,
        "topic": "homesec/system/alert",
        "retain": False,
        "push": data,
    }


def send(item: dict) -> int:
    """A delivery to every enabled channel; returns how many."""
    channels = Channel.objects.filter(enabled=True)
    queued = queue_prepared(Delivery.Purpose.OPERATOR, prepared(item), channels)
    log.info("operator alert queued to %d channel(s): %s", len(queued), item["message"])
    return len(queued)
