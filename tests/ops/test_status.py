"""The system status: the collector (beat) writes; reading it never does."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cameras.models import Camera
from ops import status
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_reading_the_status_writes_nothing_and_says_its_age(broker, django_user_model):
    user = django_user_model.objects.create_user("resident", password="pw-for-tests")
    cam = factories.camera()
    cam.status, cam.last_seen_at = "online", timezone.now() - timedelta(hours=2)
    cam.save()
    api = APIClient()
    api.force_authenticate(user)

    cold = api.get("/api/system/status/").json()  # before the collector's first round
    assert cold["data"]["cameras"]["offline"] == 1  # silent for 2 hours: shown offline...
    assert Camera.objects.get().status == "online"  # ...but not marked: reading writes nothing
    assert status.latest() is None  # nor stored
    assert 0 <= cold["age_seconds"] < 5

    collected = status.collect_and_publish()  # beat's round writes
    assert Camera.objects.get().status == "offline"
    read = api.get("/api/system/status/").json()
    assert read["timestamp"] == collected["timestamp"]
    assert read["age_seconds"] >= 0
    assert read["data"]["cameras"] == collected["data"]["cameras"]
