"""Alert work whose message was lost is found from PostgreSQL by beat's reconcilers:
events the rules never saw, deliveries overdue or left mid-send. A second run in a row
does nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import Alert, Channel, Delivery
from alerts.senders import DELIVERY_HEADER
from alerts.tasks import evaluate_event, reconcile_deliveries, reconcile_evaluations
from events.models import Event
from runner import processes
from tests import factories

from .helpers import judged, rule

pytestmark = pytest.mark.django_db(transaction=True)
MINUTE = timedelta(minutes=1)


def aged(event: Event, minutes: float) -> Event:
    """As if the event was last changed ``minutes`` ago."""
    ago = timezone.now() - MINUTE * minutes
    Event.objects.filter(pk=event.pk).update(updated_at=ago)
    return event


def test_an_event_the_rules_never_saw_alerts_at_the_next_reconcile(receiver, celery_worker):
    rule(channels=[Channel.objects.create(name="hook", kind="webhook", target=receiver.url)])
    cam = factories.camera("Back Door")
    lost = aged(judged(cam), 2)  # its evaluate_event message lost
    aged(judged(factories.camera("Garden")), 60 * 25)  # lost too, but a day old: left alone
    aged(judged(factories.camera("Gate")), 0.1)  # its message may still be on its way
    assert reconcile_evaluations.delay().get(timeout=10) == 1
    assert reconcile_evaluations.delay().get(timeout=10) == 0  # claimed: not twice
    assert receiver.wait_for(1)
    assert [m["event_id"] for m in receiver.accepted] == [lost.pk]
    assert processes.wait_until(
        lambda: Event.objects.get(pk=lost.pk).evaluated_source == "rules", timeout=10
    )
    assert reconcile_evaluations.delay(older_than=0).get(timeout=10) == 1  # only "Gate"


def test_a_waiting_rule_whose_ai_verdict_message_was_lost_still_alerts(receiver,
                                                                        celery_worker):  # fmt: skip
    hook = Channel.objects.create(name="hook", kind="webhook", target=receiver.url)
    rule("Wait", channels=[hook], wait_for_ai=True)
    event = judged(factories.camera("Back Door"))
    assert evaluate_event.delay(event.pk).get(timeout=10) == 0  # the scorer's verdict
    event.analysis_source, event.summary = "llm", "A stranger tried the back door handle"
    event.save()  # the LLM's verdict, its evaluate_event message lost
    assert reconcile_evaluations.delay(older_than=0).get(timeout=10) == 1
    assert receiver.wait_for(1)
    assert [(m["type"], m["summary"]) for m in receiver.accepted] == [
        ("alert", "A stranger tried the back door handle")
    ]


def an_alert() -> Alert:
    cam = factories.camera()
    return Alert.objects.create(
        rule=rule(),
        event=judged(cam),
        camera=cam,
        risk_level="high",
        summary="Person at Front Door",
    )


def test_an_overdue_delivery_is_sent_at_the_next_reconcile(receiver, celery_worker):
    hook = Channel.objects.create(name="hook", kind="webhook", target=receiver.url)
    lost = Delivery.objects.create(
        alert=an_alert(), channel=hook, next_try_at=timezone.now() - MINUTE * 2
    )
    assert reconcile_deliveries.delay().get(timeout=10) == 1
    assert reconcile_deliveries.delay().get(timeout=10) == 0  # claimed: not twice
    assert receiver.wait_for(1)
    assert [h[DELIVERY_HEADER] for h in receiver.headers] == [str(lost.key)]
    assert processes.wait_until(
        lambda: Delivery.objects.get(pk=lost.pk).status == "delivered", timeout=10
    )


def test_a_send_its_worker_died_in_is_sent_again_with_the_same_key(receiver, celery_worker):
    hook = Channel.objects.create(name="hook", kind="webhook", target=receiver.url)
    alert, now = an_alert(), timezone.now()
    sending = {"alert": alert, "channel": hook, "status": "sending"}
    dead = Delivery.objects.create(**sending, claimed_by="killed", claimed_at=now - MINUTE * 10)
    live = Delivery.objects.create(**sending, claimed_by="live", claimed_at=now)
    assert reconcile_deliveries.delay().get(timeout=10) == 1
    assert receiver.wait_for(1)
    assert [h[DELIVERY_HEADER] for h in receiver.headers] == [str(dead.key)]
    assert Delivery.objects.get(pk=live.pk).status == "sending"  # its worker is at it
