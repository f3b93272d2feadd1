"""Camera uploads become MediaFile rows and pipeline work: nothing lost, nothing twice.
Real files, the real watcher (inotify), real PostgreSQL and Redis."""

import shutil
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from cameras.models import Camera, RejectedUpload
from detection.models import MediaFile
from homesec.models import DeadLetter
from ingest.tasks import reconcile_pending
from runner import processes
from tests.conftest import step_until
from tests.media import jpeg_bytes, write_jpeg, write_mp4

pytestmark = pytest.mark.django_db(transaction=True)


def queued(broker, queue: str = "detect") -> int:
    return broker.llen(queue)


def test_a_file_written_slowly_is_taken_once_after_it_is_complete(watcher, camera_root, broker):
    content = jpeg_bytes(1, size=(320, 240))
    target = camera_root / "Front Door" / "slow.jpg"
    target.parent.mkdir()
    watcher.step()

    def upload():  # an FTP camera: chunks with pauses, one longer than the stability wait
        with open(target, "wb") as out:
            for start in range(0, len(content), 4096):
                out.write(content[start : start + 4096])
                out.flush()
                time.sleep(0.6 if start == 8192 else 0.1)

    writer = threading.Thread(target=upload)
    writer.start()
    while writer.is_alive():
        watcher.step()
        assert not MediaFile.objects.exists(), "taken before the upload was complete"
        time.sleep(0.05)
    writer.join()
    assert step_until(watcher, MediaFile.objects.exists)
    step_until(watcher, lambda: False, timeout=1.0)  # nothing more happens
    media = MediaFile.objects.get()
    assert (media.path, media.size, media.kind) == ("Front Door/slow.jpg", len(content), "image")
    assert (media.width, media.height, media.state) == (320, 240, "pending")
    assert queued(broker) == 1
    assert not RejectedUpload.objects.exists()  # the pause made it wait, not fail


def test_a_burst_into_four_cameras_is_taken_once_and_copies_are_not(watcher, camera_root, broker):
    folders = ["Front Door", "Back Door", "Driveway", "Garden"]
    for index in range(200):
        write_jpeg(camera_root / folders[index % 4] / f"img{index:03}.jpg", seed=index)
    assert step_until(watcher, lambda: MediaFile.objects.count() == 200, timeout=60)
    assert queued(broker) == 200
    assert sorted(Camera.objects.values_list("id", flat=True)) == [
        "back_door",
        "driveway",
        "front_door",
        "garden",
    ]
    assert set(Camera.objects.values_list("status", flat=True)) == {"online"}

    # The same content again, under other names and in other folders: nothing new.
    for index, source in enumerate(sorted(camera_root.rglob("*.jpg"))):
        copy = camera_root / folders[(index + 1) % 4] / f"copy-{index:03}.jpg"
        shutil.copyfile(source, copy)
    assert step_until(watcher, lambda: RejectedUpload.objects.count() == 200, timeout=60)
    assert MediaFile.objects.count() == 200
    assert queued(broker) == 200
    assert RejectedUpload.objects.filter(reason__startswith="duplicate of ").count() == 200


def test_the_database_decides_duplicates_when_redis_forgot_them(watcher, camera_root, broker):
    write_jpeg(camera_root / "Garden" / "a.jpg", seed=7)
    assert step_until(watcher, MediaFile.objects.exists)
    broker.flushdb()  # Redis restarted: the dedupe keys are gone
    write_jpeg(camera_root / "Garden" / "b.jpg", seed=7)
    assert step_until(watcher, RejectedUpload.objects.exists)
    assert MediaFile.objects.count() == 1
    assert RejectedUpload.objects.get().reason == "duplicate of Garden/a.jpg"


