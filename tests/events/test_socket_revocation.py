"""Sockets follow their credentials: a revoked token's sockets and a signed-out session's
sockets are closed within seconds, in whichever daphne process they are; the sockets of
other tokens and sessions stay open."""

import contextlib
import json
import time
from importlib import import_module

import httpx
import pytest
from django.conf import settings
from knox.models import AuthToken
from websockets.exceptions import ConnectionClosed

from tests.events.test_realtime import open_socket, session_cookie

SIGNED_OUT = 4401


def close_code_within(socket, seconds: float) -> int | None:
    """The close code if the server closes the socket within ``seconds``; None if not."""
    deadline = time.monotonic() + seconds
    try:
        while (left := deadline - time.monotonic()) > 0:
            socket.recv(timeout=left)  # /ws/system/ may send a status first
    except TimeoutError:
        return None
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None
    return None


def answers_pings(socket) -> bool:
    socket.send(json.dumps({"type": "ping"}))
    while True:  # skip status messages /ws/system/ may send
        message = json.loads(socket.recv(timeout=10))
        if message.get("type") == "pong":
            return True


def sockets_of(stack, server, **credential) -> list:
    return [
        stack.enter_context(open_socket(server, path=path, **credential))
        for path in ("/ws/events/", "/ws/system/")
    ]


@pytest.fixture
def resident(django_user_model):
    return django_user_model.objects.create_user("resident", password="pw-for-tests")


@pytest.mark.django_db(transaction=True)
def test_a_revoked_tokens_sockets_are_closed_and_no_other(daphne_server, resident):
    revoked_instance, revoked = AuthToken.objects.create(resident)
    _, kept = AuthToken.objects.create(resident)
    with contextlib.ExitStack() as stack:
        doomed = sockets_of(stack, daphne_server, token=revoked, origin=None)
        others = sockets_of(stack, daphne_server, token=kept, origin=None)
        others += sockets_of(stack, daphne_server, cookie=session_cookie(resident))
        with httpx.Client(base_url=f"http://{daphne_server}") as script:  # as a script revokes
            deleted = script.delete(
                f"/api/tokens/{revoked_instance.token_key}/",
                headers={"Authorization": f"Token {kept}"},
            )
        assert deleted.status_code == 204, deleted.text
        assert [close_code_within(s, 5) for s in doomed] == [SIGNED_OUT, SIGNED_OUT]
        assert all(answers_pings(s) for s in others)


def log_out(server: str, cookie: str) -> httpx.Response:
    """What the page's "Log out" button does: POST /logout/ with the page's CSRF token."""
    name, value = cookie.split("=", 1)
    with httpx.Client(base_url=f"http://{server}", cookies={name: value}) as browser:
        assert browser.get("/").status_code == 200
        return browser.post(
            "/logout/",
            headers={"X-CSRFToken": browser.cookies["csrftoken"], "Origin": f"http://{server}"},
        )


@pytest.mark.django_db(transaction=True)
def test_logging_out_closes_that_sessions_sockets_and_no_other(daphne_server, resident):
    leaving, staying = session_cookie(resident), session_cookie(resident)  # two browsers
    _, token = AuthToken.objects.create(resident)
    with contextlib.ExitStack() as stack:
        doomed = sockets_of(stack, daphne_server, cookie=leaving)
        others = sockets_of(stack, daphne_server, cookie=staying)
        others += sockets_of(stack, daphne_server, token=token, origin=None)
        assert log_out(daphne_server, leaving).status_code == 302
        assert [close_code_within(s, 5) for s in doomed] == [SIGNED_OUT, SIGNED_OUT]
        assert all(answers_pings(s) for s in others)


@pytest.mark.django_db(transaction=True)
def test_a_session_ended_without_a_log_out_closes_its_sockets(daphne_server, resident):
    """Flushed by Django (a sign-in as someone else in that browser), cleared as expired,
    or deleted in the admin: the session's row goes, and its sockets with it."""
    cookie = session_cookie(resident)
    with contextlib.ExitStack() as stack:
        doomed = sockets_of(stack, daphne_server, cookie=cookie)
        session = import_module(settings.SESSION_ENGINE).SessionStore(cookie.split("=", 1)[1])
        session.flush()
        assert [close_code_within(s, 5) for s in doomed] == [SIGNED_OUT, SIGNED_OUT]


@pytest.mark.django_db(transaction=True)
def test_a_deactivated_or_deleted_users_sockets_are_closed(
    daphne_server, resident, django_user_model
):
    other = django_user_model.objects.create_user("other", password="pw-for-tests")
    _, token = AuthToken.objects.create(resident)
    with contextlib.ExitStack() as stack:
        doomed = sockets_of(stack, daphne_server, cookie=session_cookie(resident))
        doomed += sockets_of(stack, daphne_server, token=token, origin=None)
        others = sockets_of(stack, daphne_server, cookie=session_cookie(other))
        resident.is_active = False  # an admin turns the login off
        resident.save()
        assert [close_code_within(s, 5) for s in doomed] == [SIGNED_OUT] * 4
        assert all(answers_pings(s) for s in others)
        leaving = sockets_of(stack, daphne_server, cookie=session_cookie(other))
        other.delete()
        assert [close_code_within(s, 5) for s in leaving] == [SIGNED_OUT, SIGNED_OUT]
