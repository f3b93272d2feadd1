"""Sending one alert message to one channel. Each sender raises on failure; the
delivery task retries with backoff and dead-letters what never gets through."""

import hashlib
import hmac
import json
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.core.mail import EmailMessage

SIGNATURE_HEADER = "X-Homesec-Signature"  # "sha256=" + hex HMAC of the raw body
DELIVERY_HEADER = "X-Homesec-Delivery"  # the delivery's key: the same on every attempt
ALERT_HEADER = "X-Homesec-Alert"
REVISION_HEADER = "X-Homesec-Alert-Revision"  # 0 the alert, 1 its first update, …
TOPIC_PREFIX = "homesec"
DISCOVERY_PREFIX = "homeassistant"


class DeliveryError(Exception):
    """The channel did not take the message; the text says why."""


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def webhook(delivery, message: dict, thumbnail: Path | None) -> None:
    channel = delivery.channel
    body = json.dumps(message, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(channel.secret, body),
        DELIVERY_HEADER: str(delivery.key),
        ALERT_HEADER: str(message["alert_id"]),
        REVISION_HEADER: str(delivery.revision),
    }
    try:
        response = httpx.post(channel.target, content=body, headers=headers, timeout=10)
    except httpx.HTTPError as exc:
        raise DeliveryError(f"cannot reach {channel.shown_host}: {exc}") from None
    if not 200 <= response.status_code < 300:
        raise DeliveryError(f"{channel.shown_host} answered HTTP {response.status_code}")


def email(delivery, message: dict, thumbnail: Path | None) -> None:
    subject = f"[homesec] {message['risk_level'].upper()}: {message['summary']}"
    if message["is_update"]:
        subject = "Update — " + subject
    text = (
        f"{message['summary']}\n\nCamera: {message['camera_name']}\nTime: {message['time']}\n"
        f"Level: {message['risk_level']} ({message['risk_score']}/100)\n\n"
        f"{message['reasoning']}\n\nSee the event: {message['url']}\n"
    )
    if message.get("clip_url"):
        text += f"The clip: {message['clip_url']}\n"
    recipients = [a.strip() for a in delivery.channel.target.split(",") if a.strip()]
    mail = EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, recipients,
                        headers=thread_headers(delivery))  # fmt: skip
    if thumbnail and thumbnail.is_file():
        mail.attach(f"event-{message['event_id']}.jpg", thumbnail.read_bytes(), "image/jpeg")
    try:
        mail.send()
    except OSError as exc:  # smtplib's errors are OSErrors
        raise DeliveryError(f"SMTP {settings.EMAIL_HOST}:{settings.EMAIL_PORT}: {exc}") from None


def message_id(key) -> str:
    return f"<{key}@homesec>"


def thread_headers(delivery) -> dict:
    """Message-ID from the delivery's key (a repeat is the same message); an update
    answers the alert's first message, so mail clients show them as one thread."""
    headers = {"Message-ID": message_id(delivery.key)}
    first = delivery.first_key()
    if first != delivery.key:
        headers["In-Reply-To"] = headers["References"] = message_id(first)
    return headers


def mqtt(delivery, message: dict, thumbnail: Path | None) -> None:
    """The event on ``homesec/<camera>/event`` and the camera's state on
    ``homesec/<camera>/state``, after Home Assistant discovery for that camera."""
    import paho.mqtt.publish as publish

    address = urlsplit(delivery.channel.target)
    camera = message["camera_id"]
    state = {key: message[key] for key in ("risk_level", "risk_score", "summary", "time", "url")}
    discovery = {
        "name": f"{message['camera_name']} risk",
        "unique_id": f"homesec_{camera}_risk",
        "state_topic": f"{TOPIC_PREFIX}/{camera}/state",
        "value_template": "{{ value_json.risk_level }}",
        "json_attributes_topic": f"{TOPIC_PREFIX}/{camera}/state",
        "icon": "mdi:cctv",
        "device": {"identifiers": [f"homesec_{camera}"], "name": message["camera_name"],
                   "manufacturer": "homesec"},
    }  # fmt: skip
    messages = [
        (f"{DISCOVERY_PREFIX}/sensor/homesec_{camera}/risk/config", json.dumps(discovery), 1, True),
        (f"{TOPIC_PREFIX}/{camera}/state", json.dumps(state), 1, True),
        (f"{TOPIC_PREFIX}/{camera}/event", json.dumps(message), 1, False),
    ]
    auth = (
        {"username": address.username, "password": address.password} if address.username else None
    )
    try:  # a client id per delivery (23 characters, MQTT 3.1's most): an alert and its
        # update sent at once do not take each other's session
        publish.multiple(
            messages, hostname=address.hostname, port=address.port or 1883, auth=auth,
            client_id=f"homesec-{delivery.key.hex[:15]}", keepalive=10,
        )  # fmt: skip
    except (OSError, ValueError) as exc:
        raise DeliveryError(
            f"MQTT broker {address.hostname}:{address.port or 1883}: {exc}"
        ) from None


def webpush(delivery, message: dict, thumbnail: Path | None) -> None:
    """Every subscribed browser, each once: the ones reached are remembered on the
    delivery, so a retry goes only to those that failed. Browsers whose subscription the
    push service says is gone (404, 410) are forgotten."""
    from . import webpush as push
    from .models import PushSubscription

    failed = []
    for subscription in PushSubscription.objects.exclude(endpoint__in=delivery.sent_to):
        status = push.send(subscription, message)
        if status in (200, 201, 202):
            delivery.sent_to.append(subscription.endpoint)
            delivery.save(update_fields=["sent_to"])
        elif status in (404, 410):
            subscription.delete()
        else:
            failed.append(f"{urlsplit(subscription.endpoint).hostname}: HTTP {status}")
    if failed:
        raise DeliveryError("push service refused: " + "; ".join(failed))


SENDERS = {"webhook": webhook, "email": email, "mqtt": mqtt, "webpush": webpush}
