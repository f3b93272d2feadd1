"""Request bodies are bounded while they arrive: the security probe's uploads, replayed
byte for byte against the daphne processes of `manage.py web`."""

import json
import select
import socket
import time

import httpx
import psutil
import pytest
from django.conf import settings
from knox.models import AuthToken

from homesec.roles import make_member
from tests import factories

ANONYMOUS = {"detail": "the body is more than 65536 bytes"}
SIGNED_IN = {"detail": f"the body is more than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes"}
MB = 1024 * 1024


def request_head(method: str, path: str, server: str, headers: dict) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {server}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def chunked(pieces):
    for piece in pieces:
        yield b"%x\r\n%s\r\n" % (len(piece), piece)


def upload(server: str, head: bytes, pieces=()) -> socket.socket:
    """Send the head, then the pieces until the server answers or closes the connection
    (as curl does: it stops uploading when an answer comes early)."""
    host, port = server.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=20)
    sock.sendall(head)
    for piece in pieces:
        if select.select([sock], [], [], 0)[0]:
            break
        try:
            sock.sendall(piece)
        except (BrokenPipeError, ConnectionResetError):
            break
    return sock


def answer(sock: socket.socket) -> tuple[int, dict | None]:
    """The status and JSON body of the response; the server must close the connection after
    it (a body left unread must not be taken for the next request)."""
    data = b""
    with sock:
        while True:
            try:
                more = sock.recv(65536)
            except ConnectionResetError:
                break  # the unread rest of our upload made the server's close a reset
            if not more:
                break
            data += more
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(body) if body else None


@pytest.fixture
def token(django_user_model) -> str:
    """A script of a household member: it may review events (homesec/roles.py)."""
    script = django_user_model.objects.create_user("script")
    make_member(script)
    return AuthToken.objects.create(script)[1]


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_declared_huge_body_is_refused_before_it_is_sent(daphne_server):
    declared = {"Content-Type": "application/json", "Content-Length": 400_000_000}
    head = request_head("POST", "/api/events/review/", daphne_server, declared)
    started = time.monotonic()
    sock = upload(daphne_server, head + b'{"ids": [1')  # the 400 MB never come
    assert answer(sock) == (413, ANONYMOUS)
    assert time.monotonic() - started < 5
    # curl asks first before a large upload: the refusal is the answer, not "go on".
    asking = request_head(
        "POST", "/api/events/review/", daphne_server, {**declared, "Expect": "100-continue"}
    )
    assert answer(upload(daphne_server, asking)) == (413, ANONYMOUS)


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_chunked_body_is_refused_once_it_passes_64_kib(daphne_server):
    head = request_head("POST", "/login/", daphne_server, {"Transfer-Encoding": "chunked"})
    sock = upload(daphne_server, head, chunked([b"x" * 16384] * 5))  # 80 KiB, no end
    assert answer(sock) == (413, ANONYMOUS)


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_chunked_3_mb_patch_is_refused_not_ignored(daphne_server, token):
    event = factories.event(factories.camera())
    head = request_head(
        "PATCH",
        f"/api/events/{event.pk}/",
        daphne_server,
        {
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Transfer-Encoding": "chunked",
        },
    )
    body = b'{"notes": "' + b"x" * (3 * MB) + b'"}'
    pieces = [body[i : i + 65536] for i in range(0, len(body), 65536)]
    assert answer(upload(daphne_server, head, chunked(pieces))) == (413, SIGNED_IN)
    event.refresh_from_db()
    assert event.notes == ""


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_declared_body_over_the_limit_is_refused_at_once(daphne_server, token):
    head = request_head(
        "PATCH",
        "/api/events/1/",
        daphne_server,
        {"Authorization": f"Token {token}", "Content-Length": 3 * MB},
    )
    assert answer(upload(daphne_server, head)) == (413, SIGNED_IN)


