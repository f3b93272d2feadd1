"""The digest to the alert channels picked on the Digest settings page (DigestSettings)
and those HOMESEC_DIGEST_CHANNELS names:
email (plain text), webhook (JSON, HMAC-signed as alerts are), MQTT (retained on
``homesec/digest``) and Web Push (every subscribed browser, the first line)."""

import logging

import httpx
from django.conf import settings
from django.core.mail import EmailMessage

from alerts.models import Channel, PushSubscription
from alerts.senders import SIGNATURE_HEADER, TOPIC_PREFIX, sign

log = logging.getLogger(__name__)


def send_to_channels(digest) -> tuple[list[str], list[str]]:
    """(names of channels reached, "name: why" of those not)."""
    from .models import DigestSettings

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
            SEND[channel.kind](channel, digest)
        except Exception as exc:  # one channel failing does not stop the others
            log.warning("digest to %s failed: %s", channel, exc)
            failed.append(f"{name}: {exc}")
        else:
            reached.append(name)
    return reached, failed


def _subject(digest) -> str:
    return digest.text.splitlines()[0]


def email(channel, digest) -> None:
    recipients = [a.strip() for a in channel.target.split(",") if a.strip()]
    EmailMessage(f"[homesec] {_subject(digest)}", digest.text, settings.DEFAULT_FROM_EMAIL,
                 recipients).send()  # fmt: skip


def webhook(channel, digest) -> None:
    from .digest import as_json

    body = as_json(digest).encode()
    headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(channel.secret, body)}
    response = httpx.post(channel.target, content=body, headers=headers, timeout=10)
    if not 200 <= response.status_code < 300:
        raise RuntimeError(f"{channel.shown_host} answered HTTP {response.status_code}")


def mqtt(channel, digest) -> None:
    from urllib.parse import urlsplit

    import paho.mqtt.publish as publish

    from .digest import as_json

    address = urlsplit(channel.target)
    auth = (
        {"username": address.username, "password": address.password} if address.username else None
    )
    publish.single(f"{TOPIC_PREFIX}/digest", as_json(digest), qos=1, retain=True,
                   hostname=address.hostname, port=address.port or 1883, auth=auth)  # fmt: skip


def webpush(channel, digest) -> None:
    from alerts import webpush as push

    top = max((c for c in digest.data["cameras"] if c["notable"]), default=None,
              key=lambda c: len(c["notable"]))  # fmt: skip
    message = {
        "type": "digest", "alert_id": None, "event_id": None, "camera_name": "homesec",
        "risk_level": "high" if top else "low", "summary": digest.text.splitlines()[1],
        "time": digest.period_end.isoformat(), "url": settings.PUBLIC_URL + "/",
        "delivery_key": f"digest-{digest.pk}", "alert_revision": 0,
    }  # fmt: skip
    refused = [s.endpoint for s in PushSubscription.objects.all()
               if push.send(s, message) not in (200, 201, 202)]  # fmt: skip
    if refused:
        raise RuntimeError(f"{len(refused)} browser(s) refused it")


SEND = {"email": email, "webhook": webhook, "mqtt": mqtt, "webpush": webpush}
