"""The digest to the alert channels picked on the Digest settings page (DigestSettings)
and those HOMESEC_DIGEST_CHANNELS names:
email (plain text), webhook (JSON, HMAC-signed as alerts are), MQTT (retained on
``homesec/digest``) and Web Push (every subscribed browser, the first line)."""

from django.conf import settings

from alerts.models import Channel, Delivery
from alerts.senders import TOPIC_PREFIX
from alerts.tasks import queue_prepared

from .models import DigestSettings


def send_to_channels(digest) -> list[str]:
    """A keyed delivery of the digest to each channel (alerts/tasks.py queue_prepared:
    retried, dead-lettered, caught up as alerts are); returns "name: why" of the channels
    it cannot go to."""
    picked = DigestSettings.current().channels.values_list("name", flat=True)
    wanted = [*picked, *(n for n in settings.DIGEST_CHANNELS if n not in picked)]
    found = {c.name: c for c in Channel.objects.filter(name__in=wanted, enabled=True)}
    channels = [found[name] for name in wanted if name in found]
    digest.deliveries.add(*queue_prepared(Delivery.Purpose.DIGEST, prepared(digest), channels))
    return [f"{name}: no enabled channel of that name" for name in wanted if name not in found]


def prepared(digest) -> dict:
    """Its form for every channel kind (alerts/senders.py send_prepared): plain text by
    email, JSON by webhook and MQTT (retained), the first line by Web Push."""
    return {
        "subject": f"[homesec] {_subject(digest)}",
        "text": digest.text,
        "body": as_data(digest),
        "topic": f"{TOPIC_PREFIX}/digest",
        "retain": True,
        "push": _push_message(digest),
    }


def _subject(digest) -> str:
    return digest.text.splitlines()[0]


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
        "alert_revision": 0,
    }


def as_data(digest) -> dict:
    return {"type": "digest", "id": digest.pk, "text": digest.text, **digest.data}
