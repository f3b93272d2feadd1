"""Faces and plates for the batch chord's per-detection step (``enrich_detection``):
bounded (the K largest person and vehicle boxes of a batch, HOMESEC_FACES_PER_BATCH,
HOMESEC_PLATES_PER_BATCH; a clip competes with one frame, see ``candidates``), each part
switchable (HOMESEC_FACES, HOMESEC_PLATES), safe to run twice (one Face and one PlateRead
per detection). A failure (a clip gone or cut short included) is logged and the batch is
judged without it. Each part runs through a circuit shared by every worker
(homesec/circuit.py, ``enrichment-faces``, ``enrichment-plates``): a model that keeps
failing is rested — the batches are judged without it at once instead of each paying
for the failure — and the System page, /ready and /metrics say it runs degraded. A
picture that cannot be read is the upload's fault, not the model's, and counts for
nothing."""

import logging
import time
from collections import defaultdict

from celery.signals import celeryd_after_setup, worker_process_init
from django.conf import settings
from django.db import IntegrityError

from detection.images import load_upright
from detection.models import Detection
from homesec.circuit import CircuitBreaker
from homesec.paths import inside
from household import faces, people, plates
from household.models import Face, PlateRead

from . import frames

log = logging.getLogger(__name__)
PLATE_CLASSES = ("car", "truck", "motorcycle", "bus")
# A picture gone, cut short or not a picture; the other path storing the same row first.
NOT_THE_MODEL = (OSError, frames.FrameMissing, IntegrityError)


def chosen(detection: Detection, labels, limit: int) -> bool:
    """Is this detection among its batch's ``limit`` largest boxes of ``labels``? The same
    answer in every task of the chord."""
    if detection.object_type not in labels:
        return False
    return detection.pk in candidates(detection.batch_id, labels)[:limit]


def candidates(batch_id: int, labels) -> list[int]:
    """The batch's boxes of ``labels`` that may be looked at, largest first. A clip counts
    as one picture: only its frame with the most such boxes (then the largest in total,
    then the earliest) competes with the photos, so a person walking through thirty
    frames costs one face, not thirty, and two people seen together cost two."""
    rows = Detection.objects.filter(batch_id=batch_id, object_type__in=labels).values_list(
        "pk", "media_id", "frame_seconds", "bbox_width", "bbox_height"
    )
    pictures: dict = defaultdict(dict)  # media -> frame time (None: a photo) -> boxes
    for pk, media, seconds, width, height in rows:
        pictures[media].setdefault(seconds, []).append((width * height, pk))
    kept = []
    for by_frame in pictures.values():
        best = max(
            by_frame.items(),
            key=lambda item: (len(item[1]), sum(a for a, _ in item[1]), -(item[0] or 0)),
        )
        kept += best[1]
    return [pk for _, pk in sorted(kept, key=lambda box: (-box[0], box[1]))]


def box_of(detection: Detection) -> tuple[int, int, int, int]:
    return (detection.bbox_x, detection.bbox_y, detection.bbox_width, detection.bbox_height)


def image_of(detection: Detection):
    """The picture the detector saw: the upright photo, or the clip's frame decoded again."""
    path = inside(settings.CAMERA_ROOT, detection.media.path)
    if path is None:
        raise FileNotFoundError(f"the upload {detection.media.path} is gone")
    if detection.frame_seconds is None:
        return load_upright(path)
    return frames.frame_at(path, detection.frame_seconds)


def look_for_face(detection: Detection) -> dict:
    """A Face row for a person detection: the face's embedding, crop and person, or none
    visible. Returns what the chord's body is told."""
    done = Face.objects.filter(detection=detection).first()
    if done is None:
        if faces.too_small(detection.bbox_width, detection.bbox_height):
            return {"face": "too small"}
        use_cnn = settings.FACE_DETECTOR == "hog+cnn"
        found = faces.find_face(image_of(detection), box_of(detection), use_cnn=use_cnn)
        done = Face.objects.create(
            detection=detection,
            camera_id=detection.camera_id,
            seen_at=detection.detected_at,
            embedding=found.embedding if found else None,
            crop_path=people.save_crop(found.crop, detection.pk) if found else "",
        )
        if found:
            people.assign(done)
    return {"face": done.person_id if done.visible else "not visible"}


def read_plate(detection: Detection) -> dict:
    done = PlateRead.objects.filter(detection=detection).first()
    if done is None:
        if plates.too_small(detection.bbox_width, detection.bbox_height):
            return {"plate": "too small"}
        found = plates.read_plate(image_of(detection), box_of(detection))
        done = PlateRead.objects.create(
            detection=detection,
            camera_id=detection.camera_id,
            seen_at=detection.detected_at,
            text=found.text if found else "",
            confidence=found.confidence if found else 0.0,
        )
    return {"plate": done.text}


def enrich(detection: Detection) -> dict:
    """Face or plate, when switched on and the detection is among the batch's chosen."""
    found: dict = {}
    parts = (
        (settings.FACES, ("person",), settings.FACES_PER_BATCH, look_for_face, "faces"),
        (settings.PLATES, PLATE_CLASSES, settings.PLATES_PER_BATCH, read_plate, "plates"),
    )
    for on, labels, limit, part, name in parts:
        if not (on and limit and chosen(detection, labels, limit)):
            continue
        circuit = CircuitBreaker(f"enrichment-{name}")
        if not circuit.allow():
            found[part.__name__] = f"skipped: the {name} model is resting after failures"
            continue
        try:
            found.update(part(detection))
        except Exception as exc:  # the batch is judged without it
            log.exception("%s failed on detection %s", part.__name__, detection.pk)
            found[part.__name__] = f"error: {exc}"
            if isinstance(exc, NOT_THE_MODEL):
                circuit.release()  # it says nothing of the model: the next call may probe
            else:
                circuit.record_failure()
        else:
            circuit.record_success()
    return found


# --- models loaded once per analysis worker process, before its first task ----------------

_consumes_analysis = False


@celeryd_after_setup.connect
def _note_queues(sender, instance, **kwargs):
    global _consumes_analysis
    _consumes_analysis = "analysis" in instance.app.amqp.queues.consume_from


@worker_process_init.connect
def _load_models(**kwargs):
    if _consumes_analysis:
        log.info("enrichment models loaded: %s", warm_up())


def _face_models() -> None:
    faces.models()
    if settings.FACE_DETECTOR == "hog+cnn":
        faces.cnn()


def warm_up() -> dict[str, float]:
    """Load the face and plate models that are switched on; seconds each took."""
    took = {}
    for on, name, load in ((settings.FACES, "faces", _face_models),
                           (settings.PLATES, "plates", plates.engine)):  # fmt: skip
        if on:
            start = time.perf_counter()
            try:
                load()
            except Exception:  # judged without it; each use logs again
                log.exception("could not load the %s models", name)
            took[name] = round(time.perf_counter() - start, 2)
    return took
