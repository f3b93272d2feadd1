"""The Incidents pages and the People page's split, through Django's test client: who may
look and who may change, an unknown incident is a 404, a split is audited. (Chromium
drives the same pages in test_people_pages.py.)"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from homesec.models import AuditEntry
from homesec.roles import make_admin, make_member
from household.models import Face, Incident, Person, Vehicle
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident():
    """A stranger at the front door, then the back door two minutes later."""
    front, back = factories.camera("Front Door"), factories.camera("Back Door")
    first = factories.event(front, score=40, summary="Unfamiliar person at the front door")
    second = factories.event(back, score=70, summary="Unfamiliar person at the back door")
    second.started_at = first.started_at + timedelta(minutes=2)
    second.save()
    person = Person.objects.create()
    found = Incident.objects.create(
        key=f"person:{person.pk}",
        who=person.display_name,
        started_at=first.started_at,
        ended_at=second.started_at,
    )
    found.events.add(second, first)
    return found


def logged_in(django_user_model, name: str, role) -> Client:
    user = django_user_model.objects.create_user(name)
    role(user)
    client = Client()
    client.force_login(user)
    return client


def test_the_incident_pages_need_a_login(incident):
    for path in ["/incidents/", f"/incidents/{incident.pk}/"]:
        response = Client().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_an_unknown_incident_is_not_found(incident, django_user_model):
    member = logged_in(django_user_model, "sam", make_member)
    assert member.get(f"/incidents/{incident.pk + 1000}/").status_code == 404


def test_a_member_sees_the_incident_path_in_order_and_its_name_as_it_reads_now(
    incident, django_user_model
):
    member = logged_in(django_user_model, "sam", make_member)
    Person.objects.filter(pk=incident.key.split(":")[1]).update(name="Anna")
    page = member.get(f"/incidents/{incident.pk}/").content.decode()
    assert "Incident: Anna" in page
    assert page.index("Unfamiliar person at the front door") < page.index("at the back door")
    listed = member.get("/incidents/").content.decode()
    assert "Front Door → Back Door" in listed
    assert f'href="/incidents/{incident.pk}/"' in listed


def test_a_plate_incident_names_the_household_vehicle(django_user_model):
    cam = factories.camera("Drive")
    event = factories.event(cam, summary="A car in the drive")
    found = Incident.objects.create(
        key="plate:AB12CDE",
        who="plate AB12CDE",
        started_at=event.started_at,
        ended_at=event.started_at,
    )
    found.events.add(event)
    Vehicle.objects.create(plate="AB12CDE", name="Family car")
    member = logged_in(django_user_model, "sam", make_member)
    assert "plate AB12CDE: " in member.get(f"/incidents/{found.pk}/").content.decode()
    assert "Family car" in member.get("/incidents/").content.decode()


def two_faces() -> tuple[Person, Face]:
    person = Person.objects.create()
    faces = [
        Face.objects.create(
            person=person,
            embedding=[0.0] * 128,
            crop_path=f"f{i}.jpg",
            camera_id="back_door",
            seen_at=timezone.now(),
        )
        for i in range(2)
    ]
    return person, faces[0]


def test_a_member_may_not_split_a_face(django_user_model):
    _, face = two_faces()
    member = logged_in(django_user_model, "sam", make_member)
    assert "Split off" not in member.get("/people/").content.decode()
    assert member.post(f"/people/faces/{face.pk}/split/").status_code == 403
    assert Person.objects.count() == 1


def test_an_admin_splits_a_face_into_a_new_unknown_person_and_it_is_audited(django_user_model):
    person, face = two_faces()
    admin = logged_in(django_user_model, "alex", make_admin)
    response = admin.post(f"/people/faces/{face.pk}/split/", follow=True)
    face.refresh_from_db()
    assert face.person_id != person.pk
    assert f"Split off from Unknown #{person.pk}: now Unknown #{face.person_id}" in (
        response.content.decode()
    )
    entry = AuditEntry.objects.get(action="face.split")
    assert entry.username == "alex"
    assert entry.changes == {"person": face.person_id}
    again = admin.post(f"/people/faces/{face.pk}/split/", follow=True)  # its only face now
    assert "Only a face of a person seen more than once" in again.content.decode()
    assert Person.objects.count() == 2
