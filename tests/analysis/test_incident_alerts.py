"""One alert per incident: the same unfamiliar face seen by the front and then the back
camera within minutes alerts once, then updates that alert with the back door (its path
through the cameras in order), even when the back door's first verdict is the fast
path's; another visit an hour later alerts anew."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from alerts.models import Alert, Channel, Delivery
from analysis.tasks import fast_path
from runner import processes
from tests.alerts.helpers import WebhookReceiver, rule
from tests.factories import camera

from .photos import ZIDANE, ZIDANE_BOX, judged, reencoded_zidane, upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def receiver():
    server = WebhookReceiver()
    yield server
    server.httpd.shutdown()


def all_sent(count: int, receiver) -> bool:
    unsent = Delivery.objects.exclude(status="delivered")
    return processes.wait_until(
        lambda: len(receiver.accepted) >= count and not unsent.exists(), timeout=30
    )


def test_a_stranger_on_two_cameras_is_one_alert_updated_with_the_second_camera(
    receiver, celery_worker, camera_root, django_user_model
):
    hook = Channel.objects.create(name="hook", kind="webhook", target=receiver.url)
    rule("Anyone", min_risk_score=0, channels=[hook])
    front, back = camera("Front Door"), camera("Back Door")
    start = timezone.now() - timedelta(minutes=10)
    first = judged(upload(front, ZIDANE.read_bytes(), [ZIDANE_BOX], at=start))
    assert all_sent(1, receiver)

    content, box = reencoded_zidane()
    batch = upload(back, content, [box], at=start + timedelta(minutes=2))
    second = fast_path(batch.pk)  # a sure person: judged before the batch's analysis
    assert all_sent(2, receiver)
    judged(batch)  # the batch closes: analysed again, nothing new to tell
    processes.wait_until(lambda: False, timeout=3)  # time for a wrong third message
    assert all_sent(2, receiver)

    told = [(m["type"], m["alert_id"], m["camera_name"]) for m in receiver.accepted]
    (alert,) = Alert.objects.filter(event=first)
    assert told == [("alert", alert.pk, "Front Door"), ("alert_updated", alert.pk, "Back Door")]
    assert receiver.accepted[1]["incident"] == {
        "first_event_id": first.pk,
        "cameras": ["Front Door", "Back Door"],
    }
    folded = Alert.objects.get(event_id=second)
    assert folded.folded_into == alert
    assert folded.suppressed
    assert not folded.deliveries.exists()
    page = Client()
    page.force_login(django_user_model.objects.create_superuser("admin"))
    assert "told as an update of" in page.get("/alerts/").content.decode()

    later = judged(upload(back, ZIDANE.read_bytes(), [ZIDANE_BOX], at=start + timedelta(hours=1)))
    assert all_sent(3, receiver)
    assert receiver.accepted[2]["type"] == "alert"
    assert receiver.accepted[2]["event_id"] == later.pk
    assert receiver.accepted[2]["incident"] is None
