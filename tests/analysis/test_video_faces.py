"""Faces and plates in video frames, with the real detector, dlib and RapidOCR: a clip made
from zidane.jpg goes through detection (its sampled frames), then the batch's enrichment
decodes the frame again and Zidane's face in it is the person enrolled from his photo; a
clip cut short after detection, or gone, still gets its event; a plate drawn on the bus
is read from a clip."""

import logging
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from PIL import Image

from analysis import frames
from analysis.batching import join_batch
from detection.models import Batch, Detection, MediaFile
from detection.tasks import detect
from detection.video import sample_frames
from household.models import Face, Person, PlateRead
from tests.factories import camera
from tests.household.test_plates import bus_with_plate

from .clips import FPS, write_clip, zidane_zooming
from .photos import ZIDANE, ZIDANE_BOX, judged, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def front(camera_root):
    return camera("Front Door")


def detected_clip(cam, pictures: list[Image.Image]) -> Batch:
    """The clip recorded, through the real detect task, joined to a batch and closed."""
    relative = f"{cam.folder_path}/{uuid.uuid4().hex}.mp4"
    path = write_clip(Path(settings.CAMERA_ROOT) / relative, pictures)
    media = MediaFile.objects.create(
        camera=cam,
        path=relative,
        sha256=uuid.uuid4().hex * 2,
        kind="video",
        size=path.stat().st_size,
        captured_at=timezone.now(),
        width=pictures[0].width,
        height=pictures[0].height,
        duration=len(pictures) / FPS,
        codec="h264",
    )
    assert detect.apply(args=(media.pk,)).get().endswith("detection(s)")
    batch = join_batch(media)
    Batch.objects.filter(pk=batch.pk).update(state=Batch.State.CLOSED, closed_at=timezone.now())
    return batch


def test_a_face_in_a_video_frame_is_the_person_enrolled_from_a_photo(front):
    photo = Face.objects.get(detection__batch=_judged(upload(front, ZIDANE, [ZIDANE_BOX])))
    Person.objects.filter(pk=photo.person_id).update(name="Zinedine", role="household")
    batch = detected_clip(front, zidane_zooming())
    people = Detection.objects.filter(batch=batch, object_type="person")
    assert len(set(people.values_list("frame_seconds", flat=True))) == 3  # 0, 1 and 2 s
    event = judged(batch)
    looked = Face.objects.filter(detection__batch=batch).select_related("detection")
    # One frame of the clip stands for it: a face per person in that frame, not per frame.
    (seconds,) = {f.detection.frame_seconds for f in looked}
    assert seconds is not None
    assert looked.count() == people.filter(frame_seconds=seconds).count()
    (seen,) = [f for f in looked if f.visible]
    assert seen.person_id == photo.person_id
    assert seen.distance < 0.4
    assert (Path(settings.MEDIA_ROOT) / seen.crop_path).is_file()
    assert any(f.startswith("recognised: household member Zinedine") for f in event.factors)


def test_the_frame_decoded_again_is_the_frame_the_detector_saw(tmp_path):
    clip = write_clip(tmp_path / "zoom.mp4", zidane_zooming())
    for seconds, seen in sample_frames(clip, fps=1.0, max_frames=5):
        again = frames.frame_at(clip, seconds)
        assert again.size == seen.size
        assert again.tobytes() == seen.tobytes()


def test_a_clip_cut_short_or_gone_after_detection_still_gets_its_event(front, caplog):
    batch = detected_clip(front, zidane_zooming(10))
    path = Path(settings.CAMERA_ROOT) / batch.detections.first().media.path
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with caplog.at_level(logging.ERROR, logger="analysis.enrich"):
        event = judged(batch)
    assert event.risk_score > 0
    assert not Face.objects.filter(detection__batch=batch).exists()
    assert "look_for_face failed" in caplog.text
    gone = detected_clip(front, zidane_zooming(10))
    (Path(settings.CAMERA_ROOT) / gone.detections.first().media.path).unlink()
    assert judged(gone).risk_score > 0
    assert not Face.objects.filter(detection__batch=gone).exists()


def test_a_plate_on_a_vehicle_in_a_video_frame_is_read_once(front, settings):
    import io

    settings.DETECTION_CONFIDENCE_THRESHOLD = 0.3  # the plate drawn on it: bus at 0.36-0.38
    with Image.open(io.BytesIO(bus_with_plate())) as photo:
        bus = photo.convert("RGB")
    batch = detected_clip(front, [bus.rotate(i * 0.3) for i in range(10)])
    vehicles = Detection.objects.filter(batch=batch, object_type="bus")
    assert vehicles.values("frame_seconds").distinct().count() == 2  # 0 and 1 s
    judged(batch)
    (read,) = PlateRead.objects.filter(detection__batch=batch)
    assert read.text == "AB12CDE"
    assert read.detection.frame_seconds is not None


def _judged(batch) -> Batch:
    judged(batch)
    return batch
