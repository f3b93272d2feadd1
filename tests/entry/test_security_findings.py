"""The security probe's findings, replayed as an ordinary household login would try them
(issue 15). Each must fail as it should. The FTP findings are replayed against a real
FTP server in tests/cameras/test_ftp.py; the body limits and sockets against a real
daphne in tests/entry/ and tests/events/."""

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from alerts.models import AlertRule, Channel, HouseMode
from cameras.models import Camera, Zone
from homesec.models import DeadLetter
from homesec.roles import make_member
from household.models import Household
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(django_user_model):
    """A household member: a login in the Members group, not staff."""
    user = django_user_model.objects.create_user("teen", password="pw-for-tests")
    make_member(user)
    return user


@pytest.fixture
def api(member) -> APIClient:
    client = APIClient()
    client.force_authenticate(member)
    return client


def test_a_member_cannot_point_a_camera_anywhere(api):
    factories.camera()
    for folder in ["../secrets", "/etc"]:  # finding 1, the exact requests
        answer = api.patch("/api/cameras/front_door/", {"folder_path": folder}, format="json")
        assert answer.status_code == 403
        assert answer.json() == {"detail": "Only an admin can change this."}
    assert Camera.objects.get().folder_path == "Front Door"


def test_a_member_changes_no_setup_but_reviews_acknowledges_and_sets_the_mode(api, member):
    cam = factories.camera()
    zone = Zone.objects.create(camera=cam, name="door", polygon=[[0, 0], [1, 0], [1, 1]])
    channel = Channel.objects.create(name="hook", kind="webhook", target="https://hook.lan/x")
    rule = AlertRule.objects.create(name="all")
    letter = DeadLetter.objects.create(task="alerts.tasks.deliver", args=[1], error="x")
    refused = [
        ("post", "/api/cameras/", {"id": "x", "name": "X", "folder_path": "X"}),
        ("patch", f"/api/cameras/{cam.pk}/", {"enabled": False}),
        ("delete", f"/api/cameras/{cam.pk}/", None),
        ("patch", f"/api/zones/{zone.pk}/", {"name": "gone"}),
        ("post", "/api/channels/", {"name": "mine", "kind": "webhook", "target": "https://x.lan"}),
        ("patch", f"/api/channels/{channel.pk}/", {"target": "https://attacker.lan/"}),
        ("patch", f"/api/alert-rules/{rule.pk}/", {"enabled": False}),
        ("delete", f"/api/alert-rules/{rule.pk}/", None),
        ("post", f"/api/dead-letters/{letter.pk}/requeue/", None),
        ("delete", f"/api/dead-letters/{letter.pk}/", None),
    ]
    for method, url, body in refused:
        answer = getattr(api, method)(url, body, format="json")
        assert answer.status_code == 403, (method, url, answer.status_code)
    assert Camera.objects.get().enabled
    assert Channel.objects.get().target == "https://hook.lan/x"
    assert DeadLetter.objects.exists()

    event = factories.event(cam)
    assert (
        api.patch(f"/api/events/{event.pk}/", {"reviewed": True}, format="json").status_code == 200
    )
    assert api.post("/api/events/review/", {"ids": [event.pk]}, format="json").status_code == 200
    assert api.put("/api/mode/", {"mode": "away"}, format="json").status_code == 200
    assert HouseMode.current() == "away"
    assert api.post("/api/tokens/").status_code == 201  # their own tokens
    assert len(api.get("/api/tokens/").json()["results"]) == 1
    assert api.get("/api/cameras/").status_code == 200  # and sees everything


def test_a_member_changes_no_setup_on_the_pages_either(member):
    page = Client()
    page.force_login(member)
    cam = factories.camera()
    Household.current()
    assert page.get(f"/cameras/{cam.pk}/").status_code == 200  # may look
    posts = [
        (f"/cameras/{cam.pk}/", {"name": "Renamed", "description": "", "enabled": "on"}),
        (
            "/settings/",
            {
                "context": "nobody home",
                "fast_path_confidence": "0.5",
                "camera_offline_after_seconds": "600",
            },
        ),
        ("/alerts/rules/new/", {"name": "mine", "min_risk_score": "0", "cooldown_seconds": "0"}),
    ]
    for url, form in posts:
        assert page.post(url, form).status_code == 403, url
    assert Camera.objects.get().name == "Front Door"
    assert not AlertRule.objects.exists()
    event = factories.event(cam)
    assert page.post(f"/events/{event.pk}/update/", {"reviewed": "1"}).status_code == 302
    assert page.post("/mode/", {"mode": "night"}).status_code == 302


