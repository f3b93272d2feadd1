"""Heartbeats: the watcher and beat touch a file while their loops turn; compose's health
checks read its age (tests/runner/test_compose.py runs those checks)."""

import os
import sys
import time
from urllib.parse import urlsplit, urlunsplit

import redis
from django.conf import settings

from homesec.heartbeat import Heartbeat
from tests.conftest import running


def age(path) -> float:
    return time.time() - path.stat().st_mtime


def make_old(path) -> None:
    then = time.time() - 600
    os.utime(path, (then, then))


def test_a_heartbeat_is_written_at_once_then_at_most_every_so_often(tmp_path):
    heartbeat = Heartbeat(tmp_path / "heartbeats" / "watcher", every=60)
    assert heartbeat.beat()
    assert age(heartbeat.path) < 5  # the folder is made on the way
    make_old(heartbeat.path)
    assert not heartbeat.beat()  # a loop turning many times a second writes once a minute
    assert age(heartbeat.path) > 500
    heartbeat.every = 0
    assert heartbeat.beat()
    assert age(heartbeat.path) < 5


def test_celery_beat_touches_its_heartbeat_as_it_ticks(tmp_path):
    # A Redis database of its own: the tasks beat sends at start must reach no test's worker.
    url = urlsplit(settings.REDIS_URL)
    redis_url = urlunsplit(url._replace(path="/15"))
    heartbeat = tmp_path / "run" / "heartbeats" / "beat"
    schedule = tmp_path / "schedule"
    argv = [sys.executable, "-m", "celery", "-A", "homesec", "beat", "-s", schedule, "-l", "INFO"]
    try:
        with running("beat-heartbeat", argv, heartbeat.exists, REDIS_URL=redis_url,
                     HOMESEC_RUN_DIR=str(tmp_path / "run")):  # fmt: skip
            assert age(heartbeat) < 5
    finally:
        redis.Redis.from_url(redis_url).flushdb()
