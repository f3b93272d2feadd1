"""A detect worker on another host: its own network namespace, joined to this one by a
veth pair, reaching PostgreSQL and Redis over it (loopback-range addresses only; the
namespace, the link and the forwarders are made and removed by the test). The camera
and media folders are shared, as NFS shares them between real hosts.

Its link is cut while it works on a clip: the message it held comes back (Redis' unacked
set, after the visibility timeout) and another worker does the clip, exactly once."""

import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import threading
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

import celeryconfig
from detection.models import Detection, MediaFile
from ingest.uploads import Ingestor
from runner import processes
from runner.supervisor import worker_argv
from tests.conftest import database_url_of_test_db, running
from tests.factories import camera
from tests.media import write_mp4

pytestmark = pytest.mark.django_db(transaction=True)


def link_addresses() -> tuple[str, str]:
    """The host's and the namespace's side of the link: a /30 of its own in 127.100/16 for
    each run, so two suites running side by side never share an address."""
    block = random.randrange(16384) * 4
    return f"127.100.{block // 256}.{block % 256 + 1}", f"127.100.{block // 256}.{block % 256 + 2}"


def why_no_namespaces() -> str | None:
    if shutil.which("ip") is None:
        return "no `ip` (iproute2) here"
    name = f"hs-probe-{uuid.uuid4().hex[:6]}"
    made = subprocess.run(["ip", "netns", "add", name], capture_output=True, text=True)
    if made.returncode:
        return f"cannot make a network namespace here: {made.stderr.strip()}"
    subprocess.run(["ip", "netns", "del", name], check=True)
    return None


def ip(*args: str, namespace: str | None = None) -> None:
    prefix = ["ip", "netns", "exec", namespace] if namespace else []
    subprocess.run([*prefix, "ip", *args], check=True, capture_output=True)


def sysctl(setting: str, namespace: str | None = None) -> None:
    prefix = ["ip", "netns", "exec", namespace] if namespace else []
    subprocess.run([*prefix, "sysctl", "-qw", setting], check=True, capture_output=True)


@pytest.fixture
def other_host():
    """A namespace joined by a veth pair: yields (name, the link's name inside it, the
    host's address on the link)."""
    why = why_no_namespaces()
    if why:
        pytest.skip(why)
    tag = uuid.uuid4().hex[:6]
    host, remote = link_addresses()
    name, outside, inside = f"hs-host-{tag}", f"hsa{tag}", f"hsb{tag}"
    ip("netns", "add", name)
    try:
        ip("link", "add", outside, "type", "veth", "peer", "name", inside)
        ip("link", "set", inside, "netns", name)
        ip("addr", "add", f"{host}/30", "dev", outside)
        ip("link", "set", outside, "up")
        # 127/8 off the lo interface is dropped unless the link allows it.
        sysctl(f"net.ipv4.conf.{outside}.route_localnet=1")
        ip("addr", "add", f"{remote}/30", "dev", inside, namespace=name)
        ip("link", "set", inside, "up", namespace=name)
        ip("link", "set", "lo", "up", namespace=name)
        sysctl(f"net.ipv4.conf.{inside}.route_localnet=1", namespace=name)
        yield name, inside, host
    finally:
        subprocess.run(["ip", "netns", "del", name], capture_output=True)
        subprocess.run(["ip", "link", "del", outside], capture_output=True)


