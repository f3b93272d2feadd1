"""The expected-visitor schedule on the Settings page: an admin adds, edits and deletes a
window and sees it listed; a member sees it and cannot change it."""

import pytest
from django.test import Client

from cameras.models import Zone
from homesec.roles import make_admin, make_member
from household.models import ExpectedVisitor
from tests.factories import camera
from tests.household.test_visitors import TUESDAY, WHOLE_IMAGE, judged, local, schedule_gardener

pytestmark = pytest.mark.django_db

GARDENER = {
    "name": "Gardener",
    "kind": "regular",
    "enabled": "on",
    "object_types": ["person"],
    "days": ["tue"],
    "start_time": "09:00",
    "end_time": "12:00",
}


def logged_in(django_user_model, name: str, role) -> Client:
    user = django_user_model.objects.create_user(name, password="pw-for-tests")
    role(user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin(django_user_model) -> Client:
    return logged_in(django_user_model, "resident", make_admin)


@pytest.fixture
def yard():
    cam = camera("Back Garden")
    return Zone.objects.create(camera=cam, name="Back Yard", kind="yard", polygon=WHOLE_IMAGE)


def test_an_admin_adds_the_gardener_and_sees_him_on_the_settings_page(admin, yard):
    page = admin.get("/settings/").content.decode()
    assert "Nobody is expected yet" in page
    saved = admin.post("/settings/visitors/new/", {**GARDENER, "zones": [yard.pk]}, follow=True)
    page = saved.content.decode()
    assert "Expected visitor “Gardener, Tue 09:00–12:00” saved." in page
    assert "Tue 09:00–12:00" in page
    assert "Back Yard" in page
    visitor = ExpectedVisitor.objects.get()
    assert (visitor.days, visitor.object_types, list(visitor.zones.all())) == (
        ["tue"],
        ["person"],
        [yard],
    )


def test_an_admin_moves_the_window_and_deletes_it(admin):
    admin.post("/settings/visitors/new/", GARDENER)
    pk = ExpectedVisitor.objects.get().pk
    form = admin.get(f"/settings/visitors/{pk}/").content.decode()
    assert 'value="09:00"' in form
    moved = {
        **GARDENER,
        "days": ["mon", "tue", "wed", "thu", "fri", "sat"],
        "start_time": "22:00",
        "end_time": "06:00",
    }
    page = admin.post(f"/settings/visitors/{pk}/", moved, follow=True).content.decode()
    assert "Mon–Sat 22:00–06:00" in page
    page = admin.post(f"/settings/visitors/{pk}/delete/", follow=True).content.decode()
    assert "deleted" in page
    assert "Nobody is expected yet" in page
    assert not ExpectedVisitor.objects.exists()


def test_the_form_says_what_is_wrong(admin, yard):
    other = Zone.objects.create(
        camera=camera("Front Door"), name="Porch", polygon=[[0, 0], [1, 0], [1, 1]]
    )
    bad = {
        **GARDENER,
        "end_time": "09:00",
        "object_types": [],
        "cameras": [yard.camera_id],
        "zones": [other.pk],
    }
    page = admin.post("/settings/visitors/new/", bad).content.decode()
    assert "the window ends when it starts" in page
    assert "This field is required." in page  # no kind of object ticked
    assert not ExpectedVisitor.objects.exists()
    bad = {**GARDENER, "cameras": [yard.camera_id], "zones": [other.pk]}
    page = admin.post("/settings/visitors/new/", bad).content.decode()
    assert "not on the cameras chosen: Porch" in page


def test_a_member_sees_the_schedule_and_cannot_change_it(admin, django_user_model):
    admin.post("/settings/visitors/new/", GARDENER)
    member = logged_in(django_user_model, "teenager", make_member)
    assert "Tue 09:00–12:00" in member.get("/settings/").content.decode()
    assert member.post("/settings/visitors/new/", {**GARDENER, "name": "x"}).status_code == 403
    pk = ExpectedVisitor.objects.get().pk
    assert member.post(f"/settings/visitors/{pk}/delete/").status_code == 403
    assert ExpectedVisitor.objects.count() == 1


def test_the_admin_site_schedules_and_validates_a_visitor(admin_client):
    form = {
        "name": "Parcel deliveries",
        "kind": "delivery",
        "enabled": "on",
        "object_types": '["person", "truck"]',
        "days": "[]",
        "zone_kinds": "[]",
        "start_time": "10:00",
        "end_time": "16:00",
    }
    refused = admin_client.post("/admin/household/expectedvisitor/add/", {**form, "days": '["x"]'})
    assert "days: a list of mon, tue" in refused.content.decode()
    admin_client.post("/admin/household/expectedvisitor/add/", form)
    listed = admin_client.get("/admin/household/expectedvisitor/").content.decode()
    assert "daily 10:00–16:00" in listed
    assert ExpectedVisitor.objects.get().object_types == ["person", "truck"]


def test_the_event_page_says_which_expected_visitor_matched(admin, yard, broker):
    schedule_gardener()
    event = judged(yard.camera, local(TUESDAY, 10, 30))
    page = admin.get(f"/events/{event.pk}/").content.decode()
    assert '<dt>Expected</dt><dd id="expected">Gardener, Tue 09:00–12:00, Back Yard</dd>' in page
    outside = judged(yard.camera, local(TUESDAY, 15))
    assert 'id="expected"' not in admin.get(f"/events/{outside.pk}/").content.decode()
