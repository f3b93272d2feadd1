"""How a message leaves homesec: one transport per channel kind (webhook, email, MQTT, Web
Push). Alerts (alerts/senders.py), operator alerts (ops/operator.py) and the digest
(reports/digest_send.py) build their messages and hand them here. Every transport raises
DeliveryError saying why; only here is a browser whose subscription the push service says
is gone (404, 410) forgotten.

Where a message may go: a webhook or MQTT broker (set by an admin) at a public address or
in HOMESEC_CHANNEL_NETWORKS (the home's private networks by default: Home Assistant on
192.168.x is normal; loopback and link-local are not); a push endpoint (set by any
signed-in browser) only over https, at a public address or in HOMESEC_PUSH_NETWORKS (none
by default). The name is resolved and every address it has is checked before anything is
sent, and no redirect is followed. Each channel, push service and the SMTP server sends
through a circuit breaker: after 5 failures in a row it is not tried for 30 s."""

import contextlib
import hashlib
import hmac
import ipaddress
import random
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.core.mail import EmailMessage

from homesec.circuit import CircuitBreaker

from . import webpush as push

SIGNATURE_HEADER = "X-Homesec-Signature"  # "sha256=" + hex HMAC of the raw body
MQTT_PORT = 1883
PUSHED = (200, 201, 202)
GONE = (404, 410)


class DeliveryError(Exception):
    """The channel did not take the message; the text says why."""


class CircuitOpen(DeliveryError):
    """The channel was not tried: its circuit is open (it failed again and again, and
    rests). ``retry_in``: seconds until it is tried again."""

    def __init__(self, message: str, retry_in: float):
        super().__init__(message)
        self.retry_in = retry_in


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def refusal(host: str | None, networks: list[str], setting: str, *,
            unresolved_ok: bool = False) -> str | None:  # fmt: skip
    """Why ``host`` is no place to send to, or None: each of its addresses must be public
    or inside one of ``networks``. A name that does not resolve is refused unless
    ``unresolved_ok`` (when a target is saved: it is checked again when used)."""
    if not host:
        return "no host named"
    try:
        found = {
            str(info[4][0]) for info in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        }
    except (OSError, UnicodeError) as exc:
        return None if unresolved_ok else f"{host} does not resolve ({exc})"
    allowed = [ipaddress.ip_network(network, strict=False) for network in networks]
    for text in sorted(found):
        address = ipaddress.ip_address(text.partition("%")[0])
        if address.is_global or any(address in network for network in allowed):
            continue
        kind = (
            "loopback"
            if address.is_loopback
            else "link-local"
            if address.is_link_local
            else "private"
            if address.is_private
            else "reserved"
        )
        return f"{host} is {address}, a {kind} address ({setting} lists the networks allowed)"
    return None


def channel_target_refusal(host: str | None, *, unresolved_ok: bool = False) -> str | None:
    """Why an admin's webhook or MQTT host is refused, or None."""
    return refusal(
        host, settings.CHANNEL_NETWORKS, "HOMESEC_CHANNEL_NETWORKS", unresolved_ok=unresolved_ok
    )


def check_channel_target(host: str | None) -> None:
    if why := channel_target_refusal(host):
        raise DeliveryError(why)


def push_endpoint_refusal(endpoint: str, *, unresolved_ok: bool = False) -> str | None:
    """Why a browser's push endpoint is refused, or None."""
    address = urlsplit(endpoint)
    if address.scheme != "https":
        return "a push endpoint is an https:// URL"
    return refusal(
        address.hostname,
        settings.PUSH_NETWORKS,
        "HOMESEC_PUSH_NETWORKS",
        unresolved_ok=unresolved_ok,
    )


@contextlib.contextmanager
def circuit(name: str, shown: str):
    """Send through the circuit ``name`` (homesec/circuit.py): refused at once while it is
    open; a DeliveryError inside counts as a failure, getting through as a success."""
    breaker = CircuitBreaker(name)
    if not breaker.allow():
        raise CircuitOpen(
            f"{shown} failed {breaker.failure_threshold} times in a row: not tried for "
            f"{breaker.recovery_seconds:g} s (circuit {name} open)",
            # until its probe's turn, or (another call holds that turn) a moment; spread
            # so that the deliveries waiting do not all come back at once
            (breaker.resting_for() or 5.0) + random.uniform(0, 2),
        )
    try:
        yield
    except DeliveryError:
        breaker.record_failure()
        raise
    breaker.record_success()