def test_a_file_whose_watcher_was_killed_after_its_sighting_is_taken_at_restart(
    watcher, camera_root, broker
):
    from ingest import dedupe
    from ingest.uploads import _hash

    path = camera_root / "Garden" / "a.jpg"
    write_jpeg(path, seed=8)
    assert dedupe.first_sighting(_hash(path), "Garden/a.jpg")  # as the killed watcher did
    assert step_until(watcher, MediaFile.objects.exists)
    assert not RejectedUpload.objects.exists()  # not "a duplicate of itself"
    shutil.copy(path, camera_root / "Garden" / "b.jpg")  # a copy is still a duplicate
    assert step_until(watcher, RejectedUpload.objects.exists)
    assert RejectedUpload.objects.get().reason == "duplicate of Garden/a.jpg"
    assert MediaFile.objects.count() == 1


def test_files_that_landed_while_the_watcher_was_stopped_are_found_at_start(camera_root, broker):
    from ingest.watcher import Watcher

    for index in range(5):
        write_jpeg(camera_root / "Porch" / f"while-down-{index}.jpg", seed=100 + index)
    watcher = Watcher(camera_root)
    try:
        assert step_until(watcher, lambda: MediaFile.objects.count() == 5)
        assert queued(broker) == 5
        # A restart scans again but takes nothing twice.
        watcher.close()
        again = Watcher(camera_root)
        step_until(again, lambda: False, timeout=1.0)
        again.close()
    finally:
        watcher.close()
    assert MediaFile.objects.count() == 5
    assert not RejectedUpload.objects.exists()


def test_work_lost_in_a_redis_flush_is_enqueued_again_and_done_exactly_once(
    watcher, camera_root, broker, celery_worker_factory
):
    for index in range(20):
        write_jpeg(camera_root / "Yard" / f"{index}.jpg", seed=200 + index)
    assert step_until(watcher, lambda: MediaFile.objects.count() == 20)
    broker.flushdb()  # the broker lost every message
    assert queued(broker) == 0
    assert reconcile_pending(older_than=0) == {"requeued": 20, "dead_lettered": 0, "rejoined": 0}
    time.sleep(0.01)
    reconcile_pending(older_than=0)  # a second, overlapping reconcile: duplicates messages
    assert queued(broker) == 40
    with celery_worker_factory():
        done = lambda: MediaFile.objects.filter(state="done").count() == 20  # noqa: E731
        assert step_until(watcher, done, timeout=60)
    assert set(MediaFile.objects.values_list("attempts", flat=True)) == {1}


def test_a_file_that_used_all_its_attempts_is_dead_lettered_with_its_error(camera_root):
    camera = Camera.objects.create(id="porch", name="Porch", folder_path="Porch")
    media = MediaFile.objects.create(
        camera=camera,
        path="Porch/x.jpg",
        sha256="0" * 64,
        kind="image",
        size=1,
        captured_at=timezone.now(),
        state="processing",
        attempts=4,
        last_error="worker killed",
    )
    MediaFile.objects.filter(pk=media.pk).update(updated_at=datetime(2020, 1, 1, tzinfo=UTC))
    assert reconcile_pending() == {"requeued": 0, "dead_lettered": 1, "rejoined": 0}
    media.refresh_from_db()
    assert media.state == "failed"
    letter = DeadLetter.objects.get()
    assert (letter.task, letter.args, letter.error) == (
        "detection.tasks.detect",
        [media.pk],
        "worker killed",
    )


def test_exif_orientation_and_capture_time_are_respected(watcher, camera_root):
    taken = datetime(2026, 11, 2, 2, 14, 5)
    write_jpeg(
        camera_root / "Back Door" / "rotated.jpg", seed=3, size=(80, 40), orientation=6, taken=taken
    )
    assert step_until(watcher, MediaFile.objects.exists)
    media = MediaFile.objects.get()
    assert (media.width, media.height) == (40, 80)  # turned upright
    assert media.captured_at == timezone.make_aware(taken)