@pytest.mark.django_db(transaction=True)
def test_bodies_within_the_limits_still_work_chunked_or_not(daphne_server, token):
    event = factories.event(factories.camera())
    with httpx.Client(base_url=f"http://{daphne_server}",
                      headers={"Authorization": f"Token {token}"}) as script:  # fmt: skip
        patched = script.patch(f"/api/events/{event.pk}/", json={"notes": "the neighbour's cat"})
        assert patched.status_code == 200, patched.text
        assert patched.json()["notes"] == "the neighbour's cat"
        streamed = script.patch(
            f"/api/events/{event.pk}/",  # no length: sent chunked
            content=iter([b'{"notes": "the', b' postman"}']),
            headers={"Content-Type": "application/json"},
        )
        assert streamed.status_code == 200, streamed.text
        assert streamed.json()["notes"] == "the postman"
    anonymous = httpx.post(f"http://{daphne_server}/api/events/review/", json={"ids": [1]})
    assert anonymous.status_code in (401, 403)  # read, and refused for want of a login


@pytest.mark.django_db(transaction=True)
def test_credentials_that_do_not_check_out_buy_no_larger_body(daphne_server):
    """A made-up token or session cookie: the anonymous limit, refused as the body passes it."""
    body = b'{"ids": [' + b"1, " * (700 * 1024) + b"1]}"  # 2.1 MB
    made_up_session = f"{settings.SESSION_COOKIE_NAME}=madeup0123456789abcdefghijklmnop"
    for shown in ({"Authorization": "Token deadbeef"}, {"Cookie": made_up_session}):
        streamed = request_head(
            "POST", "/api/events/review/", daphne_server, {**shown, "Transfer-Encoding": "chunked"}
        )
        assert answer(upload(daphne_server, streamed, chunked(pieces_of(body)))) == (413, ANONYMOUS)
        declared = request_head(
            "POST", "/api/events/review/", daphne_server, {**shown, "Content-Length": len(body)}
        )
        assert answer(upload(daphne_server, declared, pieces_of(body))) == (413, ANONYMOUS)


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_browsers_large_body_is_read(daphne_server, django_user_model):
    from tests.events.test_realtime import session_cookie

    cookie = session_cookie(django_user_model.objects.create_user("resident", password="pw"))
    body = b'{"notes": "' + b"x" * MB + b'"}'
    head = request_head(
        "PATCH",
        "/api/events/1/",
        daphne_server,
        {
            "Cookie": cookie,
            "Content-Length": len(body),
            "Connection": "close",
            "Content-Type": "application/json",
        },
    )
    status, _ = answer(upload(daphne_server, head, pieces_of(body)))
    assert status == 403  # read whole, then refused by the CSRF check, not 413


def pieces_of(body: bytes) -> list[bytes]:
    return [body[i : i + 65536] for i in range(0, len(body), 65536)]


def daphne_memory(server: str) -> int:
    """The resident memory of the daphne processes listening on the server's port, summed."""
    port = int(server.rsplit(":", 1)[1])
    pids = {
        c.pid
        for c in psutil.net_connections("tcp")
        if c.laddr.port == port and c.status == psutil.CONN_LISTEN
    }
    assert len(pids) == 2
    return sum(psutil.Process(pid).memory_info().rss for pid in pids)


@pytest.mark.django_db(transaction=True)
def test_a_50_mb_anonymous_upload_costs_the_server_no_memory(daphne_server):
    fifty = [b"x" * MB] * 50
    declared = request_head(
        "POST", "/api/events/review/", daphne_server, {"Content-Length": 50 * MB}
    )
    streamed = request_head("POST", "/login/", daphne_server, {"Transfer-Encoding": "chunked"})

    def attempt():
        for _ in range(4):  # the kernel spreads connections over both processes
            assert answer(upload(daphne_server, declared, fifty))[0] == 413
            assert answer(upload(daphne_server, streamed, chunked(fifty)))[0] == 413

    attempt()  # once first, so that what a first request loads is loaded
    before = daphne_memory(daphne_server)
    attempt()
    assert daphne_memory(daphne_server) - before < 10 * MB