def webhook(channel, body: bytes, headers: dict | None = None) -> None:
    """POST ``body`` (JSON) to the channel's URL, signed with its secret. A redirect is an
    answer like any other that is not 2xx: refused."""
    check_channel_target(urlsplit(channel.target).hostname)
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(channel.secret, body),
        **(headers or {}),
    }
    with circuit(f"channel-{channel.pk}", channel.shown_host):
        try:
            response = httpx.post(
                channel.target, content=body, headers=headers, timeout=10, follow_redirects=False
            )
        except httpx.HTTPError as exc:
            raise DeliveryError(f"cannot reach {channel.shown_host}: {exc}") from None
        if not 200 <= response.status_code < 300:
            raise DeliveryError(f"{channel.shown_host} answered HTTP {response.status_code}")


def recipients(channel) -> list[str]:
    return [address.strip() for address in channel.target.split(",") if address.strip()]


def email(channel, subject: str, text: str, *, headers: dict | None = None,
          attachment: tuple[str, bytes, str] | None = None) -> None:  # fmt: skip
    """Plain text mail to the channel's addresses; ``attachment``: (name, bytes, type)."""
    mail = EmailMessage(
        subject, text, settings.DEFAULT_FROM_EMAIL, recipients(channel), headers=headers
    )
    if attachment:
        mail.attach(*attachment)
    server = f"SMTP {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    with circuit(f"smtp-{settings.EMAIL_HOST}:{settings.EMAIL_PORT}", server):
        try:
            mail.send()
        except OSError as exc:  # smtplib's errors are OSErrors
            raise DeliveryError(f"{server}: {exc}") from None


def mqtt(channel, messages: list, *, client_id: str = "") -> None:
    """Publish ``messages``, each (topic, payload, qos, retain), to the channel's broker."""
    import paho.mqtt.publish as publish  # the worker that sends, not every importer, loads it

    address = urlsplit(channel.target)
    check_channel_target(address.hostname)
    port = address.port or MQTT_PORT
    auth: publish.AuthParameter | None = None
    if address.username:
        auth = {"username": address.username, "password": address.password or ""}
    with circuit(f"channel-{channel.pk}", f"MQTT broker {address.hostname}:{port}"):
        try:
            publish.multiple(
                messages,
                hostname=address.hostname,
                port=port,
                auth=auth,
                client_id=client_id,
                keepalive=10,
            )
        except (OSError, ValueError) as exc:
            raise DeliveryError(f"MQTT broker {address.hostname}:{port}: {exc}") from None


def webpush(message: dict, subscriptions: Iterable,
            reached: Callable[[str], None] = lambda endpoint: None,
            personal: Callable[[dict, object], dict] | None = None) -> None:  # fmt: skip
    """``message`` to each of ``subscriptions`` (PushSubscription rows), as
    ``personal(message, subscription)`` makes it for each when given; ``reached(endpoint)``
    after each that took it. A subscription the push service says is gone is deleted;
    DeliveryError names those that refused (CircuitOpen when none was tried)."""
    failed, resting = [], []
    for subscription in subscriptions:
        if why := push_endpoint_refusal(subscription.endpoint):
            failed.append(why)
            continue
        address = urlsplit(subscription.endpoint)
        host, service = address.hostname, f"{address.hostname}:{address.port or 443}"
        try:
            with circuit(f"push-{service}", f"push service {service}"):
                sent = personal(message, subscription) if personal else message
                status = push.send(subscription, sent)
                if status not in PUSHED + GONE:
                    raise DeliveryError(
                        f"{host}: HTTP {status}" if status else f"{host}: unreachable"
                    )
        except CircuitOpen as rests:
            resting.append(rests)
            continue
        except DeliveryError as refused:
            failed.append(str(refused))
            continue
        if status in PUSHED:
            reached(subscription.endpoint)
        else:
            subscription.delete()
    if failed:
        raise DeliveryError("push service refused: " + "; ".join(failed + list(map(str, resting))))
    if resting:
        raise CircuitOpen("; ".join(map(str, resting)), max(r.retry_in for r in resting))
