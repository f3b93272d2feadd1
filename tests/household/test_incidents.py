"""One incident across cameras: the same unfamiliar face seen by the front and then the
back camera within minutes is one incident, its path in order; the same face an hour
later, or one camera alone, is not."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from homesec.roles import make_member
from household.models import Incident
from tests.analysis.photos import ZIDANE, ZIDANE_BOX, judged, reencoded_zidane, upload
from tests.factories import camera

pytestmark = pytest.mark.django_db


def seen(cam, at, *, again=False):
    content, box = reencoded_zidane() if again else (ZIDANE.read_bytes(), ZIDANE_BOX)
    return judged(upload(cam, content, [box], at=at))


def test_the_same_stranger_on_two_cameras_within_minutes_is_one_incident(
    camera_root, django_user_model
):
    front, back = camera("Front Door"), camera("Back Door")
    start = timezone.now() - timedelta(minutes=10)
    first = seen(front, start)
    assert not Incident.objects.exists()  # one camera alone
    second = seen(back, start + timedelta(minutes=2), again=True)
    third = seen(front, start + timedelta(minutes=3))
    incident = Incident.objects.get()
    assert incident.who.startswith("Unknown #")
    assert set(incident.events.all()) == {first, second, third}
    seen(back, start + timedelta(hours=1))  # later: another visit, not this incident
    assert Incident.objects.count() == 1

    user = django_user_model.objects.create_user("sam")
    make_member(user)
    api = APIClient()
    api.force_authenticate(user)
    (found,) = api.get("/api/incidents/").json()["results"]
    assert [step["camera"] for step in found["path"]] == ["front_door", "back_door", "front_door"]
    page = Client()
    page.force_login(user)
    text = page.get(f"/events/{second.pk}/").content.decode()
    assert "across cameras: " in text
    assert "Front Door" in text
