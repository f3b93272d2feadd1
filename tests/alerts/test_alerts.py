"""Alerts: rules choose, one activity alerts once (then updates), and real receivers —
an HTTP server, an SMTP server, an MQTT broker — get the messages."""

import email
import json
import time
from datetime import datetime
from datetime import time as clock
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from alerts.engine import in_schedule, matching_rules
from alerts.models import Alert, AlertRule, Channel, Delivery, HouseMode, PushSubscription
from alerts.tasks import evaluate_event
from cameras.models import Zone
from events.models import Feedback
from homesec.models import DeadLetter
from homesec.roles import make_member
from runner import processes
from tests import factories
from tests.media import jpeg_bytes

from .helpers import judged, rule

pytestmark = pytest.mark.django_db(transaction=True)


# --- rules --------------------------------------------------------------------------


def test_each_condition_filters():
    front, back = factories.camera("Front Door"), factories.camera("Back Door")
    step = Zone.objects.create(
        camera=back, name="Step", kind="entry_point", polygon=[[0, 0], [1, 0], [1, 1]]
    )
    by_score = rule("score", min_risk_score=60)
    by_label = rule("cars", min_risk_score=0, object_types=["car"])
    by_camera = rule("back door", min_risk_score=0, cameras=[back])
    by_zone = rule("the step", min_risk_score=0, zones=[step])
    by_mode = rule("away", min_risk_score=0, modes=["away", "vacation"])
    rule("disabled", min_risk_score=0, enabled=False)

    person_front = judged(front, score=65)
    assert set(matching_rules(person_front, "home")) == {by_score}
    assert set(matching_rules(person_front, "away")) == {by_score, by_mode}
    car_back = judged(back, score=20, label="car")
    assert set(matching_rules(car_back, "home")) == {by_label, by_camera}
    on_step = judged(back, score=20, zone=step)
    assert set(matching_rules(on_step, "home")) == {by_camera, by_zone}


def test_the_schedule_knows_days_hours_and_nights_that_cross_midnight():
    tz = timezone.get_current_timezone()
    night = AlertRule(name="weeknights", days=["fri"], start_time=clock(22), end_time=clock(6))
    assert in_schedule(night, datetime(2026, 11, 20, 23, 30, tzinfo=tz))  # Friday night
    assert in_schedule(night, datetime(2026, 11, 21, 2, 0, tzinfo=tz))  # …into Saturday
    assert not in_schedule(night, datetime(2026, 11, 21, 23, 0, tzinfo=tz))  # Saturday night
    assert not in_schedule(night, datetime(2026, 11, 20, 12, 0, tzinfo=tz))  # Friday noon
    office = AlertRule(name="office", start_time=clock(9), end_time=clock(17))
    assert in_schedule(office, datetime(2026, 11, 22, 9, 0, tzinfo=tz))
    assert not in_schedule(office, datetime(2026, 11, 22, 17, 0, tzinfo=tz))


def test_the_house_mode_decides(celery_worker):
    away_only = rule("away only", min_risk_score=0, modes=["away"])
    cam = factories.camera()
    evaluate_event.delay(judged(cam).pk).get(timeout=10)
    assert not Alert.objects.exists()
    HouseMode.objects.update_or_create(pk=1, defaults={"mode": "away"})
    evaluate_event.delay(judged(cam).pk).get(timeout=10)
    assert Alert.objects.get().rule == away_only


# --- once, then updates -----------------------------------------------------------------


def test_a_cooldown_suppresses_repeats_per_camera(receiver, celery_worker):
    hook = Channel.objects.create(name="hook", kind="webhook", target=receiver.url)
    rule(cooldown_seconds=600, channels=[hook])
    front, back = factories.camera("Front Door"), factories.camera("Back Door")
    for event in (judged(front), judged(front), judged(back)):
        evaluate_event.delay(event.pk).get(timeout=10)
    assert receiver.wait_for(2)
    time.sleep(0.5)
    assert [m["camera_id"] for m in receiver.accepted] == ["front_door", "back_door"]
    assert Alert.objects.filter(suppressed=True).count() == 1  # recorded, not sent
    assert Delivery.objects.count() == 2


def test_fast_path_then_full_analysis_is_one_alert_and_one_update(receiver, celery_worker):
    hook = Channel.objects.create(name="hook", kind="webhook", target=receiver.url)
    rule(channels=[hook])
    event = judged(factories.camera("Back Door"), score=70, summary="Person at Back Door, 02:14")
    evaluate_event.delay(event.pk).get(timeout=10)
    event.analysis_source = "fallback"  # the batch closed; the LLM was down: same words
    event.save()
    evaluate_event.delay(event.pk).get(timeout=10)
    event.analysis_source, event.risk_score = "llm", 90
    event.summary = "A stranger lingered at the back door at 2 am and tried the handle"
    event.save()
    evaluate_event.delay(event.pk).get(timeout=10)
    assert receiver.wait_for(2)
    time.sleep(0.5)
    first, update = receiver.accepted
    assert (first["type"], first["risk_level"]) == ("alert", "high")
    assert first["summary"] == "Person at Back Door, 02:14"
    assert (update["type"], update["risk_level"]) == ("alert_updated", "critical")
    assert update["alert_id"] == first["alert_id"]
    assert update["summary"].startswith("A stranger lingered")
    assert Alert.objects.get().updates == 1


