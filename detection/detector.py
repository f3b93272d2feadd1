"""Running the detector on one media file and storing what it found."""

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from . import backends, video
from .images import BadMedia, load_upright
from .models import Detection, MediaFile
from .thumbnails import save_thumbnail


@dataclass
class Frame:
    """One image of a media file (a clip has several) and the objects found in it."""

    image: Image.Image
    seconds: float | None = None  # into the clip; None for a photo
    boxes: list[backends.Box] = field(default_factory=list)


def frames(media: MediaFile) -> list[Frame]:
    """The upright image of a photo, or the sampled frames of a clip; BadMedia if the
    file can no longer be read (deleted, or overwritten since it was recorded)."""
    path = Path(settings.CAMERA_ROOT) / media.path
    try:
        if media.kind == MediaFile.Kind.IMAGE:
            return [Frame(load_upright(path))]
        found = [
            Frame(image, seconds)
            for seconds, image in video.sample_frames(
                path, fps=settings.VIDEO_SAMPLE_FPS, max_frames=settings.VIDEO_MAX_FRAMES
            )
        ]
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError) as exc:
        raise BadMedia(f"the file can no longer be read ({exc})") from None
    if not found:
        raise BadMedia("the clip has no frames to look at")
    return found


def find(media: MediaFile, backend: backends.Detects) -> list[Frame]:
    """Security-relevant objects above the confidence threshold, in each frame (a clip's
    frames go to the backend together, which batches them as it can)."""
    threshold = settings.DETECTION_CONFIDENCE_THRESHOLD
    wanted = set(settings.SECURITY_OBJECT_TYPES)
    found = frames(media)
    boxes = backend.detect_many([frame.image for frame in found], min_confidence=threshold)
    for frame, frame_boxes in zip(found, boxes, strict=True):
        frame.boxes = [
            box for box in frame_boxes if box.label in wanted and box.confidence >= threshold
        ]
    return found


def store(media: MediaFile, found: list[Frame], task_id: str) -> int:
    """Replace the media's detections with ``found`` (a re-run adds nothing), draw the
    thumbnails and mark it done, all or nothing. Returns the number of detections."""
    rows = []
    for frame in found:
        if media.kind == MediaFile.Kind.VIDEO and not frame.boxes:
            continue  # a clip already has its thumbnail; frames without objects add nothing
        thumbnail = save_thumbnail(
            frame.image,
            _thumbnail_name(media, frame.seconds),
            [(b.label, b.confidence, b.x, b.y, b.width, b.height) for b in frame.boxes],
        )
        if frame.seconds is None:
            media.thumbnail_path = thumbnail
        offset = timedelta(seconds=frame.seconds or 0)
        rows += [
            Detection(
                media=media,
                camera_id=media.camera_id,
                file_path=media.path,
                object_type=box.label,
                confidence=box.confidence,
                bbox_x=box.x,
                bbox_y=box.y,
                bbox_width=box.width,
                bbox_height=box.height,
                frame_seconds=frame.seconds,
                detected_at=media.captured_at + offset,
                thumbnail_path=thumbnail,
            )
            for box in frame.boxes
        ]
    with transaction.atomic():
        done = MediaFile.objects.filter(pk=media.pk, claimed_by=task_id).update(
            state=MediaFile.State.DONE,
            last_error="",
            thumbnail_path=media.thumbnail_path,
            updated_at=timezone.now(),
        )
        if not done:
            return 0  # another run took it over; it stores its own
        Detection.objects.filter(media=media).delete()
        Detection.objects.bulk_create(rows)
    return len(rows)


def _thumbnail_name(media: MediaFile, seconds: float | None) -> str:
    suffix = "" if seconds is None else f"-{round(seconds * 1000)}ms"
    return f"thumbnails/{media.sha256[:2]}/{media.sha256}{suffix}.jpg"
