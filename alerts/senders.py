"""Sending one message to one channel: an alert in its form for each kind, or a message
another app prepared (send_prepared), handed to its transport (alerts/transports.py), which
raises DeliveryError on failure; the delivery task retries with backoff and dead-letters
what never gets through."""

import json
from pathlib import Path

from . import actions, transports
from .models import PushSubscription

DELIVERY_HEADER = "X-Homesec-Delivery"  # the delivery's key: the same on every attempt
ALERT_HEADER = "X-Homesec-Alert"
REVISION_HEADER = "X-Homesec-Alert-Revision"  # 0 the alert, 1 its first update, …
TOPIC_PREFIX = "homesec"
DISCOVERY_PREFIX = "homeassistant"


def send(delivery, message: dict, thumbnail: Path | None) -> None:
    """``message`` to the delivery's channel, in that kind's form."""
    channel = delivery.channel
    match channel.kind:
        case "webhook":
            body = json.dumps(message, separators=(",", ":")).encode()
            transports.webhook(
                channel,
                body,
                {
                    DELIVERY_HEADER: str(delivery.key),
                    ALERT_HEADER: str(message["alert_id"]),
                    REVISION_HEADER: str(delivery.revision),
                },
            )
        case "email":
            transports.email(
                channel,
                subject(message),
                text(message, actions.links(delivery.alert_id)),
                headers=thread_headers(delivery),
                attachment=picture(message, thumbnail),
            )
        case "mqtt":
            # a client id per delivery (23 characters, MQTT 3.1's most): an alert and its
            # update sent at once do not take each other's session
            transports.mqtt(
                channel, home_assistant(message), client_id=f"homesec-{delivery.key.hex[:15]}"
            )
        case "webpush":
            _webpush(delivery, message)
        case kind:
            raise transports.DeliveryError(f"no transport for channel kind {kind!r}")


def send_prepared(delivery) -> None:
    """A message another app prepared (an operator alert, the digest: ``delivery.message``
    holds its subject, text, JSON body, MQTT topic and retain flag, and push data) to the
    delivery's channel, with the delivery's key as an alert's is sent."""
    prepared, channel, key = delivery.message, delivery.channel, str(delivery.key)
    body = {**prepared["body"], "delivery_key": key}
    match channel.kind:
        case "webhook":
            encoded = json.dumps(body, separators=(",", ":")).encode()
            transports.webhook(channel, encoded, {DELIVERY_HEADER: key})
        case "email":
            headers = {"Message-ID": message_id(delivery.key)}
            transports.email(channel, prepared["subject"], prepared["text"], headers=headers)
        case "mqtt":
            topic = (prepared["topic"], json.dumps(body), 1, prepared["retain"])
            transports.mqtt(channel, [topic], client_id=f"homesec-{delivery.key.hex[:15]}")
        case "webpush":
            _webpush(delivery, {**prepared["push"], "delivery_key": key})
        case kind:
            raise transports.DeliveryError(f"no transport for channel kind {kind!r}")


def _webpush(delivery, message: dict) -> None:
    """Each browser once: those reached are kept on the delivery, so a retry goes only to
    those that failed."""

    def reached(endpoint: str) -> None:
        delivery.sent_to.append(endpoint)
        delivery.save(update_fields=["sent_to"])

    browsers = PushSubscription.objects.exclude(endpoint__in=delivery.sent_to)
    alert = message["type"] in ("alert", "alert_updated")
    transports.webpush(message, browsers, reached=reached, personal=with_answers if alert else None)


def with_answers(message: dict, subscription) -> dict:
    """The alert as one browser's notification: with its picture, its tag (an update of
    the alert, an incident's later camera included, replaces it) and its actions — Open,
    and the answers this browser's user may give, their links made for them (so the
    feedback is theirs)."""
    links = actions.links(message["alert_id"], user=subscription.user)  # what they may do
    choices = [{"action": "open", "title": "Open", "url": message["url"]}]
    if "looks_fine" in links:
        choices.insert(0, {"action": "looks_fine", "title": actions.title("looks_fine"),
                           "url": links["looks_fine"]})  # fmt: skip
    if "snooze" in links:
        choices.append({"action": "snooze", "title": actions.title("snooze"),
                        "url": links["snooze"]})  # fmt: skip
    tag = f"alert-{message['alert_id']}"
    return {**message, "image": message.get("picture_url"), "tag": tag, "actions": choices}


def subject(message: dict) -> str:
    line = f"[homesec] {message['risk_level'].upper()}: {message['summary']}"
    return "Update — " + line if message["is_update"] else line


def text(message: dict, answers: dict[str, str]) -> str:
    """The email's text: the event, its links, and its answers (each works once)."""
    body = (
        f"{message['summary']}\n\nCamera: {message['camera_name']}\nTime: {message['time']}\n"
        f"Level: {message['risk_level']} ({message['risk_score']}/100)\n\n"
        f"{message['reasoning']}\n\nSee the event: {message['url']}\n"
    )
    if message.get("clip_url"):
        body += f"The clip: {message['clip_url']}\n"
    body += "\nAnswer without logging in (each link works once):\n"
    for action, url in answers.items():
        body += f"{actions.title(action)}: {url}\n"
    return body


def picture(message: dict, thumbnail: Path | None) -> tuple[str, bytes, str] | None:
    if thumbnail and thumbnail.is_file():
        return (f"event-{message['event_id']}.jpg", thumbnail.read_bytes(), "image/jpeg")
    return None


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


def with_answer_topic(message: dict) -> dict:
    """An automation answers the alert by publishing looks_fine or snooze there (the
    bridge, alerts/ha_bridge.py, carries it out)."""
    return {**message, "answer_topic": f"{TOPIC_PREFIX}/alert/{message['alert_id']}/answer"}


def home_assistant(message: dict) -> list[tuple[str, str, int, bool]]:
    """The event on ``homesec/<camera>/event`` and the camera's state on
    ``homesec/<camera>/state``, after Home Assistant discovery for that camera."""
    camera = message["camera_id"]
    state = {key: message[key] for key in ("risk_level", "risk_score", "summary", "time", "url")}
    discovery = {
        "name": f"{message['camera_name']} risk",
        "unique_id": f"homesec_{camera}_risk",
        "state_topic": f"{TOPIC_PREFIX}/{camera}/state",
        "value_template": "{{ value_json.risk_level }}",
        "json_attributes_topic": f"{TOPIC_PREFIX}/{camera}/state",
        "icon": "mdi:cctv",
        "device": {
            "identifiers": [f"homesec_{camera}"],
            "name": message["camera_name"],
            "manufacturer": "homesec",
        },
    }
    return [
        (f"{DISCOVERY_PREFIX}/sensor/homesec_{camera}/risk/config", json.dumps(discovery), 1, True),
        (f"{TOPIC_PREFIX}/{camera}/state", json.dumps(state), 1, True),
        (f"{TOPIC_PREFIX}/{camera}/event", json.dumps(with_answer_topic(message)), 1, False),
    ]
