"""A push notification's answers in Chromium with homesec's real service worker: the alert
goes through a local HTTPS push service (which decrypts it with the browser's key, as a
real one forwards it), Chromium's DevTools hand that payload to the service worker as a
push, the worker shows the notification with the event's picture, its tag and its
answers, and the *Looks fine* link it holds records the false alarm for that user, sent
as the worker sends it (no cookie). Headless Chromium cannot click a notification; the
worker's click handler sends the same request."""

import json
import os
from http.server import BaseHTTPRequestHandler

import pytest
from PIL import Image

from alerts.models import Channel, Delivery
from alerts.tasks import evaluate_event
from detection.thumbnails import save_thumbnail
from events.models import Feedback
from runner import processes
from tests import factories
from tests.alerts.conftest import tls_push_service  # noqa: F401  (fixture)
from tests.alerts.helpers import judged, rule
from tests.alerts.test_alerts import b64url
from tests.web.test_pages import (  # noqa: F401  (fixtures)
    browser,
    page,
    roots,
    site,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_pushed_alert_shows_its_picture_and_answers_and_looks_fine_is_recorded(
    page,  # noqa: F811
    celery_worker,
    tls_push_service,  # noqa: F811
    settings,
):
    import http_ece
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    pushed = []

    class PushService(BaseHTTPRequestHandler):
        def do_POST(self):
            pushed.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(201)
            self.end_headers()

        def log_message(self, *args):
            pass

    service, origin = tls_push_service(PushService)
    page.context.grant_permissions(["notifications"])
    page.goto("/")
    settings.PUBLIC_URL = site_origin(page)  # the links in the alert lead to this site
    page.evaluate("navigator.serviceWorker.register('/sw.js')")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda update: registrations.extend(update["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(100):  # DevTools' events arrive while Playwright waits, not in a sleep
        if any(r["scopeURL"].endswith("/") and not r["isDeleted"] for r in registrations):
            break
        page.wait_for_timeout(100)

    browser_key, secret = ec.generate_private_key(ec.SECP256R1()), os.urandom(16)
    point = browser_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    subscribed = page.evaluate(
        """async ([endpoint, p256dh, auth]) => (await fetch("/api/push-subscriptions/", {
            method: "POST", credentials: "same-origin",
            headers: {"Content-Type": "application/json",
                      "X-CSRFToken": document.querySelector("meta[name=csrf-token]").content},
            body: JSON.stringify({endpoint, keys: {p256dh, auth}}),
        })).status""",
        [origin + "/push/phone", b64url(point), b64url(secret)],
    )
    assert subscribed == 201
    rule(channels=[Channel.objects.create(name="browsers", kind="webpush")])
    event = judged(factories.camera("Back Door"), score=90)
    detection = event.detections.get()
    detection.thumbnail_path = save_thumbnail(
        Image.new("RGB", (160, 100), "orange"), f"thumbnails/{detection.pk}.jpg"
    )
    detection.save(update_fields=["thumbnail_path"])
    try:
        evaluate_event.delay(event.pk).get(timeout=10)
        assert processes.wait_until(
            lambda: Delivery.objects.filter(status="delivered").exists(), timeout=20
        )
    finally:
        service.shutdown()
    payload = http_ece.decrypt(
        pushed[0], private_key=browser_key, auth_secret=secret, version="aes128gcm"
    ).decode()

    worker = next(r for r in registrations if r["scopeURL"].endswith("/") and not r["isDeleted"])
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": site_origin(page), "registrationId": worker["registrationId"], "data": payload},
    )
    shown = page.evaluate(
        """async () => {
            const registration = await navigator.serviceWorker.ready;
            for (let i = 0; i < 50; i++) {
                const [n] = await registration.getNotifications();
                if (n) return {title: n.title, body: n.body, tag: n.tag, image: n.image,
                               actions: n.actions.map((a) => a.title), data: n.data};
                await new Promise((done) => setTimeout(done, 100));
            }
        }"""
    )
    assert shown["title"] == "CRITICAL: Back Door"
    assert shown["body"] == "Person at Back Door"
    assert shown["tag"] == f"alert-{json.loads(payload)['alert_id']}"
    assert shown["actions"] == ["Looks fine", "Snooze this camera for 1 h"]  # the body opens
    picture = page.evaluate(
        """async (url) => { const r = await fetch(url, {credentials: "omit"});
                            return [r.status, r.headers.get("content-type")]; }""",
        shown["image"],
    )
    assert picture == [200, "image/jpeg"]  # the notification fetches it without a login

    answered = page.evaluate(
        """async (url) => (await fetch(url, {method: "POST", credentials: "omit",
                                               headers: {Accept: "application/json"}})).json()""",
        shown["data"]["answers"]["looks_fine"],
    )
    assert "looks fine" in answered["done"]
    feedback = Feedback.objects.get(event=event)
    assert (feedback.verdict, feedback.user.username) == ("false_alarm", "resident")
    page.goto(f"/events/{event.pk}/")
    assert "false alarm" in page.locator("main").inner_text().lower()


def site_origin(tab) -> str:
    return tab.evaluate("location.origin")
