"""The detect task through real workers: rows, thumbnails, idempotency, failures."""

import os
import re
import shutil
import signal

import pytest

from detection import backends
from detection.backends import DetectorError
from detection.models import Detection, MediaFile
from detection.tasks import detect
from homesec.models import DeadLetter
from runner import processes
from tests.conftest import step_until, worker_process
from tests.media import BUS, write_bus_clip
from tests.servers import RUN_DIR

pytestmark = pytest.mark.django_db(transaction=True)


def upload(watcher, camera_root, source=BUS, name="bus.jpg") -> MediaFile:
    target = camera_root / "Front Door" / name
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(source, target)
    assert step_until(watcher, MediaFile.objects.exists)
    return MediaFile.objects.get()


def wait_for_state(media: MediaFile, *states: str, timeout: float = 60) -> MediaFile:
    def reached():
        media.refresh_from_db()
        return media.state in states

    assert processes.wait_until(reached, timeout=timeout, interval=0.1), media.state
    return media


def test_a_photo_becomes_detections_and_a_thumbnail(
    watcher, camera_root, settings, celery_worker_factory
):
    media = upload(watcher, camera_root)
    with celery_worker_factory():
        wait_for_state(media, "done")
    labels = sorted(Detection.objects.values_list("object_type", flat=True))
    assert labels.count("person") >= 3
    assert labels.count("bus") == 1
    detection = Detection.objects.filter(object_type="bus").get()
    assert detection.camera_id == "front_door"
    assert detection.file_path == "Front Door/bus.jpg"
    assert detection.detected_at == media.captured_at
    assert detection.thumbnail_path == media.thumbnail_path
    assert (settings.MEDIA_ROOT / media.thumbnail_path).stat().st_size > 1000
    assert media.attempts == 1


def test_running_the_task_twice_adds_nothing(watcher, camera_root, celery_worker_factory):
    media = upload(watcher, camera_root)
    with celery_worker_factory():
        wait_for_state(media, "done")
    rows = sorted(Detection.objects.values_list("pk", flat=True))
    assert detect.apply(args=(media.pk,)).get() == "skipped: already done, taken or gone"
    # The same message delivered again while it still held the file: results replaced.
    media.refresh_from_db()
    MediaFile.objects.filter(pk=media.pk).update(state="processing")
    again = detect.apply(args=(media.pk,), task_id=media.claimed_by).get()
    assert again == f"{len(rows)} detection(s)"
    assert Detection.objects.count() == len(rows)


def test_a_detect_delivered_again_after_its_commit_still_joins_a_batch(
    watcher, camera_root, broker, celery_worker_factory
):
    """A worker killed between detect's commit and the hand-off: the message comes back,
    finds the file done, and the chain goes on, so the detections still join a batch."""
    from ingest import pipeline

    media = upload(watcher, camera_root)
    broker.flushdb()  # the chain the watcher enqueued is this test's to replay
    assert detect.apply(args=(media.pk,)).get().endswith("detection(s)")  # then killed
    assert not Detection.objects.exclude(batch=None).exists()
    assert pipeline.enqueue(media.pk)  # the message delivered again
    with celery_worker_factory():
        joined = processes.wait_until(
            lambda: not Detection.objects.filter(batch=None).exists(), timeout=60
        )
    assert joined, "the redelivered detect left its detections outside any batch"
    assert Detection.objects.values("batch").distinct().count() == 1


def test_a_dead_lettered_detect_is_requeued_with_the_rest_of_its_chain(
    watcher, camera_root, broker, celery_worker_factory
):
    from ingest.tasks import reconcile_pending
    from ops import deadletters

    media = upload(watcher, camera_root)
    broker.flushdb()  # its chain lost, and it has had all its attempts: a dead letter
    MediaFile.objects.filter(pk=media.pk).update(attempts=99)
    assert reconcile_pending(older_than=0) == {"requeued": 0, "dead_lettered": 1, "rejoined": 0}
    letter = DeadLetter.objects.get()
    assert letter.task == "detection.tasks.detect"
    assert [step["task"] for step in letter.then] == ["analysis.tasks.aggregate"]
    with celery_worker_factory():
        deadletters.requeue(letter)
        wait_for_state(media, "done")
        joined = processes.wait_until(
            lambda: (
                Detection.objects.exists() and not Detection.objects.filter(batch=None).exists()
            ),
            timeout=60,
        )
    assert joined, "the requeued detect ran without the stage after it"
    assert not DeadLetter.objects.exists()
    assert media.attempts == 1  # reset by the requeue, then one run


def test_a_clip_is_detected_frame_by_frame(watcher, camera_root, settings, celery_worker_factory):
    settings.VIDEO_SAMPLE_FPS = 2.0
    media = upload(watcher, camera_root, write_bus_clip(camera_root.parent / "clip.mp4"), "c.mp4")
    with celery_worker_factory():
        wait_for_state(media, "done")
    frames = set(Detection.objects.values_list("frame_seconds", flat=True))
    assert frames == {0.0, 0.5, 1.0, 1.5}  # 8 frames at 4 fps, sampled at 2 a second
    assert Detection.objects.filter(object_type="person").count() >= 4
    assert media.thumbnail_path.startswith("clips/")  # the clip keeps its own thumbnail


