"""Events reach browsers: Celery task → channel layer (Redis) → daphne → WebSocket client."""

import json
import time

import pytest
from django.conf import settings
from django.test import Client
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from events.tasks import broadcast_event

from . import factories


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def open_socket(server: str, cookie: str | None = None):
    headers = {"Cookie": cookie} if cookie else {}
    return connect(
        f"ws://{server}/ws/events/",
        additional_headers=headers,
        origin=f"http://{server.split(':')[0]}",
        open_timeout=10,
    )


@pytest.mark.django_db(transaction=True)
def test_an_event_published_by_a_task_reaches_a_logged_in_browser(
    daphne_server, celery_worker, django_user_model
):
    user = django_user_model.objects.create_user("resident", password="pw-for-tests")
    event = factories.event(factories.camera(), score=72, summary="Person at the front door")
    with open_socket(daphne_server, session_cookie(user)) as socket:
        assert broadcast_event.delay(event.pk).get(timeout=20) is True
        message = json.loads(socket.recv(timeout=10))
    assert message["type"] == "event"
    assert message["data"]["event_id"] == event.pk
    assert message["data"]["camera_id"] == "front_door"
    assert message["data"]["risk_score"] == 72
    assert message["data"]["risk_level"] == "high"
    assert message["data"]["summary"] == "Person at the front door"


@pytest.mark.django_db(transaction=True)
def test_a_socket_idle_longer_than_the_layers_blocking_read_still_gets_events(
    daphne_server, celery_worker, django_user_model
):
    """channels-redis blocks 5 s per read; redis-py 8 turned that into a crash (pinned < 8)."""
    user = django_user_model.objects.create_user("resident", password="pw-for-tests")
    event = factories.event(factories.camera(), score=40)
    with open_socket(daphne_server, session_cookie(user)) as socket:
        time.sleep(7)
        assert broadcast_event.delay(event.pk).get(timeout=20) is True
        message = json.loads(socket.recv(timeout=10))
    assert message["data"]["event_id"] == event.pk


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_websocket_is_refused(daphne_server):
    with pytest.raises(InvalidStatus) as refused:
        open_socket(daphne_server)
    assert refused.value.response.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_forged_session_cookie_is_refused(daphne_server):
    with pytest.raises(InvalidStatus) as refused:
        open_socket(daphne_server, f"{settings.SESSION_COOKIE_NAME}=not-a-session")
    assert refused.value.response.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_malformed_client_messages_get_an_error_not_a_crash(daphne_server, django_user_model):
    user = django_user_model.objects.create_user("resident", password="pw-for-tests")
    with open_socket(daphne_server, session_cookie(user)) as socket:
        socket.send("{not json")
        assert json.loads(socket.recv(timeout=10))["type"] == "error"
        socket.send(json.dumps(["a", "list"]))
        assert json.loads(socket.recv(timeout=10))["type"] == "error"
        socket.send(json.dumps({"type": "ping"}))
        assert json.loads(socket.recv(timeout=10)) == {"type": "pong"}
