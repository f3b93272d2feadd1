"""Deliveries are at least once, each with a key: real receivers see the same key on
every attempt of one delivery, and a delivery already sent, or being sent by another
run, is not sent again."""

import email
import uuid

import pytest
from django.utils import timezone

from alerts.models import Alert, Channel, Delivery
from alerts.senders import ALERT_HEADER, DELIVERY_HEADER, REVISION_HEADER
from alerts.tasks import deliver, evaluate_event
from runner import processes
from tests import factories

from .helpers import before_migration, judged, rule

pytestmark = pytest.mark.django_db(transaction=True)


def alert_then_update(channel: Channel) -> None:
    """A fast-path alert, then the LLM's words: one alert and one update to ``channel``."""
    rule(channels=[channel])
    event = judged(factories.camera("Back Door"), summary="Person at Back Door, 02:14")
    evaluate_event.delay(event.pk).get(timeout=10)
    event.analysis_source, event.summary = "llm", "A stranger tried the back door handle"
    event.save()
    evaluate_event.delay(event.pk).get(timeout=10)


def test_a_webhook_names_its_delivery_alert_and_revision(receiver, celery_worker):
    alert_then_update(Channel.objects.create(name="hook", kind="webhook", target=receiver.url))
    assert receiver.wait_for(2)
    alert = Alert.objects.get()
    first, update = sorted(alert.deliveries.all(), key=lambda d: d.revision)
    headers = sorted(receiver.headers, key=lambda h: h[REVISION_HEADER])
    assert [(h[DELIVERY_HEADER], h[ALERT_HEADER], h[REVISION_HEADER]) for h in headers] == [
        (str(first.key), str(alert.pk), "0"),
        (str(update.key), str(alert.pk), "1"),
    ]
    bodies = sorted(receiver.accepted, key=lambda m: m["alert_revision"])
    assert [(m["delivery_key"], m["alert_id"], m["type"]) for m in bodies] == [
        (str(first.key), alert.pk, "alert"),
        (str(update.key), alert.pk, "alert_updated"),
    ]


def test_a_send_retried_after_a_failure_carries_the_same_key(receiver, quick_retries,
                                                             celery_worker):  # fmt: skip
    rule(channels=[Channel.objects.create(name="hook", kind="webhook", target=receiver.url)])
    receiver.failures_left = 2
    evaluate_event.delay(judged(factories.camera()).pk).get(timeout=10)
    assert receiver.wait_for(1)
    # The worker records the send just after the receiver has it.
    assert processes.wait_until(
        lambda: Delivery.objects.filter(status="delivered").exists(), timeout=20
    )
    delivery = Delivery.objects.get()
    assert [h[DELIVERY_HEADER] for h in receiver.headers] == [str(delivery.key)] * 3
    assert (delivery.status, delivery.attempts) == ("delivered", 3)


def test_a_delivered_delivery_whose_task_comes_again_sends_nothing(receiver, celery_worker):
    rule(channels=[Channel.objects.create(name="hook", kind="webhook", target=receiver.url)])
    evaluate_event.delay(judged(factories.camera()).pk).get(timeout=10)
    assert processes.wait_until(
        lambda: Delivery.objects.filter(status="delivered").exists(), timeout=20
    )
    delivery = Delivery.objects.get()
    # The same message again (a broker redelivering it), and a second message for it.
    again = deliver.apply(args=(delivery.pk,), task_id=delivery.claimed_by).get()
    another = deliver.apply(args=(delivery.pk,)).get()
    assert again.startswith("nothing to do")
    assert another.startswith("nothing to do")
    assert receiver.requests == 1


def test_a_delivery_being_sent_is_not_sent_by_a_second_run(receiver):
    hook = Channel.objects.create(name="hook", kind="webhook", target=receiver.url)
    cam = factories.camera()
    alert = Alert.objects.create(
        rule=rule(), event=judged(cam), camera=cam, risk_level="high", summary="Person"
    )
    delivery = Delivery.objects.create(
        alert=alert,
        channel=hook,
        status="sending",
        claimed_by="first-run",
        claimed_at=timezone.now(),
    )
    assert deliver.apply(args=(delivery.pk,)).get().startswith("nothing to do")
    assert receiver.requests == 0
    # The first run's own message again (its worker died mid-send): it sends, same key.
    assert deliver.apply(args=(delivery.pk,), task_id="first-run").get() == "delivered"
    assert [h[DELIVERY_HEADER] for h in receiver.headers] == [str(delivery.key)]


def test_an_email_update_answers_the_alert_so_mail_clients_thread_them(smtp_inbox,
                                                                       celery_worker):  # fmt: skip
    alert_then_update(
        Channel.objects.create(name="family", kind="email", target="anna@example.lan")
    )
    assert processes.wait_until(lambda: len(smtp_inbox) == 2, timeout=20)
    mails = [email.message_from_bytes(m.as_bytes()) for m in smtp_inbox]
    first, update = sorted(mails, key=lambda m: m["Subject"].startswith("Update"))
    keys = {d.revision: d.key for d in Delivery.objects.all()}
    assert first["Message-ID"] == f"<{keys[0]}@homesec>"
    assert first["In-Reply-To"] is None
    assert update["Message-ID"] == f"<{keys[1]}@homesec>"
    assert update["In-Reply-To"] == update["References"] == first["Message-ID"]


def test_the_migration_gives_every_existing_delivery_its_own_key():
    with before_migration("alerts", "0003_object_types") as old:
        cam = old.get_model("cameras", "Camera").objects.create(
            id="gate", name="Gate", folder_path="Gate"
        )
        event = old.get_model("events", "Event").objects.create(
            camera=cam, started_at=timezone.now(), risk_score=70, risk_level="high", summary="x"
        )
        made = old.get_model("alerts", "AlertRule").objects.create(name="all")
        hook = old.get_model("alerts", "Channel").objects.create(name="hook", kind="webhook")
        alert = old.get_model("alerts", "Alert").objects.create(
            rule=made, event=event, camera=cam, risk_level="high", summary="x", updates=2
        )
        for is_update in (False, True, True):
            old.get_model("alerts", "Delivery").objects.create(
                alert=alert, channel=hook, is_update=is_update
            )
    rows = Delivery.objects.order_by("created_at")
    assert len({row.key for row in rows}) == 3
    assert all(isinstance(row.key, uuid.UUID) for row in rows)
    assert [row.revision for row in rows] == [0, 1, 2]
