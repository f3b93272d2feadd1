"""HOMESEC_TLS=self-signed: `manage.py web` makes a certificate in RUN_DIR/secrets and
serves pages, API and WebSockets over TLS with it, with HSTS and the pages' CSP."""

import json
import ssl

import httpx
import pytest
from websockets.sync.client import connect

from runner import processes
from tests.conftest import running, web_argv


@pytest.fixture
def tls_site(run_dir, django_db_setup, django_db_blocker):
    port = processes.free_port()
    env = {"HOMESEC_TLS": "self-signed", "HOMESEC_RUN_DIR": str(run_dir)}
    with (
        django_db_blocker.unblock(),
        running("web-tls", web_argv(port), "web: serving", **env) as (
            _,
            log,
        ),
    ):
        yield port, run_dir / "secrets" / "web-tls.pem", log


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