# --- webhook ------------------------------------------------------------------------------


def test_a_receiver_that_fails_twice_gets_exactly_one_signed_delivery(
    receiver, quick_retries, celery_worker
):
    hook = Channel.objects.create(name="hook", kind="webhook", target=receiver.url)
    rule(channels=[hook])
    receiver.failures_left = 2
    event = judged(factories.camera("Back Door"))
    evaluate_event.delay(event.pk).get(timeout=10)
    assert receiver.wait_for(1)
    time.sleep(1)
    assert (receiver.requests, receiver.bad_signatures, len(receiver.accepted)) == (3, 0, 1)
    message = receiver.accepted[0]
    assert message["event_id"] == event.pk
    assert message["camera_name"] == "Back Door"
    assert message["risk_level"] == "high"
    assert message["url"].endswith(f"/events/{event.pk}/")
    assert message["thumbnail"] is None  # this test's upload has no thumbnail file
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)


def test_a_receiver_that_never_answers_well_ends_dead_lettered(receiver, quick_retries,
                                                                celery_worker):  # fmt: skip
    hook = Channel.objects.create(name="hook", kind="webhook", target=receiver.url)
    rule(channels=[hook])
    receiver.failures_left = 100
    evaluate_event.delay(judged(factories.camera()).pk).get(timeout=10)
    assert processes.wait_until(lambda: Delivery.objects.filter(status="dead").exists(), timeout=30)
    delivery = Delivery.objects.get()
    assert delivery.attempts == 4  # the first try and 3 retries
    assert "HTTP 503" in delivery.last_error
    letter = DeadLetter.objects.get()
    assert (letter.task, letter.args) == ("alerts.tasks.deliver", [delivery.pk])


# --- email ---------------------------------------------------------------------------------


