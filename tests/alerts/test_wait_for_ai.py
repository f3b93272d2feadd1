"""A rule alerts at once on the scorer's verdict (then updates with the AI's words), or
waits for the AI's verdict (or what is known at its deadline) and alerts once."""

import pytest

from alerts.models import AlertRule, Channel, Delivery
from alerts.tasks import evaluate_event
from homesec.roles import make_admin
from runner import processes
from tests import factories

from .helpers import judged, rule

pytestmark = pytest.mark.django_db(transaction=True)


def all_sent() -> bool:
    """Every delivery the evaluations made is through (the receiver has them all)."""
    unsent = Delivery.objects.exclude(status="delivered")
    return processes.wait_until(lambda: not unsent.exists(), timeout=20)


def verdict(event, source: str, summary: str | None = None) -> None:
    """The analysis changes the event's verdict and hands it to the rules again."""
    event.analysis_source = source
    event.summary = summary or event.summary
    event.save()
    evaluate_event.delay(event.pk).get(timeout=10)


def test_at_once_alerts_on_the_scorer_then_updates_and_waiting_alerts_on_the_ai(
    receiver, celery_worker
):
    hook = Channel.objects.create(name="hook", kind="webhook", target=receiver.url)
    rule("At once", channels=[hook])
    rule("Wait", channels=[hook], wait_for_ai=True)
    event = judged(factories.camera("Back Door"), summary="Person at Back Door, 02:14")
    evaluate_event.delay(event.pk).get(timeout=10)
    assert all_sent()
    assert [(m["rule"], m["type"]) for m in receiver.accepted] == [("At once", "alert")]

    verdict(event, "llm", "A stranger tried the back door handle at 2 am")
    assert all_sent()
    later = sorted((m["rule"], m["type"], m["summary"]) for m in receiver.accepted[1:])
    assert later == [
        ("At once", "alert_updated", "A stranger tried the back door handle at 2 am"),
        ("Wait", "alert", "A stranger tried the back door handle at 2 am"),
    ]


def test_waiting_alerts_once_on_what_is_known_at_the_deadline(receiver, celery_worker):
    rule(
        "Wait",
        channels=[Channel.objects.create(name="hook", kind="webhook", target=receiver.url)],
        wait_for_ai=True,
    )
    event = judged(factories.camera("Back Door"), summary="Person at Back Door, 02:14")
    assert evaluate_event.delay(event.pk).get(timeout=10) == 0  # the scorer's verdict
    verdict(event, "fallback")  # the LLM missed its deadline: the scorer's words stand
    verdict(event, "fallback")  # handed on again (a message delivered twice)
    assert all_sent()
    assert [(m["rule"], m["type"], m["summary"]) for m in receiver.accepted] == [
        ("Wait", "alert", "Person at Back Door, 02:14")
    ]
    assert receiver.requests == 1


def test_the_rule_page_sets_waiting_for_the_ai(client, django_user_model):
    admin = django_user_model.objects.create_user("resident", password="pw-for-tests")
    make_admin(admin)
    client.force_login(admin)
    page = client.get("/alerts/rules/new/").content.decode()
    assert "Wait for the AI&#x27;s verdict before alerting" in page
    saved = client.post(
        "/alerts/rules/new/",
        {
            "name": "Person, on the AI's word",
            "min_risk_score": 60,
            "cooldown_seconds": 300,
            "wait_for_ai": "on",
        },
    )
    assert saved.status_code == 302, saved.content
    assert AlertRule.objects.get().wait_for_ai is True
    assert "on the AI&#x27;s verdict" in client.get("/alerts/").content.decode()