class Forwarder:
    """Listens on the host side of the link and relays each connection to a server on
    127.0.0.1, as a router would between hosts. Closing it closes every relayed
    connection, so the servers see the far worker gone."""

    def __init__(self, port: int, host: str):
        self.target = ("127.0.0.1", port)
        self.host = host
        self.listener = socket.create_server((host, 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = [self.listener]
        self.ports: list[int] = []  # the relayed connections' ports, as the server sees them
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                near, _ = self.listener.accept()
                far = socket.create_connection(self.target)
                self.sockets += [near, far]
                self.ports.append(far.getsockname()[1])
                for a, b in ((near, far), (far, near)):
                    threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes the relays blocked on it; close alone won't
            sock.close()


def sessions_from(ports: list[int]) -> list[tuple]:
    """PostgreSQL's sessions whose clients connected from these ports."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE client_port = ANY(%s)", [ports])
        return cursor.fetchall()


def through(url: str, forwarder: Forwarder) -> str:
    parts = urlsplit(url)
    credentials = parts.netloc.rpartition("@")[0]
    netloc = f"{credentials}@" if credentials else ""
    return urlunsplit(parts._replace(netloc=f"{netloc}{forwarder.host}:{forwarder.port}"))


def test_a_worker_on_another_host_whose_link_is_cut_mid_task_has_its_clip_done_once_elsewhere(
    other_host, camera_root, broker
):
    namespace, link, host = other_host
    database, redis_url = database_url_of_test_db(), settings.REDIS_URL
    to_database = Forwarder(urlsplit(database).port, host)
    to_redis = Forwarder(urlsplit(redis_url).port, host)
    folders = {
        "HOMESEC_CAMERA_ROOT": str(camera_root),
        "HOMESEC_MEDIA_ROOT": str(settings.MEDIA_ROOT),  # shared, as over NFS
        "HOMESEC_VIDEO_SAMPLE_FPS": "4",
        "HOMESEC_VIDEO_MAX_FRAMES": "60",
    }
    detect_group = celeryconfig.worker_groups["detect"]
    there = ["ip", "netns", "exec", namespace, *worker_argv("far", detect_group)]
    far_env = {
        "DATABASE_URL": through(database, to_database),
        "REDIS_URL": through(redis_url, to_redis),
        **folders,
    }
    try:
        with running("worker-far", there, " ready.", **far_env) as (far, far_log):
            clip = write_mp4(camera_root / "Back Door" / "clip.mp4", seconds=15, fps=4)
            camera("Back Door")
            Ingestor(camera_root).ingest(clip, final=True)  # recorded and enqueued
            media = MediaFile.objects.get()

            def taken_there():
                media.refresh_from_db()
                return media.state == "processing"

            assert processes.wait_until(taken_there, timeout=60, interval=0.02), (
                f"the far worker never took it; see {far_log}"
            )
            ip("link", "set", link, "down", namespace=namespace)  # mid-task: 60 frames
            held_by = media.claimed_by
            # Here, a worker that gives an unacknowledged message back after 15 s.
            near_env = {
                **folders,
                "HOMESEC_CELERY_VISIBILITY_TIMEOUT": "15",
                "HOMESEC_CELERY_TASK_TIME_LIMIT": "10",
                "HOMESEC_CELERY_TASK_SOFT_TIME_LIMIT": "8",
            }
            near_argv = worker_argv("near", detect_group)
            with running("worker-near", near_argv, " ready.", **near_env) as (_, near_log):

                def done_here():
                    media.refresh_from_db()
                    return media.state == "done"

                assert processes.wait_until(done_here, timeout=120), (
                    f"never done; see {near_log} and {far_log}"
                )
            assert far.poll() is None  # the far worker lives on, cut off; it did no harm
            os.killpg(far.pid, signal.SIGKILL)  # its host is gone for good
    finally:
        to_database.close()
        to_redis.close()
    assert to_database.ports  # the far worker's sessions came over the link…
    assert processes.wait_until(
        lambda: not sessions_from(to_database.ports), timeout=30
    )  # …and are gone
    assert media.claimed_by == held_by  # the same message, delivered again
    assert media.attempts == 2  # taken there, then here: the work itself once
    found = Detection.objects.filter(media=media)
    boxes = set(found.values_list("frame_seconds", "object_type", "bbox_x", "bbox_y"))
    assert len(boxes) == found.count()  # nothing written twice
    assert f"[{held_by}] succeeded" in near_log.read_text()  # done here, by the near worker
