"""Redis killed (SIGKILL) and restarted under running processes: workers reconnect and
go on, and an upload recorded while it was down is enqueued as soon as it is back.

Each test has a Redis of its own (the suite's stays up), started as `make run` starts
it: append-only, so what was acknowledged before the kill survives it."""

import shutil
import signal
import sys

import pytest
import redis

import celeryconfig
from detection.models import MediaFile
from runner import embedded, processes
from runner.supervisor import worker_argv
from tests.conftest import running, sender
from tests.factories import camera
from tests.media import BUS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def own_redis(tmp_path):
    """A Redis of this test's own, and a way to kill and restart it on the same port."""
    state = {"server": embedded.start_redis(tmp_path)}

    def kill():
        server = state["server"]
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()
        return server

    def start_again():
        state["server"] = embedded.start_redis(tmp_path, port=state["server"].port)

    yield state["server"].url, kill, start_again
    processes.stop(state["server"].process)


def test_a_worker_survives_redis_being_killed_under_load_and_goes_on(own_redis):
    url, kill, start_again = own_redis
    client = sender(url)
    argv = worker_argv("broker-kill", celeryconfig.worker_groups["analysis"])
    with running("worker-broker-kill", argv, " ready.", REDIS_URL=url, HOMESEC_LLM="off") as (
        worker, log,
    ):  # fmt: skip
        for _ in range(2):
            for _ in range(50):  # a busy worker: messages in flight when Redis dies
                client.send_task("analysis.tasks.close_due_batches")
            kill()
            assert processes.wait_until(
                lambda: "Connection to broker lost" in log.read_text(), timeout=20
            )
            start_again()
            assert processes.wait_until(
                lambda: log.read_text().count("Connected to") >= 2, timeout=30
            )
        assert worker.poll() is None, f"the worker died; see {log}"
        result = client.send_task("analysis.tasks.enrich_detection", args=[0])
        assert result.get(timeout=30)["detection"] == 0  # it takes and finishes new work
        text = log.read_text()
        assert "Unrecoverable error" not in text
        assert "'NoneType' object has no attribute 'hostname'" not in text
        assert "Error on restarting" not in text  # no part of the worker failed to come back


def test_an_upload_recorded_while_redis_is_down_is_enqueued_once_it_is_back(own_redis, tmp_path):
    url, kill, start_again = own_redis
    cameras = tmp_path / "cameras"
    (cameras / "Porch").mkdir(parents=True)
    camera("Porch")
    env = {
        "REDIS_URL": url,
        "HOMESEC_CAMERA_ROOT": str(cameras),
        "HOMESEC_MEDIA_ROOT": str(tmp_path / "media"),
        "HOMESEC_FILE_STABLE_SECONDS": "0.3",
        "HOMESEC_PENDING_TIMEOUT_SECONDS": "3600",
    }
    argv = [sys.executable, "manage.py", "watch_cameras"]
    with running("watcher-broker-kill", argv, "watching", **env) as (watcher, log):
        kill()
        shutil.copyfile(BUS, cameras / "Porch" / "bus.jpg")
        assert processes.wait_until(MediaFile.objects.exists, timeout=30)
        assert processes.wait_until(lambda: "not enqueued" in log.read_text(), timeout=30)
        assert MediaFile.objects.get().state == "pending"
        start_again()
        queued = redis.Redis.from_url(url)
        # Sent by the watcher within seconds, not by the reconciler an hour later.
        assert processes.wait_until(lambda: queued.llen("detect") == 1, timeout=20), (
            f"not enqueued after Redis came back; see {log}"
        )
        assert "broker back: 1 upload(s) enqueued" in log.read_text()
        assert watcher.poll() is None
