"""Event clips: an H.264 MP4 per event, from its photos and the sampled frames of its
videos in the order they were taken, each detection's box drawn as on the thumbnails.

Made by ``events.tasks.make_clip`` after the event is published (queue ``media``), so
an event never waits for its clip. A clip is named for its event and for the set of
uploads it shows (``clips/<event>-<key>.mp4`` under the media root): an update of the
event that adds uploads makes a new clip and removes the old one; an update that adds
none (the LLM's words) leaves it as it is."""

import hashlib
import logging
import os
import time
from collections import defaultdict
from fractions import Fraction
from pathlib import Path

import av
from django.conf import settings
from PIL import Image

from detection.images import BadMedia, IncompleteMedia, load_upright
from detection.models import Detection
from detection.thumbnails import draw_boxes
from detection.video import sample_frames
from homesec.paths import OutsideRoot, inside

log = logging.getLogger(__name__)
CLIP_DIR = "clips"
CODEC = "libx264"  # H.264 (FFmpeg's x264 inside the PyAV wheel), yuv420p: plays everywhere


def clip_path(event_id: int) -> Path | None:
    """The event's clip on disk, or None when it has none (yet)."""
    found = sorted(clip_dir().glob(f"{event_id}-*.mp4"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def clip_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / CLIP_DIR


def clips_of(event_ids) -> list[Path]:
    """Every clip file of these events (retention removes them with their events)."""
    wanted = {str(pk) for pk in event_ids}
    if not clip_dir().is_dir():
        return []
    return [p for p in clip_dir().glob("*.mp4") if p.name.split("-", 1)[0] in wanted]


def make(event) -> tuple[Path | None, float]:
    """Write the event's clip unless it is already there. Returns its path (None when the
    event has nothing to show) and the seconds spent."""
    began = time.monotonic()
    detections = list(
        event.detections.select_related("media").order_by(
            "media__captured_at", "media_id", "frame_seconds", "pk"
        )
    )
    if not detections:
        return None, 0.0
    key = hashlib.sha256(",".join(str(d.media_id) for d in detections).encode()).hexdigest()
    target = clip_dir() / f"{event.pk}-{key[:12]}.mp4"
    if target.exists():
        return target, time.monotonic() - began
    frames = list(_frames(detections))
    if not frames:
        return None, time.monotonic() - began
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")  # not *.mp4: unseen
    encode(frames, temporary)
    temporary.replace(target)  # a reader never sees half a file
    for old in clips_of([event.pk]):
        if old != target:
            old.unlink(missing_ok=True)
    return target, time.monotonic() - began


def _frames(detections):
    """(image, boxes, repeat) for each photo and each sampled video frame, in order."""
    by_media = defaultdict(list)
    for detection in detections:
        by_media[detection.media].append(detection)
    hold = max(1, round(settings.CLIP_PHOTO_SECONDS * settings.CLIP_FPS))
    for media, found in by_media.items():
        try:
            path = inside(settings.CAMERA_ROOT, media.path)
        except OutsideRoot:
            continue
        if path is None:
            continue  # the original is gone: the clip shows what is left
        try:
            if media.kind == "video":
                yield from _video_frames(path, found)
            else:
                yield load_upright(path), [_box(d) for d in found], hold
        except (OSError, ValueError, BadMedia, IncompleteMedia, av.FFmpegError) as exc:
            log.warning("clip: %s left out (%s)", media.path, exc)  # the rest still shows


def _video_frames(path: Path, detections):
    fps = settings.CLIP_FPS
    for seconds, image in sample_frames(path, fps=fps, max_frames=settings.CLIP_VIDEO_FRAMES):
        near = [d for d in detections if abs((d.frame_seconds or 0) - seconds) <= 0.5 / fps]
        yield image, [_box(d) for d in near], 1


def _box(d: Detection) -> tuple:
    return (d.object_type, d.confidence, d.bbox_x, d.bbox_y, d.bbox_width, d.bbox_height)


def canvas_size(first: Image.Image) -> tuple[int, int]:
    """The clip's size: the first picture's, shrunk to fit the limits, even numbers."""
    scale = min(1.0, settings.CLIP_MAX_WIDTH / first.width, settings.CLIP_MAX_HEIGHT / first.height)
    return (max(2, int(first.width * scale) // 2 * 2), max(2, int(first.height * scale) // 2 * 2))


def fitted(image: Image.Image, boxes, size: tuple[int, int]) -> Image.Image:
    """``image`` shrunk into ``size`` (black bars where the shapes differ), boxes drawn."""
    scale = min(size[0] / image.width, size[1] / image.height)
    shown = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    draw_boxes(shown, boxes, scale=scale)
    if shown.size == size:
        return shown
    frame = Image.new("RGB", size)
    frame.paste(shown, ((size[0] - shown.width) // 2, (size[1] - shown.height) // 2))
    return frame


def encode(frames, target: Path) -> int:
    """Write ``frames`` — (image, boxes, repeat) — as an H.264 MP4. Returns frames written."""
    written = 0
    with av.open(str(target), "w", format="mp4") as container:
        stream = container.add_stream(CODEC, rate=settings.CLIP_FPS)
        stream.pix_fmt = "yuv420p"
        stream.options = {"preset": "veryfast", "crf": "26"}
        stream.time_base = Fraction(1, settings.CLIP_FPS)
        size = None
        for image, boxes, repeat in frames:
            if size is None:
                size = canvas_size(image)
                stream.width, stream.height = size
            video_frame = av.VideoFrame.from_image(fitted(image, boxes, size))
            for _ in range(repeat):
                video_frame.pts = written
                container.mux(stream.encode(video_frame))
                written += 1
        container.mux(stream.encode())
    return written