def test_a_clip_gets_its_metadata_and_a_thumbnail_that_is_not_black(watcher, camera_root, settings):
    from PIL import Image, ImageStat

    write_mp4(camera_root / "Driveway" / "clip.mp4", seconds=3, fps=10, black_frames=5)
    assert step_until(watcher, MediaFile.objects.exists)
    media = MediaFile.objects.get()
    assert (media.kind, media.codec, media.width, media.height) == ("video", "mpeg4", 160, 120)
    assert media.duration == pytest.approx(3.0, abs=0.2)
    with Image.open(settings.MEDIA_ROOT / media.thumbnail_path) as thumbnail:
        assert thumbnail.width <= 320
        assert thumbnail.height <= 240
        assert ImageStat.Stat(thumbnail.convert("L")).mean[0] > 30


@pytest.mark.django_db(transaction=True)
def test_the_demo_camera_drops_real_photos_that_are_each_a_new_upload(watcher, camera_root):
    from cameras import demo

    assert [photo.name for photo in demo.photos()] == ["bus.jpg", "zidane.jpg"]
    assert demo.feed(threading.Event(), interval=0.01, count=3) == 3
    assert step_until(watcher, lambda: MediaFile.objects.count() == 3)
    camera = Camera.objects.get()
    assert (camera.id, camera.name) == ("demo_camera", "Demo Camera")
    assert sorted(MediaFile.objects.values_list("width", flat=True)) == [810, 810, 1280]
    assert not RejectedUpload.objects.exists()  # no copy is taken for a duplicate


def test_detections_whose_aggregate_was_lost_join_a_batch_at_the_next_reconcile(
    broker, celery_worker_factory
):
    """The analysis worker killed holding an upload's aggregate (measured in issue 16): the
    reconciler hands the upload on again, once its detections are older than the wait."""
    from detection.models import Detection
    from tests import factories

    yard = factories.camera("Yard")
    media = factories.processed_upload(yard)  # detected, never joined
    old = factories.processed_upload(yard)  # a month ago: left alone (it would join today's)
    month_ago = timezone.now() - timedelta(days=30)
    MediaFile.objects.filter(pk=old.pk).update(created_at=month_ago, updated_at=month_ago)
    assert reconcile_pending(older_than=600)["rejoined"] == 0  # too recent to be lost
    MediaFile.objects.filter(pk=media.pk).update(updated_at=timezone.now() - timedelta(minutes=20))
    assert reconcile_pending(older_than=600) == {"requeued": 0, "dead_lettered": 0, "rejoined": 1}
    # Sent once: while its aggregate waits in a busy queue, the next runs send nothing more.
    assert reconcile_pending(older_than=600)["rejoined"] == 0
    assert broker.llen("fast") == 1  # one aggregate waiting, not one per run
    with celery_worker_factory():
        joined = lambda: not media.detections.filter(batch=None).exists()  # noqa: E731
        assert processes.wait_until(joined, timeout=30)
    assert reconcile_pending(older_than=600)["rejoined"] == 0  # nothing left to hand on
    assert not Detection.objects.filter(media=old).exclude(batch=None).exists()


def test_a_file_whose_ingest_raised_is_tried_again_in_seconds_not_at_the_next_scan(
    watcher, camera_root, broker, settings, monkeypatch
):
    from django.db import OperationalError

    settings.SCAN_INTERVAL_SECONDS = 3600  # only the quick retry can take it
    real, calls = watcher.ingestor.ingest, []

    def flaky(path, *, final):  # PostgreSQL restarting under the first two tries
        calls.append(time.monotonic())
        if len(calls) <= 2:
            raise OperationalError("the database system is shutting down")
        return real(path, final=final)

    monkeypatch.setattr(watcher.ingestor, "ingest", flaky)
    write_jpeg(camera_root / "Garden" / "during-restart.jpg", seed=31)
    assert step_until(watcher, MediaFile.objects.exists, timeout=30)
    assert len(calls) == 3
    assert calls[2] - calls[0] < 10
    assert MediaFile.objects.get().state == "pending"
    assert queued(broker) == 1
    step_until(watcher, lambda: False, timeout=1.0)
    assert len(calls) == 3  # taken once; not offered again
