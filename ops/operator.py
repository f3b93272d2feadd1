"""An operator alert: something of the system itself turned critical (a disk nearly
full, PostgreSQL out of connections, the GPU overheating). It goes to every enabled
alert channel — webhook (``"type": "operator_alert"``, signed as alerts are), email,
MQTT (``homesec/system/alert``), Web Push — so the household hears of it before uploads
are lost. Each channel is tried once; a failure is logged, not retried (the next
crossing alerts again)."""

import json
import logging
import uuid

import httpx
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from alerts.models import Channel
from alerts.senders import SIGNATURE_HEADER, sign

log = logging.getLogger(__name__)


def message(item: dict) -> dict:
    return {
        "type": "operator_alert", "alert_id": 0, "event_id": None, "camera_name": "homesec",
        "risk_level": item["severity"], "summary": item["message"], "metric": item["metric"],
        "value": item["value"], "threshold": item["threshold"],
        "time": timezone.now().isoformat(), "url": f"{settings.PUBLIC_URL}/system/",
        "delivery_key": str(uuid.uuid4()), "alert_revision": 0,
    }  # fmt: skip


def _webhook(channel, data):
    body = json.dumps(data, separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(channel.secret, body)}
    httpx.post(channel.target, content=body, headers=headers, timeout=10).raise_for_status()


def _email(channel, data):
    recipients = [a.strip() for a in channel.target.split(",") if a.strip()]
    text = f"{data['summary']}\n\nTime: {data['time']}\nSee: {data['url']}\n"
    send_mail(f"[homesec] {data['risk_level'].upper()}: {data['summary']}", text,
              settings.DEFAULT_FROM_EMAIL, recipients)  # fmt: skip


def _mqtt(channel, data):
    from urllib.parse import urlsplit

    import paho.mqtt.publish as publish

    address = urlsplit(channel.target)
    auth = (
        {"username": address.username, "password": address.password} if address.username else None
    )
    publish.single("homesec/system/alert", json.dumps(data), qos=1, hostname=address.hostname,
                   port=address.port or 1883, auth=auth, keepalive=10)  # fmt: skip


def _webpush(channel, data):
    from alerts import webpush
    from alerts.models import PushSubscription

    for subscription in PushSubscription.objects.all():
        webpush.send(subscription, data)


SENDERS = {"webhook": _webhook, "email": _email, "mqtt": _mqtt, "webpush": _webpush}


def send(item: dict) -> int:
    """To every enabled channel; returns how many took it."""
    data = message(item)
    sent = 0
    for channel in Channel.objects.filter(enabled=True):
        try:
            SENDERS[channel.kind](channel, data)
        except Exception as exc:
            log.warning("operator alert to %s failed: %s", channel.shown_host, exc)
            continue
        sent += 1
    log.info("operator alert sent to %d channel(s): %s", sent, item["message"])
    return sent
