"""HOMESEC_TLS=self-signed: `manage.py web` makes a certificate in RUN_DIR/secrets and
serves pages, API and WebSockets over TLS with it, with HSTS and the pages' CSP."""

import json
import shutil
import ssl
import uuid

import httpx
import pytest
from django.conf import settings
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect
from websockets.typing import Origin

from runner import processes
from tests.conftest import running, web_argv
from tests.events.test_realtime import session_cookie
from tests.servers import RUN_DIR


@pytest.fixture(scope="module")
def tls_site(django_db_setup, django_db_blocker):
    """One TLS site for the module's tests (a run folder of its own, for its certificate)."""
    run_dir = RUN_DIR / f"tls-{uuid.uuid4().hex[:6]}"
    port = processes.free_port()
    # The test's secret key, so the sessions the tests sign are the site's.
    env = {
        "HOMESEC_TLS": "self-signed",
        "HOMESEC_RUN_DIR": str(run_dir),
        "HOMESEC_SECRET_KEY": settings.SECRET_KEY,
    }
    try:
        with (
            django_db_blocker.unblock(),
            running("web-tls", web_argv(port), "web: serving", **env) as (_, log),
        ):
            yield port, run_dir / "secrets" / "web-tls.pem", log
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


@pytest.mark.django_db(transaction=True)
def test_the_site_answers_over_tls_with_its_generated_certificate(tls_site, django_user_model):
    port, pem, log = tls_site
    assert pem.stat().st_mode & 0o777 == 0o600
    assert f"web: serving https://127.0.0.1:{port}/" in log.read_text()
    trusted = ssl.create_default_context(cafile=str(pem))  # verifies it, and its names
    with httpx.Client(base_url=f"https://127.0.0.1:{port}", verify=trusted) as site:
        health = site.get("/health")
        assert health.json() == {"status": "ok"}
        assert health.headers["strict-transport-security"].startswith("max-age=31536000")
        login = site.get("/login/")
        assert login.status_code == 200
        assert "script-src 'self' 'nonce-" in login.headers["content-security-policy"]
        assert "secure" in login.headers["set-cookie"].lower()  # the CSRF cookie
    for name in ("localhost", "127.0.0.1"):
        with httpx.Client(verify=trusted) as client:
            assert client.get(f"https://{name}:{port}/health").status_code == 200
    with pytest.raises(httpx.HTTPError):  # no plain HTTP on that port
        httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)

    from knox.models import AuthToken

    token = AuthToken.objects.create(django_user_model.objects.create_user("script"))[1]
    headers = {"Authorization": f"Token {token}"}
    # The server's first socket, on a machine a second suite keeps busy, once took over
    # websockets' default 10 s to open (a browser waits longer): what is checked is that
    # it opens over TLS, not how fast.
    with connect(f"wss://127.0.0.1:{port}/ws/system/", ssl=trusted, open_timeout=60,
                 additional_headers=headers) as socket:  # fmt: skip
        socket.send(json.dumps({"type": "ping"}))
        replies = [json.loads(socket.recv(timeout=60)) for _ in range(1)]
        assert any(r["type"] in ("pong", "system_status") for r in replies)


@pytest.mark.django_db(transaction=True)
def test_the_pages_live_socket_opens_over_tls_from_the_https_origin(tls_site, django_user_model):
    """The https dashboard's socket carries its session and Origin https://host:port; it
    was refused (403) while the plain-http Origin was let in, so live pages never updated."""
    port, pem, _ = tls_site
    trusted = ssl.create_default_context(cafile=str(pem))
    cookie = session_cookie(django_user_model.objects.create_user("resident", password="pw"))

    def open_from(origin: str):
        return connect(
            f"wss://127.0.0.1:{port}/ws/events/",
            ssl=trusted,
            open_timeout=60,
            origin=Origin(origin),
            additional_headers={"Cookie": cookie},
        )

    with open_from(f"https://127.0.0.1:{port}") as socket:
        socket.send(json.dumps({"type": "ping"}))
        assert json.loads(socket.recv(timeout=60)) == {"type": "pong"}
    for origin in (f"http://127.0.0.1:{port}", "https://127.0.0.1:9999"):
        with pytest.raises(InvalidStatus) as refusal:
            open_from(origin)
        assert refusal.value.response.status_code == 403, origin
