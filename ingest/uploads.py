"""One uploaded file → a MediaFile row and its pipeline, or a recorded reason why not.

The camera is the top folder under the camera root ("Front Door/…" → front_door).
Hidden, temporary and unsupported files are ignored without a record; everything
else that is not processed leaves a RejectedUpload with a reason a person can read.
"""

import enum
import hashlib
import logging
import time
from datetime import UTC, datetime
from pathlib import Path, PurePath

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cameras.models import Camera, RejectedUpload, camera_id_for_folder, is_temporary_name
from detection import video
from detection.images import BadMedia, IncompleteMedia, check_image
from detection.models import MediaFile
from detection.thumbnails import save_thumbnail

from . import dedupe, pipeline

log = logging.getLogger(__name__)

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png"}
VIDEO_EXTENSIONS = {".mp4", ".mkv", ".avi", ".mov"}
LAST_SEEN_PRECISION = 10.0  # seconds


class Outcome(enum.Enum):
    INGESTED = "ingested"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
    IGNORED = "ignored"
    INCOMPLETE = "incomplete"  # try again later: it may still be being written


def is_candidate(relative: PurePath) -> bool:
    """Whether a path under the camera root is an upload to look at at all."""
    if len(relative.parts) < 2:
        return False  # a file straight in the root belongs to no camera
    if any(part.startswith(".") for part in relative.parts):
        return False
    if is_temporary_name(relative.name):
        return False
    return relative.suffix.lower() in IMAGE_EXTENSIONS | VIDEO_EXTENSIONS


class Ingestor:
    """Takes uploads under one camera root, remembering its cameras for a while (a burst
    of uploads would otherwise look each camera up, and mark it seen, once per file)."""

    CAMERA_MEMORY_SECONDS = 30.0

    def __init__(self, root: Path | None = None):
        self.root = (root or settings.CAMERA_ROOT).absolute()
        self._cameras: dict[str, tuple[Camera, float]] = {}
        self._seen_at: dict[str, float] = {}

    def ingest(self, path: Path, *, final: bool = True) -> Outcome:
        """``final=False`` lets a truncated file wait instead of being rejected."""
        relative = path.absolute().relative_to(self.root)
        if not is_candidate(relative):
            return Outcome.IGNORED
        camera = None
        try:
            _check_inside_root(path, self.root)
            camera = self._camera(relative.parts[0])
            size = path.stat().st_size
            if size == 0:
                raise BadMedia("the file is empty (0 bytes)")
            details = _inspect(path)
            sha256 = _hash(path)
        except IncompleteMedia as exc:
            if not final:
                return Outcome.INCOMPLETE
            return _reject(camera, relative, str(exc), path)
        except BadMedia as exc:
            return _reject(camera, relative, str(exc), path)
        except FileNotFoundError:
            return Outcome.IGNORED  # gone again: removed or renamed while we looked
        outcome = self._record(camera, relative, path, size, sha256, details)
        if outcome is Outcome.INGESTED:
            self._seen(camera)
        return outcome

    def _camera(self, folder: str) -> Camera:
        remembered = self._cameras.get(folder)
        if remembered and time.monotonic() - remembered[1] < self.CAMERA_MEMORY_SECONDS:
            return remembered[0]
        camera = _camera_for(folder)
        self._cameras[folder] = (camera, time.monotonic())
        return camera

    def _record(self, camera, relative, path, size, sha256, details) -> Outcome:
        if not dedupe.first_sighting(sha256, str(relative)):
            return _duplicate(camera, relative, size, sha256)
        try:
            with transaction.atomic():
                media = MediaFile.objects.create(
                    camera=camera, path=str(relative), size=size, sha256=sha256, **details
                )
                transaction.on_commit(lambda: pipeline.enqueue(media.pk))
        except IntegrityError:
            if MediaFile.objects.filter(sha256=sha256).exists():
                return _duplicate(camera, relative, size, sha256)  # the database decides
            self._cameras.clear()  # the camera was deleted meanwhile
            dedupe.forget(sha256)
            raise
        except Exception:
            dedupe.forget(sha256)
            raise
        if media.kind == MediaFile.Kind.VIDEO:
            _clip_thumbnail(media, path)
        return Outcome.INGESTED

    def _seen(self, camera: Camera) -> None:
        """The camera just uploaded: it is online. Written at most every few seconds."""
        if time.monotonic() - self._seen_at.get(camera.pk, -1e9) < LAST_SEEN_PRECISION:
            return
        self._seen_at[camera.pk] = time.monotonic()
        Camera.objects.filter(pk=camera.pk).update(
            last_seen_at=timezone.now(), status=Camera.Status.ONLINE
        )


