"""The expected-visitor schedule over the REST API, as a script or Home Assistant uses it:
admins change it, members read it, and nonsense is refused with a reason."""

import pytest
from rest_framework.test import APIClient

from cameras.models import Zone
from homesec.roles import make_admin, make_member
from household.models import ExpectedVisitor
from tests.factories import api_client_for, camera

pytestmark = pytest.mark.django_db

GARDENER = {
    "name": "Gardener",
    "kind": "regular",
    "object_types": ["person"],
    "days": ["tue"],
    "start_time": "09:00",
    "end_time": "12:00",
}


@pytest.fixture
def admin(django_user_model) -> APIClient:
    return api_client_for(django_user_model, "resident", make_admin)


@pytest.fixture
def member(django_user_model) -> APIClient:
    return api_client_for(django_user_model, "teenager", make_member)


def test_an_admin_schedules_a_visitor_and_a_member_reads_it(admin, member):
    yard = camera("Back Garden")
    zone = Zone.objects.create(
        camera=yard, name="Back Yard", kind="yard", polygon=[[0, 0], [1, 0], [1, 1]]
    )
    created = admin.post(
        "/api/visitors/", {**GARDENER, "cameras": [yard.pk], "zones": [zone.pk]}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert created.json()["window"] == "Tue 09:00–12:00"
    listed = member.get("/api/visitors/").json()["results"]
    assert [(v["name"], v["window"], v["cameras"], v["zones"]) for v in listed] == [
        ("Gardener", "Tue 09:00–12:00", ["back_garden"], [zone.pk])
    ]
    pk = created.json()["id"]
    changed = admin.patch(f"/api/visitors/{pk}/", {"end_time": "13:00"}, format="json")
    assert changed.json()["window"] == "Tue 09:00–13:00"


def test_a_member_cannot_change_the_schedule(admin, member):
    assert member.post("/api/visitors/", GARDENER, format="json").status_code == 403
    pk = admin.post("/api/visitors/", GARDENER, format="json").json()["id"]
    assert member.patch(f"/api/visitors/{pk}/", {"days": []}, format="json").status_code == 403
    assert member.delete(f"/api/visitors/{pk}/").status_code == 403
    assert ExpectedVisitor.objects.get().days == ["tue"]


@pytest.mark.parametrize(
    ("bad", "field", "words"),
    [
        ({"end_time": "09:00"}, "end_time", "ends when it starts"),
        ({"days": ["someday"]}, "days", "mon, tue"),
        ({"object_types": ["unicorn"]}, "object_types", "person"),
        ({"object_types": []}, "object_types", "at least one"),
        ({"cameras": ["nowhere"]}, "cameras", "does not exist"),
        ({"zone_kinds": ["roof"]}, "zone_kinds", "entry_point"),
        ({"kind": "burglar"}, "kind", "not a valid choice"),
        ({"start_time": "25:00"}, "start_time", "format"),
    ],
)
def test_nonsense_is_refused_with_a_reason(admin, bad, field, words):
    response = admin.post("/api/visitors/", {**GARDENER, **bad}, format="json")
    assert response.status_code == 400
    assert words in str(response.json()[field])
    assert not ExpectedVisitor.objects.exists()


def test_a_zone_must_be_on_the_cameras_chosen(admin):
    front, yard = camera("Front Door"), camera("Back Garden")
    porch = Zone.objects.create(camera=front, name="Porch", polygon=[[0, 0], [1, 0], [1, 1]])
    response = admin.post(
        "/api/visitors/", {**GARDENER, "cameras": [yard.pk], "zones": [porch.pk]}, format="json"
    )
    assert response.status_code == 400
    assert "not on the cameras chosen: Porch" in str(response.json()["zones"])


def test_the_schema_describes_the_schedule(admin):
    schema = admin.get("/api/schema/?format=json").json()
    assert {"/api/visitors/", "/api/visitors/{id}/"} <= set(schema["paths"])
