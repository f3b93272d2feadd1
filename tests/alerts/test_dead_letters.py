"""An evaluation or a delivery that fails for good is dead-lettered, and a person can
requeue it once the cause is mended (a detection's is in tests/detection)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import Channel, Delivery
from alerts.senders import DELIVERY_HEADER
from alerts.tasks import deliver, evaluate_event, reconcile_evaluations
from events.models import Event
from homesec.models import DeadLetter
from ops import deadletters
from runner import processes
from tests import factories

from .helpers import judged, rule

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_evaluation_that_fails_is_dead_lettered_and_alerts_once_requeued(
    receiver, celery_worker
):
    rule(channels=[Channel.objects.create(name="hook", kind="webhook", target=receiver.url)])
    event = judged(factories.camera("Back Door"))
    seen = event.detections.all()
    good = seen.get().zones
    seen.update(zones=[["porch", "entry_point", "spoiled"]])  # a row spoiled
    evaluate_event.delay(event.pk)
    assert processes.wait_until(DeadLetter.objects.exists, timeout=20)
    letter = DeadLetter.objects.get()
    assert (letter.task, letter.args) == ("alerts.tasks.evaluate_event", [event.pk])
    assert "too many values to unpack" in letter.error
    Event.objects.filter(pk=event.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    assert reconcile_evaluations.delay().get(timeout=10) == 0  # a person's to requeue

    seen.update(zones=good)  # mended
    deadletters.requeue(letter)
    assert receiver.wait_for(1)
    assert [m["event_id"] for m in receiver.accepted] == [event.pk]
    assert not DeadLetter.objects.exists()


def test_a_dead_lettered_delivery_requeued_carries_its_key(receiver, quick_retries,
                                                           monkeypatch, celery_worker):  # fmt: skip
    monkeypatch.setattr(deliver, "max_retries", 1)
    rule(channels=[Channel.objects.create(name="hook", kind="webhook", target=receiver.url)])
    receiver.failures_left = 2  # the first try and its one retry
    evaluate_event.delay(judged(factories.camera()).pk).get(timeout=10)
    assert processes.wait_until(DeadLetter.objects.exists, timeout=30)
    delivery = Delivery.objects.get()
    assert delivery.status == "dead"

    deadletters.requeue(DeadLetter.objects.get())
    assert receiver.wait_for(1)
    assert [h[DELIVERY_HEADER] for h in receiver.headers] == [str(delivery.key)] * 3
    assert processes.wait_until(
        lambda: Delivery.objects.get(pk=delivery.pk).status == "delivered", timeout=10
    )
