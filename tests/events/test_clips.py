"""Event clips: made by a task after the event is published, H.264, boxes drawn, served
to logged-in users only, removed by retention with their event."""

import time
from datetime import timedelta

import av
import pytest
from django.test import Client
from django.utils import timezone

from analysis.tasks import analyze_batch
from detection.models import Batch, MediaFile
from events import clips
from events.models import Event
from ops import retention
from tests import factories
from tests.media import BUS, write_jpeg


def photo_event_batch(camera_root, count: int = 3) -> Batch:
    """A closed batch of ``count`` real 640×480 photos, each with a person detected."""
    cam = factories.camera()
    now = timezone.now()
    batch = Batch.objects.create(
        camera=cam, opened_at=now, last_activity_at=now, closed_at=now, state=Batch.State.CLOSED
    )
    for index in range(count):
        media = factories.processed_upload(cam, batch=batch)
        write_jpeg(camera_root / media.path, seed=index, size=(640, 480))
        MediaFile.objects.filter(pk=media.pk).update(captured_at=now + timedelta(seconds=index))
    return batch


def decoded(path) -> list:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        return [frame.to_image() for frame in container.decode(stream)]


def wait_for(check, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    return check()


@pytest.mark.django_db(transaction=True)
def test_a_three_photo_event_gets_an_h264_clip_after_it_is_published(
    camera_root, settings, celery_worker, django_user_model
):
    settings.CLIP_FPS, settings.CLIP_PHOTO_SECONDS = 2, 1.0
    batch = photo_event_batch(camera_root, 3)
    event_id = analyze_batch.delay([], batch.pk).get(timeout=60)
    assert Event.objects.filter(pk=event_id).exists()  # the event first, then its clip
    path = wait_for(lambda: clips.clip_path(event_id))
    assert path is not None, "no clip was made"
    frames = decoded(path)
    assert len(frames) == 3 * 2  # three photos, each held one second at 2 frames a second
    assert {frame.size for frame in frames} == {(640, 480)}
    # the box is drawn: the person's box edge (x 280) is red-ish in the first frame
    red, green, blue = frames[0].getpixel((281, 300))
    assert red > 150
    assert max(green, blue) < 120

    client = Client()
    assert client.get(f"/api/events/{event_id}/clip/").status_code in (401, 403)
    client.force_login(django_user_model.objects.create_user("resident", password="pw"))
    answer = client.get(f"/api/events/{event_id}/clip/")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "video/mp4"
    assert b"".join(answer.streaming_content) == path.read_bytes()
    page = client.get(f"/events/{event_id}/").content.decode()
    assert f'<video controls preload="metadata" src="/api/events/{event_id}/clip/"' in page
    assert "Download the clip (MP4)" in page  # the text alternative


@pytest.mark.django_db
def test_an_event_without_a_clip_answers_404_and_shows_no_player(django_user_model):
    event = factories.event(factories.camera())
    client = Client()
    client.force_login(django_user_model.objects.create_user("resident", password="pw"))
    assert client.get(f"/api/events/{event.pk}/clip/").status_code == 404
    assert "<video" not in client.get(f"/events/{event.pk}/").content.decode()


@pytest.mark.django_db
def test_a_clip_is_not_made_twice_and_a_photo_of_another_shape_is_letterboxed(camera_root):
    batch = photo_event_batch(camera_root, 1)
    tall = factories.processed_upload(batch.camera, batch=batch)
    (camera_root / tall.path).write_bytes(BUS.read_bytes())  # 810×1080: taller than wide
    event = factories.event(batch.camera)
    event.detections.set(list(batch.detections.values_list("pk", flat=True)))
    event.save()
    first, _ = clips.make(event)
    again, seconds = clips.make(event)
    assert again == first
    assert seconds < 0.5
    frames = decoded(first)
    assert {frame.size for frame in frames} == {(640, 480)}
    assert frames[-1].getpixel((5, 240)) == pytest.approx((0, 0, 0), abs=12)  # black bar


@pytest.mark.django_db
def test_retention_removes_an_old_events_clip_and_keeps_a_recent_ones(camera_root, settings):
    settings.RETENTION_DAYS = 30
    batch = photo_event_batch(camera_root, 1)
    ids = list(batch.detections.values_list("pk", flat=True))
    old = Event.objects.create(
        camera=batch.camera,
        started_at=timezone.now() - timedelta(days=40),
        risk_score=50,
        summary="old",
    )
    recent = Event.objects.create(
        camera=batch.camera, started_at=timezone.now(), risk_score=50, summary="recent"
    )
    old.detections.set(ids)
    recent.detections.set(ids)
    old_clip, recent_clip = clips.make(old)[0], clips.make(recent)[0]
    report = retention.cleanup()
    assert not old_clip.exists()
    assert recent_clip.exists()
    assert report.rows["events"] == 1


@pytest.mark.django_db
def test_a_broken_upload_is_left_out_and_the_rest_still_makes_the_clip(camera_root, settings):
    settings.CLIP_FPS, settings.CLIP_PHOTO_SECONDS = 2, 1.0
    batch = photo_event_batch(camera_root, 2)
    broken = factories.processed_upload(batch.camera, batch=batch)
    (camera_root / broken.path).write_bytes(b"not a jpeg at all")
    event = factories.event(batch.camera)
    event.detections.set(list(batch.detections.values_list("pk", flat=True)))
    event.save()
    path, _ = clips.make(event)
    assert len(decoded(path)) == 2 * 2
    assert not list(path.parent.glob("*.tmp"))


@pytest.mark.django_db(transaction=True)
def test_a_clip_that_cannot_be_made_is_dead_lettered_and_made_once_requeued(
    camera_root, celery_worker, monkeypatch
):
    from events.tasks import make_clip
    from homesec.models import DeadLetter
    from ops import deadletters

    batch = photo_event_batch(camera_root, 2)
    event = factories.event(batch.camera)
    event.detections.set(list(batch.detections.values_list("pk", flat=True)))
    event.save()
    real = clips.make

    def disk_full(_event):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(clips, "make", disk_full)
    make_clip.delay(event.pk)
    letter = wait_for(lambda: DeadLetter.objects.first())
    assert letter is not None, "the failed clip left no dead letter"
    assert (letter.task, letter.args) == ("events.tasks.make_clip", [event.pk])
    assert "No space left on device" in letter.error
    assert clips.clip_path(event.pk) is None

    monkeypatch.setattr(clips, "make", real)  # the disk has room again
    deadletters.requeue(letter)
    assert wait_for(lambda: clips.clip_path(event.pk)) is not None
    assert not DeadLetter.objects.exists()
