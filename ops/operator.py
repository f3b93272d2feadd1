"""An operator alert: something of the system itself turned critical (a disk nearly
full, PostgreSQL out of connections, the GPU overheating). It goes to every enabled
alert channel — webhook (``"type": "operator_alert"``, signed as alerts are), email,
MQTT (``homesec/system/alert``), Web Push — so the household hears of it before uploads
are lost. Each channel is tried once; a failure is logged, not retried (the next
crossing alerts again)."""

import json
import logging
import uuid

from django.conf import settings
from django.utils import timezone

from alerts import transports
from alerts.models import Channel, PushSubscription

log = logging.getLogger(__name__)


def message(item: dict) -> dict:
    return {
        "type": "operator_alert", "alert_id": 0, "event_id": None, "camera_name": "homesec",
        "risk_level": item["severity"], "summary": item["message"], "metric": item["metric"],
        "value": item["value"], "threshold": item["threshold"],
        "time": timezone.now().isoformat(), "url": f"{settings.PUBLIC_URL}/system/",
        "delivery_key": str(uuid.uuid4()), "alert_revision": 0,
    }  # fmt: skip


def _send(channel, data: dict) -> None:
    match channel.kind:
        case "webhook":
            transports.webhook(channel, json.dumps(data, separators=(",", ":")).encode())
        case "email":
            text = f"{data['summary']}\n\nTime: {data['time']}\nSee: {data['url']}\n"
            subject = f"[homesec] {data['risk_level'].upper()}: {data['summary']}"
            transports.email(channel, subject, text)
        case "mqtt":
            transports.mqtt(channel, [("homesec/system/alert", json.dumps(data), 1, False)])
        case "webpush":
            transports.webpush(data, PushSubscription.objects.all())


def send(item: dict) -> int:
    """To every enabled channel; returns how many took it."""
    data = message(item)
    sent = 0
    for channel in Channel.objects.filter(enabled=True):
        try:
            _send(channel, data)
        except transports.DeliveryError as exc:
            log.warning("operator alert to %s failed: %s", channel.shown_host, exc)
            continue
        sent += 1
    log.info("operator alert sent to %d channel(s): %s", sent, item["message"])
    return sent
