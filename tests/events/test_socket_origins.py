"""Which sockets the site accepts: a session only from the site's own origin (scheme, host
and port, as Django's CSRF check), a token from anywhere. The security probe's handshakes,
replayed against the daphne processes of `manage.py web`."""

import json

import pytest
from knox.models import AuthToken
from websockets.exceptions import InvalidStatus

from runner import processes
from tests.conftest import serving, web_argv
from tests.events.test_realtime import open_socket, session_cookie


def answers_pings(socket) -> bool:
    socket.send(json.dumps({"type": "ping"}))
    return json.loads(socket.recv(timeout=10)) == {"type": "pong"}


def refused(server: str, **how) -> int:
    with pytest.raises(InvalidStatus) as refusal:
        open_socket(server, **how)
    return refusal.value.response.status_code


@pytest.fixture
def cookie(django_user_model) -> str:
    return session_cookie(django_user_model.objects.create_user("resident", password="pw"))


@pytest.fixture
def token(django_user_model) -> str:
    return AuthToken.objects.create(django_user_model.objects.create_user("homeassistant"))[1]


@pytest.mark.django_db(transaction=True)
def test_a_session_socket_is_accepted_from_the_sites_own_origin_only(daphne_server, cookie):
    port = daphne_server.rsplit(":", 1)[1]
    with open_socket(daphne_server, cookie) as socket:  # Origin http://127.0.0.1:<port>
        assert answers_pings(socket)
    for path in ("/ws/events/", "/ws/system/"):
        # Another site on the same host (another port): channels' check let it in.
        assert (
            refused(daphne_server, cookie=cookie, path=path, origin="http://127.0.0.1:9999") == 403
        )
        assert (
            refused(daphne_server, cookie=cookie, path=path, origin=f"https://127.0.0.1:{port}")
            == 403
        )
        assert (
            refused(daphne_server, cookie=cookie, path=path, origin=f"http://evil.example:{port}")
            == 403
        )
        assert refused(daphne_server, cookie=cookie, path=path, origin=None) == 403
        assert refused(daphne_server, cookie=cookie, path=path, origin="null") == 403


@pytest.mark.django_db(transaction=True)
def test_a_token_socket_needs_no_origin_and_any_origin_will_do(daphne_server, token):
    for path in ("/ws/events/", "/ws/system/"):
        with open_socket(daphne_server, token=token, path=path, origin=None) as socket:
            if path == "/ws/events/":
                assert answers_pings(socket)
        with open_socket(daphne_server, token=token, path=path,
                         origin="http://127.0.0.1:9999") as socket:  # fmt: skip
            if path == "/ws/events/":
                assert answers_pings(socket)


@pytest.mark.django_db(transaction=True)
def test_a_bad_token_is_refused_even_beside_a_good_session(daphne_server, cookie):
    """A socket that shows a token stands on it alone."""
    assert refused(daphne_server, cookie=cookie, token="not-a-token") == 403
    assert refused(daphne_server, token="not-a-token", origin=None) == 403


@pytest.mark.django_db(transaction=True)
def test_anonymous_sockets_are_refused_from_any_origin(daphne_server):
    for origin in (None, "http://127.0.0.1:9999"):
        assert refused(daphne_server, origin=origin) == 403
    assert refused(daphne_server) == 403


@pytest.mark.django_db(transaction=True)
def test_a_trusted_origin_counts_exactly_as_written(cookie):
    """Behind a TLS proxy the browser's origin (https://home.example) is not the one daphne
    sees; CSRF_TRUSTED_ORIGINS names it, as for Django's own forms."""
    port = processes.free_port()
    trusted = {"HOMESEC_CSRF_TRUSTED_ORIGINS": "https://home.example"}
    with serving("web-origins", web_argv(port, 1), port, "web: serving", **trusted) as server:
        with open_socket(server, cookie, origin="https://home.example") as socket:
            assert answers_pings(socket)
        for near in ("https://home.example:8443", "http://home.example", "https://a.home.example"):
            assert refused(server, cookie=cookie, origin=near) == 403
