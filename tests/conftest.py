import contextlib
import os
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connection, connections

import celeryconfig
from celeryconfig import QUEUES
from homesec.celery import app as celery_app
from runner import processes

from .scripted_llm import ScriptedLLMServer
from .servers import ROOT, RUN_DIR


@pytest.fixture(autouse=True)
def _close_event_listeners():
    """Channel-layer listeners a test opened stop listening when it ends."""
    from .factories import EventListener

    yield
    while EventListener.open:
        EventListener.open.pop().close()


@pytest.fixture
def member(client, django_user_model):
    """The test client, logged in as a household member (no set-up rights)."""
    from homesec.roles import make_member

    user = django_user_model.objects.create_user("sam")
    make_member(user)
    client.force_login(user)
    return client


@pytest.fixture
def celery_worker(celery_worker_factory):
    """A real Celery worker, in a thread, consuming every queue of the real Redis broker."""
    with celery_worker_factory() as worker:
        yield worker


THROWAWAY = "throwaway"  # the alias of throwaway_database's connection


@pytest.fixture
def throwaway_database(django_db_setup, django_db_blocker):
    """An empty database beside the test database, as the connection THROWAWAY: for
    migration tests that build an old schema and migrate it forward."""
    name = f"{connection.settings_dict['NAME']}_{THROWAWAY}_{uuid.uuid4().hex[:6]}"
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        connections.settings[THROWAWAY] = {**connection.settings_dict, "NAME": name}
        try:
            yield connections[THROWAWAY]
        finally:
            connections[THROWAWAY].close()
            del connections[THROWAWAY]
            del connections.settings[THROWAWAY]
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def database_url_of_test_db() -> str:
    """DATABASE_URL of the test database, for servers the tests start as processes."""
    db = connection.settings_dict
    password = quote(db["PASSWORD"], safe="")
    return f"postgres://{db['USER']}:{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@contextlib.contextmanager
def serving(name: str, argv: list[str], port: int, ready_text: str | None = None, **env: str):
    """A server process of the project on the test database, until the block ends; ready
    once ``ready_text`` is in its log, or else once it accepts connections. Yields its
    host:port."""
    with running(name, argv, ready_text or (lambda: processes.accepts_connections(port)), **env):
        yield f"127.0.0.1:{port}"


@contextlib.contextmanager
def running(name: str, argv: list[str], ready, **env: str):
    """A process of the project on the test database, started and waited for (``ready``:
    a text its log will show, or a check), stopped when the block ends. Yields the
    process and its log."""
    log = RUN_DIR / "logs" / f"{name}-test.log"
    log.unlink(missing_ok=True)
    process = processes.spawn(
        argv,
        log_path=log,
        env={**os.environ, "DATABASE_URL": database_url_of_test_db(), **env},
        cwd=ROOT,
    )

    def is_ready() -> bool:
        if isinstance(ready, str):
            return process.poll() is None and ready in log.read_text(errors="replace")
        return ready()

    try:
        if not processes.wait_until(is_ready, timeout=60):
            pytest.fail(f"{name} did not start; see {log}")
        yield process, log
    finally:
        processes.stop(process)


def sender(url: str) -> Celery:
    """A Celery client of the Redis at ``url``, routing as the web and the watcher do."""
    app = Celery("test-sender", broker=url, backend=url, set_as_current=False)
    app.conf.update(
        task_routes=celeryconfig.task_routes, broker_transport=celeryconfig.broker_transport
    )
    return app


@pytest.fixture(scope="session")
def daphne_server(django_db_setup, django_db_blocker):
    """`manage.py web` (two daphne processes on one port, as `make run` starts them) over
    the test database; yields its host:port."""
    port = processes.free_port()
    with django_db_blocker.unblock(), serving("web", web_argv(port), port, "web: serving") as at:
        yield at


def web_argv(port: int, count: int = 2) -> list[str]:
    return [
        sys.executable,
        "manage.py",
        "web",
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--processes",
        str(count),
    ]


@pytest.fixture
def run_dir(request) -> Path:
    """A fresh run directory under the project (the PostgreSQL user must be able to enter it)."""
    import shutil
    import uuid

    path = RUN_DIR / f"{request.node.name[:40]}-{uuid.uuid4().hex[:6]}"
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def broker():
    """The real Redis, emptied: queues, dedupe keys and results of earlier tests gone."""
    import redis
    from django.conf import settings

    client = redis.Redis.from_url(settings.REDIS_URL)
    client.flushdb()
    return client


@pytest.fixture
def camera_root(settings, tmp_path, broker) -> Path:
    """An empty camera root and media root, with quick stability timings for tests."""
    settings.CAMERA_ROOT = tmp_path / "cameras"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CAMERA_ROOT.mkdir()
    settings.FILE_STABLE_SECONDS = 0.3
    settings.INCOMPLETE_GRACE_SECONDS = 2.0
    return settings.CAMERA_ROOT


@pytest.fixture
def watcher(camera_root):
    from ingest.watcher import Watcher

    watcher = Watcher(camera_root, polling=False)
    yield watcher
    watcher.close()


def step_until(watcher, done, *, timeout: float = 20.0) -> bool:
    """Step the watcher (as its loop does) until ``done()`` or the timeout."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if done():
            return True
        if not watcher.step():
            time.sleep(0.05)
    return done()


@pytest.fixture
def celery_worker_factory(transactional_db):
    """Start a real in-thread Celery worker when the test says so (``with factory():``)."""
    return in_thread_worker


@contextlib.contextmanager
def in_thread_worker():
    """A worker keeps its database connection between tasks (celeryconfig); a worker
    thread's would outlive its thread and hold the test database open, so this one closes
    its connections after each task."""

    def close(sender=None, **kwargs):
        if not getattr(getattr(sender, "request", None), "is_eager", False):
            connections.close_all()

    task_postrun.connect(close, weak=False)
    try:
        with start_worker(
            celery_app, pool="solo", concurrency=1, perform_ping_check=False, queues=list(QUEUES)
        ) as worker:
            yield worker
    finally:
        task_postrun.disconnect(close)


@contextlib.contextmanager
def worker_process(name: str, queues: str, *, threads: int = 0, **env: str):
    """A real Celery worker process on the test database and Redis: prefork with one child,
    or ``threads`` threads."""
    log = RUN_DIR / "logs" / f"{name}-test.log"
    start = log.stat().st_size if log.exists() else 0
    pool = ["-P", "threads", "-c", str(threads)] if threads else ["-c", "1"]
    process = processes.spawn(
        [sys.executable, "-m", "celery", "-A", "homesec", "worker", "-Q", queues, *pool,
         "--prefetch-multiplier", "1", "-n", f"{name}@%h", "-l", "INFO"],
        log_path=log,
        env={**os.environ, "DATABASE_URL": database_url_of_test_db(), **env},
        cwd=ROOT,
    )  # fmt: skip

    def ready():
        with open(log, "rb") as out:
            out.seek(start)
            return b" ready." in out.read()

    try:
        if not processes.wait_until(ready, timeout=60):
            pytest.fail(f"worker {name} did not start; see {log}")
        yield process
    finally:
        processes.stop(process)


@pytest.fixture
def receiver():
    """A real webhook receiver that checks signatures and can fail on purpose first."""
    from .alerts.helpers import WebhookReceiver

    server = WebhookReceiver()
    yield server
    server.httpd.shutdown()


@pytest.fixture
def llm_server():
    """A real local HTTP server answering as an OpenAI-compatible LLM, scripted by the test."""
    server = ScriptedLLMServer()
    yield server
    server.httpd.shutdown()
