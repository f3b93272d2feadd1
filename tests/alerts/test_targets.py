"""Where alerts may go (alerts/transports.py). A push endpoint, which any signed-in browser
sets, is https at a public address (HOMESEC_PUSH_NETWORKS: none by default); an admin's
webhook or MQTT broker may be public or on the home's network (HOMESEC_CHANNEL_NETWORKS),
never this host's own services or link-local addresses by default. Names are resolved and
checked before anything is sent; no redirect is followed.

The suite allows loopback for its own receivers (tests/servers.py); each test here sets the
defaults back where it checks them."""

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from rest_framework.test import APIClient

from alerts import transports
from alerts.models import Channel, PushSubscription
from homesec.roles import make_admin, make_member

from .test_alerts import b64url

pytestmark = pytest.mark.django_db

DEFAULT_CHANNEL_NETWORKS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]


@pytest.fixture
def defaults(settings):
    settings.CHANNEL_NETWORKS = DEFAULT_CHANNEL_NETWORKS
    settings.PUSH_NETWORKS = []


def browser_keys() -> dict:
    point = ec.generate_private_key(ec.SECP256R1()).public_key()
    raw = point.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return {"p256dh": b64url(raw), "auth": b64url(os.urandom(16))}


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


class Counting(BaseHTTPRequestHandler):
    """Counts what reaches it (the server's ``hits``); answers ``answer`` on the server."""

    def do_POST(self):
        self.server.hits += 1
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status, location = getattr(self.server, "answer", (201, None))  # the TLS one: set
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.end_headers()

    def log_message(self, *args):
        pass


class CountingServer(ThreadingHTTPServer):
    hits = 0
    answer: tuple[int, str | None] = (201, None)


def counting_server() -> CountingServer:
    server = CountingServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_member_cannot_point_a_push_subscription_at_the_hosts_own_services(
    defaults, django_user_model
):
    member = django_user_model.objects.create_user("member", password="pw")
    make_member(member)
    api = signed_in(member)
    refused = {
        "http://127.0.0.1:18080/x": "https://",
        "https://127.0.0.1:18080/x": "loopback",
        "https://localhost/x": "loopback",
        "https://[::1]/x": "loopback",
        "https://169.254.169.254/latest/meta-data": "link-local",
        "https://192.168.1.1/admin": "private",
    }
    for endpoint, why in refused.items():
        body = {"endpoint": endpoint, "keys": browser_keys()}
        answer = api.post("/api/push-subscriptions/", body, format="json")
        assert answer.status_code == 400, (endpoint, answer.content)
        assert why in json.dumps(answer.json()), (endpoint, answer.json())
    assert not PushSubscription.objects.exists()
    for endpoint in ("https://8.8.8.8/push/abc", "https://push.example.invalid/x"):
        body = {"endpoint": endpoint, "keys": browser_keys()}  # public; unknown till it is used
        public = api.post("/api/push-subscriptions/", body, format="json")
        assert public.status_code == 201, public.content


def test_a_stored_push_endpoint_on_a_private_address_is_never_sent_to(defaults, django_user_model):
    """One stored before the check (or whose name now resolves elsewhere): refused at send."""
    server = counting_server()
    try:
        PushSubscription.objects.create(
            user=django_user_model.objects.create_user("old"),
            **browser_keys(),
            endpoint=f"https://127.0.0.1:{server.server_address[1]}/push/x",
        )
        PushSubscription.objects.create(
            user=django_user_model.objects.create_user("gone"),
            **browser_keys(),
            endpoint="https://push.example.invalid/x",
        )
        with pytest.raises(transports.DeliveryError) as refused:
            transports.webpush(
                {"type": "digest", **dict.fromkeys(MESSAGE_KEYS)}, PushSubscription.objects.all()
            )
        assert "127.0.0.1 is 127.0.0.1, a loopback address" in str(refused.value)
        assert "push.example.invalid does not resolve" in str(refused.value)
    finally:
        server.shutdown()
    assert server.hits == 0


