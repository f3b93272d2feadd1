"""The digest to the alert channels picked on the Digest settings page (DigestSettings)
and those HOMESEC_DIGEST_CHANNELS names:
email (plain text), webhook (JSON, HMAC-signed as alerts are), MQTT (retained on
``homesec/digest``) and Web Push (every subscribed browser, the first line)."""

import json
import logging

from django.conf import settings

from alerts import transports
from alerts.models import Channel, PushSubscription
from alerts.senders import TOPIC_PREFIX

from .models import DigestSettings

log = logging.getLogger(__name__)


def send_to_channels(digest) -> tuple[list[str], list[str]]:
    """(names of channels reached, "name: why" of those not)."""
    reached, failed = [], []
    picked = DigestSettings.current().channels.values_list("name", flat=True)
    wanted = [*picked, *(n for n in settings.DIGEST_CHANNELS if n not in picked)]
    found = {c.name: c for c in Channel.objects.filter(name__in=wanted, enabled=True)}
    for name in wanted:
        channel = found.get(name)
        if channel is None:
            failed.append(f"{name}: no enabled channel of that name")
            continue
        try:
            _send(channel, digest)
        except transports.DeliveryError as exc:  # one failing does not stop the others
            log.warning("digest to %s failed: %s", channel, exc)
            failed.append(f"{name}: {exc}")
        else:
            reached.append(name)
    return reached, failed


def _subject(digest) -> str:
    return digest.text.splitlines()[0]


def _send(channel, digest) -> None:
    match channel.kind:
        case "email":
            transports.email(channel, f"[homesec] {_subject(digest)}", digest.text)
        case "webhook":
            transports.webhook(channel, as_json(digest).encode())
        case "mqtt":
            transports.mqtt(channel, [(f"{TOPIC_PREFIX}/digest", as_json(digest), 1, True)])
        case "webpush":
            transports.webpush(_push_message(digest), PushSubscription.objects.all())


def _push_message(digest) -> dict:
    """Every subscribed browser gets the digest's first line."""
    top = max(
        (c for c in digest.data["cameras"] if c["notable"]),
        default=None,
        key=lambda c: len(c["notable"]),
    )
    return {
        "type": "digest",
        "alert_id": None,
        "event_id": None,
        "camera_name": "homesec",
        "risk_level": "high" if top else "low",
        "summary": digest.text.splitlines()[1],
        "time": digest.period_end.isoformat(),
        "url": settings.PUBLIC_URL + "/",
        "delivery_key": f"digest-{digest.pk}",
        "alert_revision": 0,
    }


def as_json(digest) -> str:
    return json.dumps({"type": "digest", "id": digest.pk, "text": digest.text, **digest.data})
