"""Web Push to subscribed browsers: VAPID keys generated on first use (kept in the run
directory, mode 0600), the payload encrypted for each browser (pywebpush)."""

import base64
import json
from functools import cache
from pathlib import Path

import requests
from django.conf import settings


@cache
def vapid():
    """The install's VAPID key pair, generated the first time and kept."""
    from py_vapid import Vapid02 as Vapid  # RFC 8292: "Authorization: vapid t=…, k=…"

    path = Path(settings.RUN_DIR) / "secrets" / "vapid_private.pem"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Vapid()
        key.generate_keys()
        path.touch(mode=0o600)
        key.save_key(str(path))
    return Vapid.from_file(str(path))


def public_key() -> str:
    """The application server key a browser subscribes with (base64url, uncompressed)."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = vapid().public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def send(subscription, message: dict) -> int:
    """Push ``message`` to one browser; the push service's HTTP status (201 on success), 0
    when it cannot be reached. A redirect is not followed: its status is the answer."""
    from pywebpush import WebPushException, webpush

    body = {key: message[key] for key in ("type", "alert_id", "event_id", "camera_name",
                                           "risk_level", "summary", "time", "url",
                                           "delivery_key", "alert_revision")}  # fmt: skip
    body.update({key: message[key] for key in ("image", "tag", "actions") if key in message})
    data = fitted(body)
    try:
        with NoRedirects() as session:
            response = webpush(
                {
                    "endpoint": subscription.endpoint,
                    "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                },
                data=data,
                vapid_private_key=vapid(),
                vapid_claims={"sub": settings.VAPID_SUBJECT},
                ttl=3600,
                timeout=10,
                requests_session=session,
            )
    except WebPushException as exc:
        return exc.response.status_code if exc.response is not None else 0
    except requests.RequestException:
        return 0
    return response.status_code


MOST_BYTES = 3000  # a push service takes 4 KB, encryption included


def fitted(body: dict) -> str:
    """The payload within what push services take: a long summary shortened first, then
    the picture and the answers left out (the notification still opens the event)."""
    data = json.dumps(body, ensure_ascii=False)
    if len(data.encode()) > MOST_BYTES:
        body = {**body, "summary": body["summary"][:200]}
        data = json.dumps(body, ensure_ascii=False)
    if len(data.encode()) > MOST_BYTES:
        body = {k: v for k, v in body.items() if k not in ("image", "actions")}
        data = json.dumps(body, ensure_ascii=False)
    return data


class NoRedirects(requests.Session):
    """A session that answers a redirect with itself instead of following it."""

    def request(self, *args, **kwargs):
        return super().request(*args, **{**kwargs, "allow_redirects": False})
