"""`manage.py web`: several daphne processes on one port, stopped together, never orphaned;
and each of them borrows database connections from a pool instead of opening one per
request."""

import signal
import socket
import subprocess
import sys
import time

import httpx
import psutil
import pytest
from django.conf import settings
from django.db import connection
from knox.models import AuthToken

from runner import processes
from tests.conftest import running, web_argv
from tests.servers import ROOT


def daphnes(command_pid: int) -> list[psutil.Process]:
    return [p for p in psutil.Process(command_pid).children() if "daphne" in " ".join(p.cmdline())]


@pytest.fixture
def web(django_db_setup, django_db_blocker):
    """The command with two processes; yields (its process, its base URL, its log)."""
    port = processes.free_port()
    argv = web_argv(port)
    with django_db_blocker.unblock(), running("web-command", argv, "web: serving") as started:
        command, log = started
        yield command, f"http://127.0.0.1:{port}", log


@pytest.fixture
def script(daphne_server, django_user_model) -> httpx.Client:
    """A script on the API with a token of its own."""
    token = AuthToken.objects.create(django_user_model.objects.create_user("script"))[1]
    with httpx.Client(base_url=f"http://{daphne_server}",
                      headers={"Authorization": f"Token {token}"}) as client:  # fmt: skip
        yield client


def test_two_daphne_processes_answer_on_one_port_and_stop_together(web):
    command, url, _ = web
    children = daphnes(command.pid)
    assert len(children) == 2
    port = int(url.rsplit(":", 1)[1])
    burst = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]  # at once
    for conn in burst:
        conn.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    for conn in burst:
        assert conn.recv(4096).startswith(b"HTTP/1.1 200")
    held = [
        sum(1 for c in child.net_connections("tcp") if c.laddr.port == port and c.raddr)
        for child in children
    ]
    assert sum(held) == 20
    assert min(held) > 0, f"one process took the whole burst: {held}"
    for conn in burst:
        conn.close()
    command.send_signal(signal.SIGTERM)
    assert command.wait(20) == 0
    assert not any(child.is_running() and child.status() != "zombie" for child in children)


def test_when_one_daphne_dies_the_command_stops_the_rest_and_says_so(web):
    command, _, log = web
    first, second = daphnes(command.pid)
    first.kill()
    assert command.wait(20) == 1  # `manage.py up` restarts it whole
    assert f"daphne (pid {first.pid}) exited" in log.read_text()
    assert not second.is_running() or second.status() == "zombie"


def test_a_killed_command_leaves_no_daphne_behind(web):
    command, _, _ = web
    children = daphnes(command.pid)
    command.kill()
    command.wait()
    gone = psutil.wait_procs(children, timeout=15)[1]
    assert gone == [], "orphaned daphne processes"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--processes", "0"], "--processes 0: give 1 to 32"),
        (["--port", "70000"], "--port 70000: give 0 to 65535"),
        (["--bind", "no-such-host.invalid", "--port", "0"], "cannot listen on no-such-host"),
    ],
)
def test_bad_arguments_are_refused_with_a_reason(args, says):
    result = subprocess.run(
        [sys.executable, "manage.py", "web", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert says in result.stderr


def test_a_taken_port_is_refused_with_a_reason():
    with socket.socket() as taken:  # another program, on the port homesec wants
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "manage.py", "web", "--port", str(port), "--processes", "1"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"cannot listen on {settings.BIND_ADDRESS}:{port}" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_the_web_processes_reuse_database_connections(script):
    """Django runs each request's view in a thread of its own under ASGI: without the pool
    every request opened a PostgreSQL connection (half the time of an events page)."""

    def sessions() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sessions FROM pg_stat_database WHERE datname = %s",
                [connection.settings_dict["NAME"]],
            )
            return cursor.fetchone()[0]

    assert script.get("/api/events/").status_code == 200  # each process's pool is open
    assert script.get("/api/events/").status_code == 200
    time.sleep(1)  # PostgreSQL counts a session when it ends or its statistics flush
    before = sessions()
    for _ in range(40):
        assert script.get("/api/events/").status_code == 200
    time.sleep(1)
    assert sessions() - before < 10


@pytest.mark.django_db(transaction=True)
def test_pooled_connections_cut_by_the_database_cost_no_request_an_error(script):
    """What a PostgreSQL restart does to the pool: every connection it lent is gone. Each
    one is checked as it is lent again, so scripts see no error."""
    for _ in range(10):
        assert script.get("/api/events/").status_code == 200
    web_port = script.base_url.port
    database_port = int(connection.settings_dict["PORT"])
    web_pids = {c.pid for c in psutil.net_connections("tcp") if c.laddr.port == web_port}
    pooled = [
        c.laddr.port
        for pid in web_pids - {None}
        for c in psutil.Process(pid).net_connections("tcp")
        if c.raddr and c.raddr.port == database_port
    ]
    assert pooled, "the web processes hold no database connection"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE client_port = ANY(%s)",
            [pooled],
        )
        assert cursor.fetchone()[0] == len(pooled)
    for _ in range(20):
        response = script.get("/api/events/")
        assert response.status_code == 200, response.text