def test_a_file_spoiled_after_it_was_recorded_is_rejected_with_its_reason(
    watcher, camera_root, celery_worker_factory
):
    media = upload(watcher, camera_root)
    (camera_root / media.path).write_bytes(b"overwritten by something else")
    with celery_worker_factory():
        wait_for_state(media, "rejected")
    assert media.last_error.startswith("the file can no longer be read")
    assert not Detection.objects.exists()


class FlakyDetector:
    """Stands in for a GPU that runs out of memory ``failures`` times, then works."""

    name, model, device, batch = "flaky", "darknet inside", "cpu", 1

    def __init__(self, failures: int):
        self.failures = failures
        self.real = backends.create("darknet")

    def detect(self, image, *, min_confidence):
        if self.failures:
            self.failures -= 1
            raise DetectorError("GPU out of memory on cuda:0")
        return self.real.detect(image, min_confidence=min_confidence)

    def detect_many(self, images, *, min_confidence):
        return [self.detect(image, min_confidence=min_confidence) for image in images]


@pytest.fixture
def flaky(monkeypatch):
    monkeypatch.setattr(detect, "max_retries", 1)
    monkeypatch.setattr(detect, "retry_backoff", 1)

    def install(failures: int):
        monkeypatch.setattr(backends, "_loaded", FlakyDetector(failures))

    return install


def test_a_detector_error_is_retried_then_succeeds(
    watcher, camera_root, flaky, celery_worker_factory
):
    flaky(failures=1)
    media = upload(watcher, camera_root)
    with celery_worker_factory():
        wait_for_state(media, "done")
    assert media.attempts == 2
    assert Detection.objects.exists()
    assert not DeadLetter.objects.exists()


def test_a_detector_that_keeps_failing_ends_dead_lettered(
    watcher, camera_root, flaky, celery_worker_factory
):
    flaky(failures=10)
    media = upload(watcher, camera_root)
    with celery_worker_factory():
        wait_for_state(media, "failed")
    assert media.last_error == "DetectorError: GPU out of memory on cuda:0"
    letter = DeadLetter.objects.get()
    assert (letter.task, letter.args, letter.attempts) == ("detection.tasks.detect", [media.pk], 2)
    assert "out of memory" in letter.error


def test_a_worker_killed_mid_task_leaves_the_file_done_exactly_once(watcher, camera_root, settings):
    env = {
        "HOMESEC_CAMERA_ROOT": str(camera_root),
        "HOMESEC_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "HOMESEC_CELERY_TASK_TIME_LIMIT": "9",
        "HOMESEC_CELERY_TASK_SOFT_TIME_LIMIT": "8",
        "HOMESEC_CELERY_VISIBILITY_TIMEOUT": "10",
    }
    with worker_process("detect-kill", "detect", **env) as worker:
        media = upload(watcher, camera_root)
        wait_for_state(media, "processing", timeout=30)
        os.killpg(worker.pid, signal.SIGKILL)  # the whole worker, mid-detection
        worker.wait()
    media.refresh_from_db()
    assert media.state == "processing"
    assert not Detection.objects.exists()
    with worker_process("detect-restarted", "detect", **env):
        # Its unacknowledged message comes back after the visibility timeout (10 s here;
        # the workers look for such messages every 10 s).
        wait_for_state(media, "done", timeout=60)
    assert media.attempts == 2  # the same message, taken up again, not a second job
    assert Detection.objects.filter(object_type="bus").count() == 1


def test_a_detection_worker_warms_its_model_up_and_reports_it_and_its_device():
    from homesec.celery import app

    env = {"CUDA_VISIBLE_DEVICES": "0", "HOMESEC_DETECTOR_DEVICE": "cpu"}
    log = RUN_DIR / "logs" / "detect-report-test.log"
    start = log.stat().st_size if log.exists() else 0  # the log of earlier runs is kept
    with worker_process("detect-report", "detect", **env):
        replies = app.control.inspect(destination=None, timeout=5)._request("detector")
        # The pool process loaded the model and ran it once before taking any task.
        warmed = re.compile(
            r"detection worker ready: darknet \(YOLOv3-tiny COCO\) on cpu, "
            r"batch 1, warmed up in \d+\.\d s"
        )
        assert processes.wait_until(
            lambda: warmed.search(log.read_bytes()[start:].decode(errors="replace")), timeout=30
        )
    report = next(r for name, r in replies.items() if name.startswith("detect-report@"))
    assert report == {
        "consumes_detect": True,
        "backend": "darknet",
        "model": "built-in",
        "device": "cpu",
        "cuda_visible_devices": "0",
    }