MESSAGE_KEYS = (
    "alert_id",
    "event_id",
    "camera_name",
    "risk_level",
    "summary",
    "time",
    "url",
    "delivery_key",
    "alert_revision",
)


def test_a_push_service_redirect_is_not_followed(tls_push_service, django_user_model):
    elsewhere = counting_server()
    service, origin = tls_push_service(Counting)
    service.hits = 0
    service.answer = (307, f"http://127.0.0.1:{elsewhere.server_address[1]}/internal")
    try:
        PushSubscription.objects.create(
            user=django_user_model.objects.create_user("phone"),
            **browser_keys(),
            endpoint=f"{origin}/push/phone",
        )
        with pytest.raises(transports.DeliveryError, match="HTTP 307"):
            transports.webpush(
                {"type": "digest", **dict.fromkeys(MESSAGE_KEYS)}, PushSubscription.objects.all()
            )
    finally:
        elsewhere.shutdown()
    assert service.hits == 1
    assert elsewhere.hits == 0
    assert PushSubscription.objects.count() == 1  # a redirect is no "gone"


def test_an_admins_channel_may_reach_the_home_network_but_not_this_hosts_services(
    defaults, django_user_model
):
    admin = django_user_model.objects.create_user("admin", password="pw")
    make_admin(admin)
    api = signed_in(admin)
    refused = [
        ("webhook", "http://127.0.0.1:6379/"),  # Redis
        ("webhook", "http://localhost:8000/api/"),
        ("webhook", "http://169.254.169.254/latest/meta-data/"),
        ("webhook", "http://[::1]:5432/"),
        ("mqtt", "mqtt://127.0.0.1:5432"),  # PostgreSQL
    ]
    for kind, target in refused:
        answer = api.post(
            "/api/channels/", {"name": target, "kind": kind, "target": target}, format="json"
        )
        assert answer.status_code == 400, (target, answer.content)
        assert "not a place alerts may go" in json.dumps(answer.json())
        assert "HOMESEC_CHANNEL_NETWORKS" in json.dumps(answer.json())
    for kind, target in [("webhook", "http://192.168.1.20:8123/api/webhook/x"),
                         ("mqtt", "mqtt://10.0.0.5:1883"),
                         ("webhook", "https://8.8.8.8/hook")]:  # fmt: skip
        answer = api.post(
            "/api/channels/", {"name": target, "kind": kind, "target": target}, format="json"
        )
        assert answer.status_code == 201, (target, answer.content)


def test_a_stored_channel_on_loopback_sends_nothing_until_its_network_is_allowed(
    defaults, settings
):
    server = counting_server()
    target = f"http://127.0.0.1:{server.server_address[1]}/hook"
    channel = Channel.objects.create(name="old", kind="webhook", target=target)  # no clean()
    try:
        with pytest.raises(transports.DeliveryError, match="loopback address"):
            transports.webhook(channel, b"{}")
        assert server.hits == 0
        settings.CHANNEL_NETWORKS = [*DEFAULT_CHANNEL_NETWORKS, "127.0.0.0/8"]  # said outright
        transports.webhook(channel, b"{}")
        assert server.hits == 1
        server.answer = (307, "http://127.0.0.1:1/elsewhere")
        with pytest.raises(transports.DeliveryError, match="HTTP 307"):
            transports.webhook(channel, b"{}")
        assert server.hits == 2
    finally:
        server.shutdown()


def test_a_network_that_is_no_network_is_refused_at_start_up(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from homesec.settings_alerts import _networks

    monkeypatch.setenv("HOMESEC_CHANNEL_NETWORKS", "192.168.0.0/16,my-lan")
    with pytest.raises(ImproperlyConfigured, match="'my-lan' is not a network"):
        _networks("HOMESEC_CHANNEL_NETWORKS", [])
