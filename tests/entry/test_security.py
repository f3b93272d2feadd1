"""Who did what from where (the audit log), login attempts rate-limited, security headers."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from alerts.models import Channel
from cameras.models import Camera
from homesec.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(django_user_model):
    return django_user_model.objects.create_superuser("resident", password="pw-for-tests")


def test_api_changes_are_audited_with_who_what_and_where(resident):
    api = APIClient(REMOTE_ADDR="192.168.1.23")
    api.force_authenticate(resident)
    event = factories.event(factories.camera())
    api.patch(f"/api/events/{event.pk}/", {"reviewed": True}, format="json")
    api.put("/api/mode/", {"mode": "away"}, format="json")
    hook = {"name": "hook", "kind": "webhook", "target": "https://example.lan/h"}
    made = api.post("/api/channels/", hook, format="json")
    api.post("/api/tokens/")
    entries = {e.action: e for e in AuditEntry.objects.all()}
    assert set(entries) == {"event.update", "housemode.update", "channel.create", "token.create"}
    review = entries["event.update"]
    assert (review.username, review.ip, review.changes) == (
        "resident",
        "192.168.1.23",
        {"reviewed": True},
    )
    assert review.target.startswith(f"event {event.pk}")
    assert entries["housemode.update"].changes == {"mode": "away"}
    assert "secret" not in made.json()  # write-only
    assert Channel.objects.get(pk=made.json()["id"]).secret not in str(
        entries["channel.create"].changes
    )


def test_admin_changes_are_audited_too(resident):
    admin = Client(REMOTE_ADDR="10.0.0.7")
    admin.force_login(resident)
    camera = factories.camera()
    page = admin.post(f"/admin/cameras/camera/{camera.pk}/change/", {
        "id": camera.pk, "name": "Front Door", "folder_path": "Front Door",
        "description": "the porch",
        "enabled": "on", "status": "offline", "zones-TOTAL_FORMS": "0",
        "zones-INITIAL_FORMS": "0",
    })  # fmt: skip
    assert page.status_code == 302, page.content.decode()[:2000]
    assert Camera.objects.get().description == "the porch"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.username, entry.ip) == ("camera.update", "resident", "10.0.0.7")
    assert entry.changes["via"] == "admin"
    listing = admin.get("/admin/homesec/auditentry/")
    assert "camera.update" in listing.content.decode()


def test_login_attempts_are_rate_limited(resident, settings):
    settings.AXES_FAILURE_LIMIT = 3
    browser = Client(REMOTE_ADDR="203.0.113.9")

    def log_in(password):
        return browser.post(
            "/admin/login/?next=/admin/", {"username": "resident", "password": password}
        )

    for _ in range(2):
        assert log_in("wrong").status_code == 200  # the form again, with its error
    assert log_in("wrong").status_code == 429  # the third failure locks the pair out
    locked = log_in("pw-for-tests")
    assert locked.status_code == 429
    assert "_auth_user_id" not in browser.session
    elsewhere = Client(REMOTE_ADDR="198.51.100.4")
    ok = elsewhere.post(
        "/admin/login/?next=/admin/", {"username": "resident", "password": "pw-for-tests"}
    )
    assert ok.status_code == 302  # another address is not locked out


def test_security_headers(resident):
    browser = Client()
    logged_in = browser.post(
        "/admin/login/?next=/admin/", {"username": "resident", "password": "pw-for-tests"}
    )
    assert logged_in.cookies["sessionid"]["httponly"]
    response = browser.get("/admin/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