def test_channel_secrets_are_never_returned(api):
    Channel.objects.create(name="hook", kind="webhook", target="https://hook.lan/x")
    Channel.objects.create(name="ha", kind="mqtt", target="mqtt://homesec:hunter2@broker.lan:1883")
    Channel.objects.create(
        name="ha-hook", kind="webhook", target="http://ha.lan:8123/api/webhook/s3cret-id"
    )
    rows = {row["name"]: row for row in api.get("/api/channels/").json()["results"]}
    assert "secret" not in rows["hook"]  # finding 6: the HMAC key was returned
    assert rows["ha"]["target"] == "mqtt://broker.lan:1883"  # a member sees where, no more
    assert rows["ha-hook"]["target"] == "http://ha.lan:8123"  # a webhook's path is its secret
    assert "hunter2" not in api.get(f"/api/channels/{rows['ha']['id']}/").content.decode()


def test_a_masked_target_sent_back_keeps_its_password(django_user_model):
    admin = django_user_model.objects.create_superuser("owner", password="pw-for-tests")
    api = APIClient()
    api.force_authenticate(admin)
    ha = Channel.objects.create(name="ha", kind="mqtt", target="mqtt://homesec:hunter2@b.lan")
    shown = api.get(f"/api/channels/{ha.pk}/").json()
    assert shown["target"] == "mqtt://homesec:********@b.lan"  # an admin sees it masked
    answer = api.put(f"/api/channels/{ha.pk}/", {**shown, "enabled": False}, format="json")
    assert answer.status_code == 200
    ha.refresh_from_db()
    assert (ha.target, ha.enabled) == ("mqtt://homesec:hunter2@b.lan", False)
    elsewhere = {**shown, "target": "mqtt://homesec:********@attacker.lan"}
    answer = api.put(f"/api/channels/{ha.pk}/", elsewhere, format="json")
    assert answer.status_code == 400  # the stored password never follows it to a new host
    assert "password typed in" in str(answer.json()["target"])
    from homesec.models import AuditEntry

    assert "hunter2" not in str(list(AuditEntry.objects.values_list("changes", flat=True)))


def test_free_text_is_bounded_with_a_clear_error(django_user_model):
    admin = django_user_model.objects.create_superuser("owner", password="pw-for-tests")
    api = APIClient()
    api.force_authenticate(admin)
    event = factories.event(factories.camera())
    note = "x" * 2_000_000  # finding 8: a 2 MB note was stored
    answer = api.patch(f"/api/events/{event.pk}/", {"notes": note}, format="json")
    assert answer.status_code in (400, 413)
    assert (
        api.patch(
            "/api/cameras/front_door/", {"description": "y" * 5000}, format="json"
        ).status_code
        == 400
    )
    event.refresh_from_db()
    assert event.notes == ""


def test_pages_carry_a_content_security_policy_and_no_inline_handlers(django_user_model):
    admin = django_user_model.objects.create_superuser("owner", password="pw-for-tests")
    page = Client()
    page.force_login(admin)
    event = factories.event(factories.camera())
    for url in ["/", "/events/", f"/events/{event.pk}/", "/cameras/front_door/", "/system/",
                "/alerts/", "/settings/", "/admin/"]:  # fmt: skip
        answer = page.get(url)
        policy = answer["Content-Security-Policy"]
        nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
        scripts = policy.split(";")[1]
        assert scripts == f" script-src 'self' 'nonce-{nonce}'"  # nothing inline without it
        html = answer.content.decode()
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), url  # no onclick=, onchange=
        for script in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html):
            assert "application/json" in script or f'nonce="{nonce}"' in script, (url, script)
    assert "Content-Security-Policy" in Client().get("/login/")


def test_flower_listens_on_loopback_whatever_the_bind(settings, tmp_path):
    from runner.supervisor import Runner

    settings.BIND_ADDRESS = "0.0.0.0"
    children = {child.name: child for child in Runner(tmp_path)._plan()}
    assert "--address=127.0.0.1" in children["flower"].argv  # finding 8: /metrics anonymous
    assert "0.0.0.0" in children["web"].argv
