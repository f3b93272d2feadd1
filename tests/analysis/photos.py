"""Real photos the packages carry, uploaded as the pipeline leaves them: a processed upload
in the camera root whose detections are the boxes given, in a closed batch."""

import io
import shutil
import uuid
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from PIL import Image

from analysis.tasks import analyze_batch, enrich_detection
from detection.models import Batch, Detection, MediaFile
from events.models import Event
from tests.media import BUS, ZIDANE

# Person boxes as the darknet detector finds them (x, y, width, height).
ZIDANE_BOX = (728, 23, 426, 697)  # Zidane, facing the camera
ANCELOTTI_BOX = (303, 211, 496, 509)  # Ancelotti, his face tilted (HOG misses it)
BUS_PEOPLE = [(55, 378, 160, 520), (224, 399, 128, 419)]  # two faces HOG finds
BUS_BACK = (685, 468, 125, 425)  # a man whose face is not visible
BUS_BOX = (47, 244, 763, 529)


def jpeg(image: Image.Image, quality: int = 90) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


def reencoded_zidane() -> tuple[bytes, tuple]:
    """Zidane's photo cropped, shifted and saved at JPEG quality 50: another encoding and
    crop of the same face, and where his box is in it."""
    image = Image.open(ZIDANE).crop((650, 10, 1280, 720))
    return jpeg(image, 50), (70, 5, 430, 700)


def upload(cam, content: bytes | Path, boxes, *, label="person", at: datetime | None = None):
    """A closed batch of one processed upload of ``content`` with a detection per box."""
    data = content.read_bytes() if isinstance(content, Path) else content
    relative = f"{cam.folder_path}/{uuid.uuid4().hex}.jpg"
    target = Path(settings.CAMERA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    now = at or timezone.now()
    with Image.open(target) as image:
        width, height = image.size
    media = MediaFile.objects.create(
        camera=cam,
        path=relative,
        sha256=uuid.uuid4().hex * 2,
        kind="image",
        size=len(data),
        captured_at=now,
        width=width,
        height=height,
        state="done",
    )
    batch = Batch.objects.create(
        camera=cam, opened_at=now, last_activity_at=now, closed_at=now, state=Batch.State.CLOSED
    )
    for box in boxes:
        Detection.objects.create(
            media=media, camera=cam, file_path=relative, object_type=label, confidence=0.9,
            bbox_x=box[0], bbox_y=box[1], bbox_width=box[2], bbox_height=box[3],
            detected_at=now, batch=batch,
        )  # fmt: skip
    return batch


def judged(batch) -> Event:
    """Enriched and analysed as the chord does."""
    for pk in Detection.objects.filter(batch=batch).values_list("pk", flat=True):
        enrich_detection(pk)
    return Event.objects.get(pk=analyze_batch([], batch.pk))


def copy_of(source: Path) -> Path:
    target = Path(settings.CAMERA_ROOT) / "sources" / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    return target


__all__ = ["BUS", "ZIDANE"]
