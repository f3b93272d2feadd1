"""The watcher's heartbeat says it is watching: written each step while the camera root
is there, not while it is gone (an NFS mount lost), so the health check fails then."""

import os
import shutil
import time

import pytest

from homesec.heartbeat import Heartbeat
from ingest.watcher import Watcher

pytestmark = pytest.mark.django_db


def age(path) -> float:
    return time.time() - path.stat().st_mtime


def make_old(path) -> None:
    then = time.time() - 600
    os.utime(path, (then, then))


def test_the_watcher_beats_while_it_watches_and_not_when_the_root_is_gone(camera_root, tmp_path):
    heartbeat = Heartbeat(tmp_path / "heartbeats" / "watcher", every=0)
    watcher = Watcher(camera_root, polling=False, heartbeat=heartbeat)
    try:
        watcher.step()
        assert age(heartbeat.path) < 5
        make_old(heartbeat.path)
        watcher.step()
        assert age(heartbeat.path) < 5
        make_old(heartbeat.path)
        shutil.rmtree(camera_root)
        watcher.step()
        assert age(heartbeat.path) > 500
        camera_root.mkdir()
        watcher.step()
        assert age(heartbeat.path) < 5  # back once the root is
    finally:
        watcher.close()