def test_an_email_arrives_at_a_real_smtp_server_with_the_thumbnail(
    smtp_inbox, settings, celery_worker, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    mail = Channel.objects.create(
        name="family", kind="email", target="anna@example.lan, ben@example.lan"
    )
    rule(channels=[mail])
    event = judged(factories.camera("Back Door"))
    thumbnail = tmp_path / "thumbnails" / "back.jpg"
    thumbnail.parent.mkdir()
    thumbnail.write_bytes(jpeg_bytes(7))
    event.detections.all().update(thumbnail_path="thumbnails/back.jpg")
    evaluate_event.delay(event.pk).get(timeout=10)
    assert processes.wait_until(lambda: smtp_inbox, timeout=20)
    message = email.message_from_bytes(smtp_inbox[0].as_bytes())
    assert message["Subject"] == "[homesec] HIGH: Person at Back Door"
    assert message["To"] == "anna@example.lan, ben@example.lan"
    parts = {part.get_content_type(): part for part in message.walk()}
    assert "Camera: Back Door" in parts["text/plain"].get_payload(decode=True).decode()
    assert parts["image/jpeg"].get_payload(decode=True) == thumbnail.read_bytes()


# --- MQTT ----------------------------------------------------------------------------------


def test_home_assistant_gets_discovery_state_and_event_over_mqtt(mqtt_broker, celery_worker):
    import paho.mqtt.client as mqtt

    got = {}
    listener = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    listener.on_message = lambda client, data, msg: got.update({msg.topic: msg.payload})
    listener.connect("127.0.0.1", mqtt_broker)
    listener.subscribe([("homesec/#", 1), ("homeassistant/#", 1)])
    listener.loop_start()
    try:
        time.sleep(0.5)
        broker = Channel.objects.create(
            name="ha", kind="mqtt", target=f"mqtt://127.0.0.1:{mqtt_broker}"
        )
        rule(channels=[broker])
        event = judged(factories.camera("Back Door"), score=88)
        evaluate_event.delay(event.pk).get(timeout=10)
        assert processes.wait_until(lambda: len(got) >= 3, timeout=20), got
    finally:
        listener.loop_stop()
    discovery = json.loads(got["homeassistant/sensor/homesec_back_door/risk/config"])
    assert discovery["state_topic"] == "homesec/back_door/state"
    assert discovery["unique_id"] == "homesec_back_door_risk"
    state = json.loads(got["homesec/back_door/state"])
    assert (state["risk_level"], state["risk_score"]) == ("critical", 88)
    sent = json.loads(got["homesec/back_door/event"])
    delivery = Delivery.objects.get()
    assert (sent["event_id"], sent["delivery_key"]) == (event.pk, str(delivery.key))
    assert sent["answer_topic"] == f"homesec/alert/{delivery.alert_id}/answer"
    assert delivery.status == "delivered"


# --- Web Push ------------------------------------------------------------------------------


def b64url(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    import base64

    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_web_push_reaches_each_browser_once_encrypted_and_signed(
    django_user_model, celery_worker, tls_push_service, settings, tmp_path
):
    """A real local HTTPS server plays the push service; it checks the VAPID signature
    and decrypts the payload with the browser's own key: the picture, the tag and the
    three answers, which work for that browser's user without a login."""
    import os

    import http_ece
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from rest_framework.test import APIClient

    browser_key, secret = ec.generate_private_key(ec.SECP256R1()), os.urandom(16)
    pushed, statuses = [], {"/push/gone": 410}

    class PushService(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            pushed.append((self.path, self.headers, body))  # case-insensitive
            self.send_response(statuses.get(self.path, 201))
            self.end_headers()

        def log_message(self, *args):
            pass

    service, origin = tls_push_service(PushService)
    user = django_user_model.objects.create_user("resident", password="pw-for-tests")
    make_member(user)  # a member may answer an alert (a login that only looks gets Open)
    api = APIClient()
    api.force_authenticate(user)
    server_key = api.get("/api/push-key/").json()["public_key"]
    point = browser_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    for path in ("/push/phone", "/push/gone"):
        made = api.post(
            "/api/push-subscriptions/",
            {
                "endpoint": origin + path,
                "keys": {"p256dh": b64url(point), "auth": b64url(secret)},
            },
            format="json",
        )
        assert made.status_code == 201, made.content
    rule(channels=[Channel.objects.create(name="browsers", kind="webpush")])
    event = judged(factories.camera("Back Door"))
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "thumbnails").mkdir()
    (tmp_path / "thumbnails" / "back.jpg").write_bytes(jpeg_bytes(7))
    event.detections.all().update(thumbnail_path="thumbnails/back.jpg")
    try:
        evaluate_event.delay(event.pk).get(timeout=10)
        assert processes.wait_until(
            lambda: Delivery.objects.filter(status="delivered").exists(), timeout=20
        )
    finally:
        service.shutdown()
    assert sorted(path for path, _, _ in pushed) == ["/push/gone", "/push/phone"]
    _, headers, body = next(p for p in pushed if p[0] == "/push/phone")
    payload = http_ece.decrypt(
        body, private_key=browser_key, auth_secret=secret, version="aes128gcm"
    )
    message = json.loads(payload)
    assert (message["type"], message["event_id"], message["risk_level"]) == (
        "alert",
        event.pk,
        "high",
    )
    assert message["delivery_key"] == str(Delivery.objects.get().key)
    alert = Alert.objects.get()
    assert message["tag"] == f"alert-{alert.pk}"  # its update replaces it
    assert [a["title"] for a in message["actions"]] == [
        "Looks fine",
        "Open",
        "Snooze this camera for 1 h",
    ]
    visitor = Client()  # what the notification and its service worker do: no login
    picture = visitor.get(urlsplit(message["image"]).path)
    assert b"".join(picture.streaming_content) == jpeg_bytes(7)
    answers = {a["action"]: urlsplit(a["url"]).path for a in message["actions"]}
    done = visitor.post(answers["looks_fine"], HTTP_ACCEPT="application/json")
    assert "looks fine" in done.json()["done"]
    feedback = Feedback.objects.get(event=event)
    assert (feedback.verdict, feedback.user) == ("false_alarm", user)
    token, key = (part.split("=", 1)[1] for part in headers["Authorization"][6:].split(","))
    assert key.strip() == server_key
    signed, signature = token.rsplit(".", 1)
    raw = unb64url(signature)
    vapid = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(server_key))
    vapid.verify(
        encode_dss_signature(int.from_bytes(raw[:32]), int.from_bytes(raw[32:])),
        signed.encode(),
        ec.ECDSA(hashes.SHA256()),
    )
    claims = json.loads(unb64url(signed.split(".")[1]))
    assert claims["aud"] == origin
    assert claims["sub"] == "mailto:homesec@localhost"
    # The push service said the second browser is gone: it is forgotten.
    assert [s.endpoint for s in PushSubscription.objects.all()] == [origin + "/push/phone"]


def test_channels_refuse_nonsense_targets():
    from django.core.exceptions import ValidationError

    for kind, target in [("webhook", "ftp://x"), ("webhook", ""), ("mqtt", "http://broker"),
                         ("email", "not-an-address"), ("email", " , ")]:  # fmt: skip
        with pytest.raises(ValidationError):
            Channel(name="x", kind=kind, target=target).clean()
    Channel(name="ok", kind="webpush", target="").clean()
