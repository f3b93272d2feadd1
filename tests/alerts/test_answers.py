"""An alert's answers (Looks fine, Snooze this camera) as links in its email, through a
real SMTP server and the pages a household opens from it without a login: opening one
changes nothing, its button does the one thing once; a made-up, expired, reused or
orphaned link does nothing. Snoozing holds the camera's alerts back, then ends by itself.
(The push notification's answers: test_alerts.py's Web Push test and, in Chromium with
a real service worker, tests/web/test_push_answers.py.)"""

import email
import re
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from alerts import actions
from alerts.models import ActionLink, Alert, AlertRule, Channel, Delivery, PushSubscription
from alerts.tasks import evaluate_event
from cameras.models import Camera
from events.models import Event, Feedback
from homesec.models import AuditEntry
from runner import processes
from tests import factories

from .helpers import judged, rule

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mailed(smtp_inbox, celery_worker):
    """An alert about a person at the back door, emailed; its answers' links by title."""
    rule(channels=[Channel.objects.create(name="family", kind="email", target="a@example.lan")])
    event = judged(factories.camera("Back Door"))
    evaluate_event.delay(event.pk).get(timeout=10)
    assert processes.wait_until(lambda: smtp_inbox, timeout=20)
    message = email.message_from_bytes(smtp_inbox[0].as_bytes())
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    body = text.get_payload(decode=True).decode()
    found = dict(re.findall(r"^(Looks fine|Snooze this camera for 1 h): (\S+)$", body, re.M))
    assert set(found) == {"Looks fine", "Snooze this camera for 1 h"}, body
    return event, {title: urlsplit(url).path for title, url in found.items()}


def test_looks_fine_from_an_email_records_a_false_alarm_once_and_reaches_nothing_else(mailed):
    event, links = mailed
    visitor = Client()  # no login
    opened = visitor.get(links["Looks fine"])  # a mail scanner following the link: nothing
    assert opened.status_code == 200
    assert "Person at Back Door" in opened.text
    assert not Feedback.objects.exists()
    done = visitor.post(links["Looks fine"])
    assert done.status_code == 200
    assert "looks fine" in done.text
    feedback = Feedback.objects.get()
    assert (feedback.event_id, feedback.verdict, feedback.user) == (event.pk, "false_alarm", None)
    assert Event.objects.get(pk=event.pk).false_alarm
    again = visitor.post(links["Looks fine"])  # replayed
    assert again.status_code == 410
    assert "used already" in again.text
    assert Feedback.objects.count() == 1
    assert visitor.get("/events/").status_code == 302  # to the login: nothing else opened
    assert visitor.get(f"/api/events/{event.pk}/").status_code in (401, 403)


def test_snooze_from_an_email_holds_back_the_cameras_alerts_until_it_ends(mailed):
    event, links = mailed
    AlertRule.objects.update(cooldown_seconds=0)  # what is held back is the snooze's doing
    assert Client().post(links["Snooze this camera for 1 h"]).status_code == 200
    camera = Camera.objects.get(pk=event.camera_id)
    left = camera.snoozed_until - timezone.now()
    assert timedelta(minutes=59) < left <= timedelta(minutes=60)
    entry = AuditEntry.objects.get(action="camera.snooze")
    assert entry.target == f"camera {camera.pk}"
    sent = Delivery.objects.count()
    snoozed = judged(camera)
    assert evaluate_event.delay(snoozed.pk).get(timeout=10) == 0  # nothing told
    assert Delivery.objects.count() == sent
    held = Alert.objects.get(event=snoozed)  # kept and marked, as a cooldown's match
    assert held.suppressed
    other = judged(factories.camera("Drive"))  # another camera still alerts
    assert evaluate_event.delay(other.pk).get(timeout=10) == 1
    Camera.objects.filter(pk=camera.pk).update(snoozed_until=timezone.now())  # it ends
    Event.objects.filter(pk=snoozed.pk).update(  # the LLM's verdict on it comes after
        analysis_source="llm", summary="A man at the back door", risk_score=90
    )
    assert evaluate_event.delay(snoozed.pk).get(timeout=10) == 0  # still told nothing
    assert Delivery.objects.count() == sent + 1  # (the drive's)
    later = judged(camera)
    assert evaluate_event.delay(later.pk).get(timeout=10) == 1


