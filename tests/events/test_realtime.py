"""Events reach browsers: Celery task → channel layer (Redis) → daphne → WebSocket client."""

import json
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from events.tasks import broadcast_event
from tests import factories


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


SITE = object()  # the Origin a page of the site itself sends


def open_socket(
    server: str, cookie: str | None = None, *, path="/ws/events/", token=None, origin=SITE
):
    """A WebSocket as a page of the site opens it (its Origin is the site's: scheme, host
    and port), unless ``origin`` says otherwise (None: no Origin, as a script)."""
    headers = {"Cookie": cookie} if cookie else {}
    if token:
        headers["Authorization"] = f"Token {token}"
    return connect(
        f"ws://{server}{path}",
        additional_headers=headers,
        origin=f"http://{server}" if origin is SITE else origin,
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


def received(socket, count: int) -> list[dict]:
    return [json.loads(socket.recv(timeout=10)) for _ in range(count)]


@pytest.mark.django_db(transaction=True)
def test_a_client_back_from_a_gap_gets_what_it_missed_in_order_once(
    daphne_server, broker, django_user_model
):
    user = django_user_model.objects.create_user("resident", password="pw-for-tests")
    cookie = session_cookie(user)
    cam = factories.camera()
    first = [factories.event(cam, summary=f"before {i}") for i in range(3)]
    with open_socket(daphne_server, cookie) as socket:
        for event in first:
            broadcast_event.apply(args=(event.pk,))
        seen = received(socket, 3)
    assert [m["seq"] for m in seen] == [1, 2, 3]
    assert [m["data"]["event_id"] for m in seen] == [e.pk for e in first]
    assert all(m["timestamp"] for m in seen)

    missed = [factories.event(cam, summary=f"while away {i}") for i in range(4)]
    for event in missed:  # published while nobody listened
        broadcast_event.apply(args=(event.pk,))
    with open_socket(daphne_server, cookie) as socket:
        socket.send(json.dumps({"type": "resume", "since": 3}))
        replayed = received(socket, 4)
        socket.send(json.dumps({"type": "resume", "since": 7}))  # up to date: nothing
        socket.send(json.dumps({"type": "ping"}))
        assert json.loads(socket.recv(timeout=10)) == {"type": "pong"}
    assert [m["seq"] for m in replayed] == [4, 5, 6, 7]
    assert [m["data"]["summary"] for m in replayed] == [e.summary for e in missed]


@pytest.mark.django_db(transaction=True)
def test_a_client_too_far_behind_or_from_before_a_reset_is_told_to_resync(
    daphne_server, broker, django_user_model, monkeypatch
):
    from events import broadcast

    monkeypatch.setattr(broadcast, "REPLAY_SIZE", 5)
    user = django_user_model.objects.create_user("resident", password="pw-for-tests")
    event = factories.event(factories.camera())
    for _ in range(8):
        broadcast_event.apply(args=(event.pk,))
    with open_socket(daphne_server, session_cookie(user)) as socket:
        socket.send(json.dumps({"type": "resume", "since": 1}))  # 2 and 3 are gone
        assert json.loads(socket.recv(timeout=10))["type"] == "resync"
        socket.send(json.dumps({"type": "resume", "since": 3}))  # 4..8 are kept
        assert [m["seq"] for m in received(socket, 5)] == [4, 5, 6, 7, 8]
        socket.send(json.dumps({"type": "resume", "since": 50}))  # numbers from before a reset
        assert json.loads(socket.recv(timeout=10))["type"] == "resync"
        for since in (None, -1, "3", True):
            socket.send(json.dumps({"type": "resume", "since": since}))
            assert json.loads(socket.recv(timeout=10))["type"] == "error"


def _next_status(socket) -> dict:
    """The next message but the performance collector's (tests/ops/test_performance.py)."""
    while True:
        message = json.loads(socket.recv(timeout=10))
        if not message["type"].startswith("performance_"):
            return message


@pytest.mark.django_db(transaction=True)
def test_the_system_socket_sends_status_and_service_changes(
    daphne_server, broker, django_user_model, settings
):
    from ops import status

    user = django_user_model.objects.create_user("resident", password="pw-for-tests")
    cam = factories.camera()
    cam.status, cam.last_seen_at = "online", timezone.now() - timedelta(hours=2)
    cam.save()
    status.collect_and_publish()  # nobody watches: stored, not sent
    from homesec.store import redis_client

    def watching() -> set:
        return set(redis_client().zrange(status.WATCHERS_KEY, 0, -1))  # type: ignore[arg-type]

    before = watching()  # a socket of another test may still be closing
    with open_socket(daphne_server, session_cookie(user), path="/ws/system/") as socket:
        latest = json.loads(socket.recv(timeout=10))  # the latest, at once
        assert latest["type"] == "system_status"
        assert latest["data"]["services"]["database"]["status"] == "healthy"
        assert latest["data"]["cameras"] == {
            "total": 1,
            "online": 0,
            "offline": 1,
            "list": [{"id": "front_door", "name": "Front Door", "status": "offline"}],
        }  # fmt: skip  (silent for 2 hours: marked offline)
        assert set(latest["data"]["queues"]) == {
            "detect_queue",
            "fast_queue",
            "analysis_queue",
            "llm_queue",
            "default_queue",
            "media_queue",
            "dlq_total",
        }
        assert latest["data"]["gpu"]["available"] is False
        said = latest["data"]["gpu"]["message"]  # no detection worker, or one on a CPU
        assert said == "no detection worker reports" or ": no GPU" in said, said

        ours = watching() - before
        assert len(ours) == 1
        sent = status.collect_and_publish()  # someone watches now: sent
        message = _next_status(socket)
        assert message["type"] == "system_status"
        assert message["seq"] == sent["seq"]

        redis_client().hset(status.SERVICES_KEY, "database", "unhealthy")  # as if it was down
        status.collect_and_publish()
        changed = _next_status(socket)
        assert changed["type"] == "service_status"
        assert changed["data"]["service"] == "database"
        assert changed["data"]["status"] == "healthy"
        assert _next_status(socket)["type"] == "system_status"
    # closed: it no longer counts (daphne runs its disconnect soon; slower on a busy machine)
    assert _eventually(lambda: not ours & watching(), timeout=30)


@pytest.mark.django_db(transaction=True)
def test_the_status_rounds_see_workers_come_and_go(broker, monkeypatch):
    from ops import status
    from tests.conftest import worker_process

    monkeypatch.setattr(status, "_known", {"workers": [], "at": float("-inf")})

    def said() -> tuple[str, str]:
        services = status.services()
        return services["workers"]["message"], services["detector"]["message"]

    with worker_process("detect-status", "detect"):
        workers, detector = said()
        assert (workers, detector.split("@")[0]) == ("ok: 1 answering", "ok: detect-status")
        assert said() == (workers, detector)  # the next round: the same, without the wait
        with worker_process("status-extra", "default"):
            status._known["at"] -= status.FULL_PING_SECONDS  # a minute on: a full ping
            assert said() == ("ok: 2 answering", detector)
        assert said() == ("ok: 1 answering", detector)  # one gone: seen in the next round
    assert said() == ("error: none", "error: no detection worker answers")


def _eventually(done, timeout=5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if done():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_script_connects_with_an_api_token_until_it_is_revoked(daphne_server, django_user_model):
    from knox.models import AuthToken

    user = django_user_model.objects.create_user("homeassistant", password="pw-for-tests")
    instance, token = AuthToken.objects.create(user)
    event = factories.event(factories.camera())
    with open_socket(daphne_server, token=token) as socket:
        broadcast_event.apply(args=(event.pk,))
        assert json.loads(socket.recv(timeout=10))["data"]["event_id"] == event.pk
    with open_socket(daphne_server, token=token, path="/ws/system/"):
        pass
    instance.delete()
    for path in ("/ws/events/", "/ws/system/"):
        with pytest.raises(InvalidStatus) as refused:
            open_socket(daphne_server, token=token, path=path)
        assert refused.value.response.status_code == 403
    with pytest.raises(InvalidStatus):
        open_socket(daphne_server, token="not-a-token")
    with pytest.raises(InvalidStatus):
        open_socket(daphne_server, path="/ws/system/")
