"""People over the REST API and in the judgement, with real faces: a stranger is
unfamiliar until an admin names them; then the next event says who it was and scores
lower; an unwanted person is critical; merge, split and forget do what they say, forget
leaves no embedding or crop behind, and each is in the audit log."""

from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from cameras.models import Zone
from homesec.models import AuditEntry
from homesec.roles import make_admin, make_member
from household.models import Face, Person
from tests.analysis.photos import (
    BUS,
    BUS_PEOPLE,
    ZIDANE,
    ZIDANE_BOX,
    judged,
    reencoded_zidane,
    upload,
)
from tests.factories import api_client_for, camera

pytestmark = pytest.mark.django_db
WHOLE_IMAGE = [[0, 0], [1, 0], [1, 1], [0, 1]]


@pytest.fixture
def admin(django_user_model) -> APIClient:
    return api_client_for(django_user_model, "resident", make_admin)


@pytest.fixture
def member(django_user_model) -> APIClient:
    return api_client_for(django_user_model, "teenager", make_member)


@pytest.fixture
def back_door(camera_root):
    cam = camera("Back Door")
    Zone.objects.create(camera=cam, name="Back Door", kind="entry_point", polygon=WHOLE_IMAGE)
    return cam


def two_am() -> datetime:
    return timezone.make_aware(datetime(2026, 11, 24, 2, 0))


def zidane_event(cam, *, again: bool = False):
    content, box = reencoded_zidane() if again else (ZIDANE.read_bytes(), ZIDANE_BOX)
    return judged(upload(cam, content, [box], at=two_am()))


def test_naming_a_stranger_changes_the_next_events_facts_and_score(back_door, admin):
    stranger = zidane_event(back_door)
    assert stranger.summary.startswith("Unfamiliar person at Back Door")
    assert "unfamiliar face at Back Door at night (+15)" in stranger.reasoning
    face = Face.objects.get(detection__events=stranger)
    named = admin.post(f"/api/faces/{face.pk}/enrol/", {"name": "Zinedine", "role": "household"})
    assert named.status_code == 200, named.content
    assert named.json()["display_name"] == "Zinedine"
    assert named.json()["seen"] == 1
    known = zidane_event(back_door, again=True)
    assert known.summary.startswith("Zinedine at Back Door")
    assert any(f.startswith("recognised: household member Zinedine") for f in known.factors)
    assert known.risk_score <= stranger.risk_score - 50
    assert AuditEntry.objects.filter(action="person.enrol", target__contains="Zinedine").exists()


def test_an_unwanted_person_makes_the_event_critical(back_door, admin):
    face = Face.objects.get(detection__events=zidane_event(back_door))
    admin.patch(f"/api/people/{face.person_id}/", {"name": "Ex-tenant", "role": "unwanted"})
    by_day = judged(upload(back_door, ZIDANE.read_bytes(), [ZIDANE_BOX]))
    assert by_day.risk_level == "critical"
    assert by_day.risk_score >= 85
    assert any(f.startswith("unwanted person: Ex-tenant") for f in by_day.factors)
    assert AuditEntry.objects.filter(action="person.update").exists()


def test_a_member_sees_people_but_only_an_admin_names_them(back_door, member, client):
    zidane_event(back_door)
    person = Person.objects.get()
    listed = member.get("/api/people/").json()["results"]
    assert [(p["display_name"], p["seen"], p["cameras"]) for p in listed] == [
        (f"Unknown #{person.pk}", 1, ["back_door"])
    ]
    assert member.patch(f"/api/people/{person.pk}/", {"name": "X"}).status_code == 403
    assert member.delete(f"/api/people/{person.pk}/").status_code == 403
    assert client.get("/api/people/").status_code in (401, 403)
    face = person.faces.get()
    assert member.get(f"/api/faces/{face.pk}/crop/")["Content-Type"] == "image/jpeg"


def test_merge_and_split_move_faces_between_people(back_door, admin):
    zidane_event(back_door)
    judged(upload(back_door, BUS.read_bytes(), BUS_PEOPLE[:1]))
    first, second = Person.objects.order_by("pk")
    merged = admin.post(f"/api/people/{first.pk}/merge/", {"other": second.pk})
    assert merged.status_code == 200
    assert merged.json()["seen"] == 2
    assert list(Person.objects.all()) == [first]
    face = first.faces.order_by("pk").last()
    split = admin.post(f"/api/faces/{face.pk}/split/")
    assert split.status_code == 200
    assert split.json()["seen"] == 1
    assert Person.objects.count() == 2
    assert AuditEntry.objects.filter(action="person.merge").exists()
    assert admin.post(f"/api/people/{first.pk}/merge/", {"other": 99999}).status_code == 400


def test_forget_deletes_every_embedding_and_crop(back_door, admin):
    for again in (False, True):
        zidane_event(back_door, again=again)
    person = Person.objects.get()
    crops = [Path(settings.MEDIA_ROOT) / f.crop_path for f in person.faces.all()]
    assert len(crops) == 2
    assert all(c.is_file() for c in crops)
    assert admin.post(f"/api/people/{person.pk}/forget/").status_code == 200
    assert not Person.objects.exists()
    assert not Face.objects.filter(embedding__isnull=False).exists()
    assert not any(c.exists() for c in crops)
    assert AuditEntry.objects.filter(action="person.forget").exists()


def test_a_face_not_visible_cannot_be_enrolled(back_door, admin):
    back = judged(upload(back_door, BUS.read_bytes(), [(685, 468, 125, 425)]))
    face = Face.objects.get(detection__events=back)
    assert not face.visible
    assert face.person is None
    refused = admin.post(f"/api/faces/{face.pk}/enrol/", {"name": "Someone"})
    assert refused.status_code == 400


def test_the_admin_lists_people_faces_vehicles_and_incidents(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", password="pw-for-tests")
    client.force_login(user)
    for model in ("person", "face", "vehicle", "plateread", "incident"):
        assert client.get(f"/admin/household/{model}/").status_code == 200
