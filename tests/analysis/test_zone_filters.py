"""Zones that filter (analysis/screening.py): an ignore zone, the classes a zone counts,
its smallest box and its loitering time. What they filter is kept, with the rule, on the
event page and in the API, and makes or raises no event."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from analysis.tasks import analyze_batch, fast_path
from cameras.models import Zone
from detection.models import Batch, Detection
from events.models import Event
from homesec.roles import make_admin
from tests.factories import camera, processed_upload

pytestmark = pytest.mark.django_db

LOWER_HALF = [[0, 0.5], [1, 0.5], [1, 1], [0, 1]]  # of the 640×480 test uploads
PERSON_BOX = (280, 200, 80, 200)  # feet at (320, 400): in the lower half
TINY_BOX = (300, 380, 12, 20)  # 0.08 % of the picture, feet in the lower half


def batch_of(cam, *found, seconds_apart: float = 0) -> Batch:
    """A closed batch of uploads, one detection each: (label, box), ``seconds_apart``."""
    batch = Batch.objects.create(
        camera=cam,
        opened_at=timezone.now(),
        last_activity_at=timezone.now(),
        closed_at=timezone.now(),
        state="closed",
    )
    for n, (label, box) in enumerate(found):
        media = processed_upload(cam, label=label, box=box, batch=batch)
        Detection.objects.filter(media=media).update(
            detected_at=media.captured_at + timedelta(seconds=n * seconds_apart)
        )
    return batch


def filtered(batch) -> list[tuple[str, str]]:
    rows = Detection.objects.filter(batch=batch).order_by("detected_at", "pk")
    return list(rows.values_list("object_type", "filtered"))


def test_a_person_in_an_ignore_zone_makes_no_event_and_says_why(broker):
    yard = camera("Yard")
    Zone.objects.create(camera=yard, name="Neighbour's garden", kind="ignore", polygon=LOWER_HALF)
    batch = batch_of(yard, ("person", PERSON_BOX))

    assert analyze_batch([], batch.pk) is None
    assert not Event.objects.exists()
    assert filtered(batch) == [("person", "in the ignore zone “Neighbour's garden”")]
    assert Batch.objects.get(pk=batch.pk).state == "analyzed"


def test_a_sure_person_in_an_ignore_zone_makes_no_fast_event(broker):
    yard = camera("Yard")
    Zone.objects.create(camera=yard, name="Street", kind="ignore", polygon=LOWER_HALF)
    batch = batch_of(yard, ("person", PERSON_BOX))
    assert fast_path(batch.pk) is None
    assert not Event.objects.exists()


def test_a_zone_counts_only_its_classes_and_the_event_page_shows_what_it_filtered(
    broker, admin_client
):
    drive = camera("Drive")
    Zone.objects.create(
        camera=drive, name="Road", kind="driveway", polygon=LOWER_HALF, classes=["person"]
    )
    batch = batch_of(drive, ("car", (200, 300, 200, 150)), ("person", PERSON_BOX))

    event = Event.objects.get(pk=analyze_batch([], batch.pk))

    assert event.labels == "person"
    assert list(event.detections.values_list("object_type", flat=True)) == ["person"]
    assert filtered(batch) == [("car", "a car: “Road” counts only person"), ("person", "")]
    page = admin_client.get(f"/events/{event.pk}/").content.decode()
    assert "Filtered by the zones" in page
    assert "a car: “Road” counts only person" in page


def test_a_box_under_the_zones_smallest_does_not_count(broker):
    lawn = camera("Lawn")
    Zone.objects.create(camera=lawn, name="Lawn", kind="yard", polygon=LOWER_HALF, min_area=0.01)
    small = batch_of(lawn, ("person", TINY_BOX))
    assert analyze_batch([], small.pk) is None
    assert filtered(small) == [
        ("person", "0.1% of the picture: under “Lawn”'s smallest box (1.0%)")
    ]
    big = batch_of(lawn, ("person", PERSON_BOX))
    assert analyze_batch([], big.pk) is not None


def test_an_object_counts_only_after_the_zones_loitering_time(broker):
    porch = camera("Porch")
    Zone.objects.create(
        camera=porch, name="Porch", kind="entry_point", polygon=LOWER_HALF, min_seconds=30
    )
    brief = batch_of(porch, ("person", PERSON_BOX), ("person", PERSON_BOX), seconds_apart=10)
    assert analyze_batch([], brief.pk) is None  # 10 s on the porch: a delivery, not yet
    assert [rule for _, rule in filtered(brief)] == [
        "in “Porch” for 0 s: it counts after 30 s",
        "in “Porch” for 10 s: it counts after 30 s",
    ]

    stayed = batch_of(porch, *[("person", PERSON_BOX)] * 4, seconds_apart=15)
    event = Event.objects.get(pk=analyze_batch([], stayed.pk))
    assert [rule for _, rule in filtered(stayed)] == [
        "in “Porch” for 0 s: it counts after 30 s",
        "in “Porch” for 15 s: it counts after 30 s",
        "",
        "",
    ]
    assert event.detections.count() == 2  # from 30 s on


def test_outside_every_zone_everything_counts(broker):
    gate = camera("Gate")
    Zone.objects.create(camera=gate, name="Top", kind="ignore", polygon=[[0, 0], [1, 0], [1, 0.2]])
    batch = batch_of(gate, ("person", PERSON_BOX))
    assert analyze_batch([], batch.pk) is not None
    assert filtered(batch) == [("person", "")]


def test_the_api_refuses_a_class_it_does_not_know_and_an_area_over_the_picture(
    django_user_model,
):
    api = APIClient()
    admin = django_user_model.objects.create_user("admin")
    make_admin(admin)
    api.force_authenticate(admin)
    camera("Porch")
    zone = {"camera": "porch", "name": "Steps", "kind": "entry_point", "polygon": LOWER_HALF}

    unknown = api.post("/api/zones/", {**zone, "classes": ["person", "unicorn"]}, format="json")
    assert unknown.status_code == 400
    assert "unicorn" in str(unknown.json()["classes"])
    too_big = api.post("/api/zones/", {**zone, "min_area": 2}, format="json")
    assert too_big.status_code == 400
    assert "min_area" in too_big.json()
    saved = api.post(
        "/api/zones/", {**zone, "classes": ["person"], "min_seconds": 20}, format="json"
    )
    assert saved.status_code == 201, saved.json()
    assert (saved.json()["classes"], saved.json()["min_seconds"]) == (["person"], 20)