def test_a_made_up_expired_or_orphaned_link_does_nothing(monkeypatch):
    camera = factories.camera("Back Door")
    event = judged(camera)
    alert = Alert.objects.create(
        rule=rule(), event=event, camera=camera, risk_level="high", summary="x"
    )
    links = actions.links(alert.pk)
    path = urlsplit(links["looks_fine"]).path
    token = path.split("/")[2]
    visitor = Client()
    tampered = path.replace(token, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    assert visitor.post(tampered).status_code == 404
    other_row = signing.dumps(alert.pk + 999, salt=actions.ACTION_SALT)
    assert visitor.post(f"/a/{other_row}/").status_code == 410  # signed, but no such link
    picture = urlsplit(actions.picture_url(1)).path.split("/")[2]
    assert visitor.post(f"/a/{picture}/").status_code == 404  # a picture's is not an answer
    with monkeypatch.context() as past:
        made_at = signing.b62_encode(int(time.time()) - 25 * 3600)
        past.setattr(signing.TimestampSigner, "timestamp", lambda self: made_at)
        stale = signing.dumps(ActionLink.objects.get(alert=alert, action="snooze").pk,
                              salt=actions.ACTION_SALT)  # fmt: skip
    expired = visitor.post(f"/a/{stale}/", HTTP_ACCEPT="application/json")
    assert expired.status_code == 410
    assert "expired" in expired.json()["error"]
    assert Camera.objects.get(pk=camera.pk).snoozed_until is None
    alert.delete()  # retention removed the event and its alert
    gone = visitor.post(path)
    assert gone.status_code == 410
    assert "gone" in gone.text
    assert not Feedback.objects.exists()
    assert visitor.get(path.replace(token, "../../admin")).status_code == 404


def test_the_camera_page_snoozes_and_ends_it_for_a_member_not_a_viewer(django_user_model):
    from homesec.roles import make_member

    camera = factories.camera("Back Door")
    member, viewer = Client(), Client()
    user = django_user_model.objects.create_user("sam")
    make_member(user)
    member.force_login(user)
    viewer.force_login(django_user_model.objects.create_user("guest"))
    page = member.get(f"/cameras/{camera.pk}/")
    assert "Snooze this camera for 1 h" in page.text
    assert "Snooze this camera" not in viewer.get(f"/cameras/{camera.pk}/").text
    assert viewer.post(f"/cameras/{camera.pk}/snooze/", {"snooze": "1"}).status_code == 403
    assert Camera.objects.get(pk=camera.pk).snoozed_until is None
    member.post(f"/cameras/{camera.pk}/snooze/", {"snooze": "1"})
    assert Camera.objects.get(pk=camera.pk).snoozed
    dashboard = member.get("/")
    assert "alerts snoozed until" in dashboard.text
    member.post(f"/cameras/{camera.pk}/snooze/", {"snooze": "0"})
    assert not Camera.objects.get(pk=camera.pk).snoozed
    assert "alerts snoozed until" not in member.get("/").text


def test_a_browser_gets_only_the_answers_its_user_may_give_and_a_link_stops_with_the_role(
    django_user_model,
):
    from alerts.senders import with_answers
    from alerts.tasks import message
    from homesec.roles import make_member

    camera = factories.camera("Back Door")
    event = judged(camera)
    alert = Alert.objects.create(rule=rule(), event=event, camera=camera, risk_level="high",
                                 summary="x")  # fmt: skip
    told = message(alert, event, is_update=False)
    member = django_user_model.objects.create_user("sam")
    make_member(member)
    viewer = django_user_model.objects.create_user("guest")  # in neither group
    as_viewer = with_answers(told, PushSubscription(user=viewer, endpoint="https://x/1"))
    assert [a["action"] for a in as_viewer["actions"]] == ["open"]
    as_member = with_answers(told, PushSubscription(user=member, endpoint="https://x/2"))
    assert [a["action"] for a in as_member["actions"]] == ["looks_fine", "open", "snooze"]
    link = urlsplit(as_member["actions"][0]["url"]).path
    member.groups.clear()  # no longer a member: the link they hold does nothing
    refused = Client().post(link)
    assert refused.status_code == 403
    assert not Feedback.objects.exists()
    make_member(django_user_model.objects.get(pk=member.pk))
    assert Client().post(link).status_code == 200  # (not used up by the refusal)
    assert Feedback.objects.get().user == member
