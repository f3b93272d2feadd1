"""A detect worker that takes several uploads at once (HOMESEC_DETECT_UPLOADS_AT_ONCE: a
worker of threads sharing one model), as a GPU worker runs: 40 uploads queued at once are
detected in shared calls of the model, each once; the worker killed mid-batch loses none
and doubles none (each upload's message is acknowledged after its own commit, and comes
back alone). The model is the benchmarks' null detector at 100 ms an image."""

import hashlib
import os
import signal

import pytest
from django.utils import timezone
from PIL import Image
from prometheus_client import CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector

from cameras.models import Camera
from detection.models import Detection, MediaFile
from detection.tasks import detect
from runner import processes
from tests import factories
from tests.conftest import worker_process

pytestmark = pytest.mark.django_db(transaction=True)


def queued_uploads(camera_root, count: int) -> list[MediaFile]:
    cam = factories.camera("Drive")
    Camera.objects.filter(pk=cam.pk).update(watch_view=False)  # plain frames: not "covered"
    folder = camera_root / cam.folder_path
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for n in range(count):
        path = folder / f"shot-{n:02d}.jpg"
        Image.new("RGB", (320, 240), (n * 6, 90, 160)).save(path, "JPEG")
        made.append(
            MediaFile.objects.create(
                camera=cam,
                path=f"{cam.folder_path}/{path.name}",
                kind="image",
                sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                size=path.stat().st_size,
                captured_at=timezone.now(),
                width=320,
                height=240,
            )
        )
    return made


def done() -> int:
    return MediaFile.objects.filter(state="done").count()


def not_done() -> list[dict]:
    return list(MediaFile.objects.exclude(state="done").values("pk", "state", "attempts"))


def in_the_model() -> int:
    return MediaFile.objects.filter(state="processing").count()


def batch_sizes(folder) -> tuple[float, float]:
    """(calls of the model, uploads in them) that the workers counted."""
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(folder))
    found = {s.name: s.value for m in registry.collect() for s in m.samples}
    return found["homesec_detect_batch_uploads_count"], found["homesec_detect_batch_uploads_sum"]


def test_uploads_at_once_share_the_model_and_a_kill_mid_batch_loses_and_doubles_none(
    camera_root, settings, tmp_path
):
    metrics = tmp_path / "metrics"
    metrics.mkdir()
    env = {
        "HOMESEC_CAMERA_ROOT": str(camera_root),
        "HOMESEC_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "HOMESEC_DETECTOR": "null",
        "HOMESEC_NULL_DETECTOR_MS": "100",
        "HOMESEC_DETECT_GATHER_MS": "50",
        "HOMESEC_CELERY_TASK_TIME_LIMIT": "9",
        "HOMESEC_CELERY_TASK_SOFT_TIME_LIMIT": "8",
        "HOMESEC_CELERY_VISIBILITY_TIMEOUT": "10",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics),
    }
    uploads = queued_uploads(camera_root, 40)
    with worker_process("detect-batch", "detect", threads=8, **env) as worker:
        for media in uploads:
            detect.delay(media.pk)
        # a batch done, and the next in the model's hands (claimed, not yet stored)
        mid_batch = lambda: done() >= 8 and in_the_model() > 0  # noqa: E731
        assert processes.wait_until(mid_batch, timeout=60), done()
        os.killpg(worker.pid, signal.SIGKILL)  # the whole worker, a batch in the model
        worker.wait()
    in_flight = set(MediaFile.objects.filter(state="processing").values_list("pk", flat=True))
    assert in_flight, done()  # claimed, not committed: their messages were not acknowledged
    with worker_process("detect-batch-again", "detect", threads=8, **env):
        # those the killed worker held come back after the visibility timeout (10 s)
        assert processes.wait_until(lambda: done() == 40, timeout=150), not_done()
    for media in MediaFile.objects.all():
        assert Detection.objects.filter(media=media).count() == 1, media  # the person, once
        assert media.attempts == (2 if media.pk in in_flight else 1), (media, in_flight)
    calls, detected = batch_sizes(metrics)
    assert detected >= 40, (calls, detected)  # those in the killed batch were seen twice
    assert detected / calls >= 3, (calls, detected)  # calls shared (8 threads at most)
