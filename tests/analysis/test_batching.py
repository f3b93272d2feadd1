"""Detections become judged events: batching through a real worker, the fast path first,
the batch's full analysis updating that same event."""

import time
from datetime import timedelta
from itertools import pairwise

import pytest
from django.utils import timezone

from analysis.prompt import PROMPT_VERSION
from analysis.tasks import aggregate, close_due_batches
from cameras.models import Zone
from detection.models import Batch, Detection, MediaFile
from events.models import Event
from events.risk import risk_level_for
from runner import processes
from tests.factories import EventListener, beat_until, camera, processed_upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def windows(settings):
    settings.BATCH_WINDOW_SECONDS, settings.BATCH_IDLE_TIMEOUT_SECONDS = 3, 1
    return settings


def detected(cam, label="person", confidence=0.8, box=(280, 200, 80, 200)) -> MediaFile:
    """A processed upload handed to aggregation, as the detect task does."""
    media = processed_upload(cam, label, confidence, box)
    aggregate.delay(media.pk)
    return media


def test_one_camera_in_its_window_makes_one_event_two_cameras_make_two(windows, celery_worker):
    front, back = camera("Front Door"), camera("Back Door")
    for _ in range(3):
        detected(front)
        time.sleep(0.2)
    detected(back, label="car")
    assert beat_until(lambda: Event.objects.count() == 2)
    time.sleep(1.5)
    close_due_batches.delay().get(timeout=10)
    assert Event.objects.count() == 2
    event = Event.objects.get(camera=front)
    assert event.detections.count() == 3
    assert event.analysis_source == "fallback"  # the LLM is off here
    assert (event.scored_by, event.judged_by, event.prompt_version) == (
        "rules",
        "rules",
        PROMPT_VERSION,
    )
    assert event.risk_level == risk_level_for(event.risk_score)
    assert event.summary.startswith("Person")
    assert event.factors
    assert Batch.objects.filter(state="analyzed").count() == 2


def test_the_idle_timeout_closes_a_quiet_batch(windows, celery_worker):
    windows.BATCH_WINDOW_SECONDS = 30
    detected(camera("Garden"), label="dog")
    assert beat_until(lambda: Event.objects.exists())
    batch = Batch.objects.get()
    quiet = (batch.closed_at - batch.last_activity_at).total_seconds()
    assert 1 <= quiet < 5


def test_the_window_closes_a_busy_batch(windows, celery_worker):
    windows.BATCH_WINDOW_SECONDS, windows.BATCH_IDLE_TIMEOUT_SECONDS = 2, 1.5
    garden = camera("Garden")
    began = time.monotonic()
    while time.monotonic() - began < 3.5:  # activity every 0.4 s: never idle
        detected(garden, label="cat")
        close_due_batches.delay()
        time.sleep(0.4)
    assert beat_until(lambda: Event.objects.count() == 2)
    first = Batch.objects.order_by("opened_at").first()
    assert (first.closed_at - first.opened_at).total_seconds() >= 2
    assert (first.closed_at - first.last_activity_at).total_seconds() < 1.5


def test_the_fast_path_publishes_first_and_the_batch_updates_the_same_event(windows, celery_worker):
    listener = EventListener()
    windows.BATCH_WINDOW_SECONDS, windows.BATCH_IDLE_TIMEOUT_SECONDS = 30, 3
    back = camera("Back Door")
    detected(back, confidence=0.95)
    first = listener.next()
    assert first["type"] == "event"
    assert first["data"]["analysis_source"] == "fallback"  # the scorer, at once (LLM off)
    event = Event.objects.get()
    assert event.is_fast_path
    assert Batch.objects.get().state == "open"  # judged before the batch closed
    detected(back, label="car", confidence=0.7)
    assert beat_until(lambda: Batch.objects.get().state == "analyzed")
    update = listener.next()
    assert update["type"] == "event_updated"
    assert update["data"]["event_id"] == first["data"]["event_id"] == event.pk
    assert update["data"]["analysis_source"] == "fallback"  # the LLM is off here
    assert Event.objects.count() == 1
    event.refresh_from_db()
    assert event.detections.count() == 2  # the full analysis saw the car as well


def test_zones_are_found_from_the_feet_and_a_failing_enrichment_loses_nothing(
    windows, celery_worker
):
    porch = camera("Porch")
    Zone.objects.create(
        camera=porch,
        name="Doorstep",
        kind="entry_point",
        polygon=[[0.3, 0.6], [0.7, 0.6], [0.7, 1.0], [0.3, 1.0]],
    )
    inside = detected(porch, box=(280, 200, 80, 200))  # feet at (0.5, 0.83)
    outside = detected(porch, box=(20, 20, 60, 100))  # feet at (0.08, 0.25)
    assert beat_until(lambda: Event.objects.exists())
    assert Detection.objects.get(media=inside).zones == [["Doorstep", "entry_point"]]
    assert Detection.objects.get(media=outside).zones == []

    broken = camera("Shed")
    Zone.objects.create(camera=broken, name="Bad", kind="yard", polygon=[[0, 0], [1, 0], [1, 1]])
    Zone.objects.filter(camera=broken).update(polygon="not a polygon")  # corrupt data
    detected(broken)
    assert beat_until(lambda: Event.objects.filter(camera=broken).exists())