def _check_inside_root(path: Path, root: Path) -> None:
    if not path.resolve().is_relative_to(root.resolve()):
        raise BadMedia("refused: a symlink pointing outside the camera root")


def _camera_for(folder: str) -> Camera:
    camera = Camera.objects.filter(folder_path=folder).first()
    if camera is not None:
        return camera
    if not settings.AUTO_CREATE_CAMERAS:
        raise BadMedia(f"no camera uses the folder {folder!r} (HOMESEC_AUTO_CREATE_CAMERAS is off)")
    camera_id = camera_id_for_folder(folder)
    if Camera.objects.filter(pk=camera_id).exclude(folder_path=folder).exists():
        camera_id = f"{camera_id[:40]}_{hashlib.sha256(folder.encode()).hexdigest()[:6]}"
    camera, created = Camera.objects.get_or_create(
        folder_path=folder, defaults={"id": camera_id, "name": folder.strip() or camera_id}
    )
    if created:
        log.info("new camera %s from folder %r", camera.pk, folder)
    return camera


def _inspect(path: Path) -> dict:
    """Validate the media and return what the MediaFile row records about it."""
    mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    if path.suffix.lower() in IMAGE_EXTENSIONS:
        info = check_image(path, max_pixels=settings.MAX_IMAGE_PIXELS)
        return {
            "kind": MediaFile.Kind.IMAGE,
            "width": info.width,
            "height": info.height,
            "captured_at": info.captured_at or mtime,
        }
    info = video.probe(path)
    return {
        "kind": MediaFile.Kind.VIDEO,
        "width": info.width,
        "height": info.height,
        "duration": info.duration,
        "codec": info.codec,
        "captured_at": mtime,
    }


def _hash(path: Path) -> str:
    with open(path, "rb") as upload:
        return hashlib.file_digest(upload, "sha256").hexdigest()


def _duplicate(camera, relative, size, sha256) -> Outcome:
    original = MediaFile.objects.filter(sha256=sha256).values_list("path", flat=True).first()
    if original == str(relative):
        return Outcome.DUPLICATE  # the very same file seen twice: nothing to say
    reason = f"duplicate of {original}" if original else "duplicate of a file being recorded"
    RejectedUpload.objects.create(camera=camera, path=str(relative), reason=reason, size=size)
    return Outcome.DUPLICATE


def _clip_thumbnail(media: MediaFile, path: Path) -> None:
    try:
        frame = video.first_good_frame(path)
    except BadMedia as exc:
        log.warning("no thumbnail for clip %s: %s", media.path, exc)
        return
    media.thumbnail_path = save_thumbnail(frame, f"clips/{media.sha256[:2]}/{media.sha256}.jpg")
    MediaFile.objects.filter(pk=media.pk).update(thumbnail_path=media.thumbnail_path)


def _reject(camera, relative, reason: str, path: Path) -> Outcome:
    try:
        size = path.lstat().st_size
    except OSError:
        size = None
    log.warning("rejected %s: %s", relative, reason)
    RejectedUpload.objects.create(camera=camera, path=str(relative), reason=reason, size=size)
    return Outcome.REJECTED