def test_stale_closed_batches_are_analysed_again(windows, celery_worker):
    cam = camera("Drive")
    media = detected(cam, label="car")
    assert processes.wait_until(lambda: Batch.objects.exists(), timeout=10)
    # The chord was lost with the broker: closed long ago, never analysed.
    Batch.objects.update(state="closed", closed_at=timezone.now() - timedelta(minutes=10))
    assert beat_until(lambda: Event.objects.filter(camera=cam).exists())
    assert list(Event.objects.get().detections.all()) == [media.detections.get()]


def test_a_closed_batch_whose_fast_path_event_exists_but_analysis_was_lost_is_analysed(
    windows, celery_worker
):
    """Found by bench/faults.py: the analysis worker killed after the fast path made the
    batch's event and before the batch was analysed left it closed, its event never final."""
    from analysis.tasks import fast_path

    cam = camera("Drive")
    detected(cam, label="car")
    assert processes.wait_until(lambda: Batch.objects.exists(), timeout=10)
    batch = Batch.objects.get()
    fast_path(batch.pk)  # the event, judged at once
    Batch.objects.update(state="closed", closed_at=timezone.now() - timedelta(minutes=10))
    assert beat_until(lambda: Batch.objects.filter(state="analyzed").exists())
    assert Event.objects.get().batch_id == batch.pk  # the same event, analysed: not a second


def test_facts_count_people_per_image_and_see_movement_between_images():
    from analysis.facts import batch_facts

    cam = camera("Gate")
    media = detected(cam, box=(100, 200, 50, 100))
    Detection.objects.create(
        media=media,
        camera=cam,
        file_path=media.path,
        object_type="person",
        confidence=0.7,
        bbox_x=400,
        bbox_y=200,
        bbox_width=50,
        bbox_height=100,
        detected_at=media.captured_at,
    )
    one_photo = batch_facts(cam, list(Detection.objects.select_related("media")))
    person = one_photo.objects[0]
    assert (person.label, person.count, person.moved, person.dwell_seconds) == (
        "person",
        2,
        False,
        0,
    )
    later = detected(cam, box=(300, 250, 50, 100))
    Detection.objects.filter(media=later).update(
        detected_at=media.captured_at + timedelta(seconds=20)
    )
    two_photos = batch_facts(cam, list(Detection.objects.select_related("media")))
    assert two_photos.objects[0].moved is True
    assert two_photos.objects[0].dwell_seconds == 20


def closed_batch(*, minutes_ago: int) -> Batch:
    now = timezone.now()
    return Batch.objects.create(
        camera=camera("Drive"), opened_at=now, last_activity_at=now,
        closed_at=now - timedelta(minutes=minutes_ago), state="closed",
    )  # fmt: skip


def test_a_batch_whose_analysis_never_comes_is_tried_again_spaced_out_then_dead_lettered():
    from analysis import batching
    from homesec.models import DeadLetter

    batch = closed_batch(minutes_ago=3)
    processed_upload(batch.camera, batch=batch)
    now, tries = timezone.now(), []
    for _ in range(40):  # ten hours, every quarter of an hour
        relaunched = batching.stale(now)
        assert batching.stale(now) == []  # a second run at the same moment claims nothing
        if relaunched == [batch.pk]:
            tries.append(now)
        now += timedelta(minutes=15)
    gaps = [round((b - a).total_seconds() / 60) for a, b in pairwise(tries)]
    assert len(tries) == batching.ANALYSIS_ATTEMPTS
    assert gaps == sorted(gaps)
    assert gaps[0] < gaps[-1]  # spaced out, not every few seconds
    batch.refresh_from_db()
    assert batch.state == "failed"
    letter = DeadLetter.objects.get()
    assert (letter.task, letter.args) == ("analysis.tasks.analyze_batch", [[], batch.pk])
    assert "never completed" in letter.error


def test_a_batch_behind_a_backlog_is_late_not_lost_and_is_not_launched_again():
    from analysis import batching

    batch = closed_batch(minutes_ago=30)
    assert batching.stale(waiting=14_853) == []  # the soak's backlog: its message waits
    batch.refresh_from_db()
    assert batch.attempts == 0  # no try spent
    assert batching.stale(waiting=0) == [batch.pk]  # the queue empty: it was lost


def test_a_requeued_dead_lettered_batch_gets_its_event(celery_worker):
    from homesec.models import DeadLetter
    from ops.deadletters import requeue

    batch = Batch.objects.create(
        camera=camera("Drive"),
        opened_at=timezone.now(),
        last_activity_at=timezone.now(),
        closed_at=timezone.now(),
        state="failed",
        attempts=5,
    )
    processed_upload(batch.camera, batch=batch)
    letter = DeadLetter.objects.create(
        task="analysis.tasks.analyze_batch", args=[[], batch.pk], error="x", attempts=5
    )
    assert requeue(letter)
    assert processes.wait_until(lambda: Event.objects.filter(batch=batch).exists(), timeout=20)
    batch.refresh_from_db()
    assert batch.state == "analyzed"
    assert not DeadLetter.objects.exists()
