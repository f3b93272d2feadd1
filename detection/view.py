"""Is the camera still seeing what it normally sees? Each upload's picture is read as a
few numbers (a ``Look``): how bright, how much contrast, how sharp for its contrast, and
a 32×24 grey sketch of the scene. Each camera keeps a reference per hour of the day
(``ViewReference``: the look of its normal view then, a running average), and a picture
that is

- **covered**: nearly uniform (a hand, tape, a bag), unless it is dark and this hour's
  normal view is as flat (a night with no infrared light);
- **turned**: its sketch no longer matches the reference's (the camera was moved);
- **blurred**: far less sharp, for its contrast, than a reference lit alike (focus lost,
  spray, a fogged lens);
- **dark**: far darker than this hour's normal (a light out, a lens painted over);

opens a ``ViewChange``, once; the first normal picture after it closes it. The
operator's warning and the all-clear are told by ops (ops/views.py). A new camera, or
a new hour, learns before it judges. The thresholds were set on pictures made for it
(bench/view_changes.py prints each look against them: covered, blurred, turned and
darkened photos, and the same view lit for day, dusk and night)."""

import logging
from dataclasses import asdict, dataclass

import numpy as np
from django.db import transaction
from django.utils import timezone
from PIL import Image

from cameras.models import Camera

from .models import MediaFile, ViewChange, ViewReference

log = logging.getLogger(__name__)

SKETCH = (32, 24)
SHARPNESS_SIZE = (320, 240)
COVERED_CONTRAST = 6.0  # grey levels (0–255) of standard deviation: nearly one colour
DIM = 40.0  # mean grey level below which a flat picture may be a night without infrared
TURNED_BELOW = 0.5  # the sketch's correlation with the reference's
BLURRED_BELOW = 0.5  # sharpness as a share of the reference's
DARK_BELOW = 0.35  # brightness as a share of this hour's reference
LEARN = 0.2  # a normal picture's weight in its hour's running average


@dataclass
class Look:
    brightness: float  # mean grey level
    contrast: float  # standard deviation of the grey levels
    sharpness: float  # mean |Laplacian| over the contrast, at 320×240
    sketch: list[float]  # 32×24 grey levels, zero mean and unit spread (all 0 if uniform)


def look(image: Image.Image) -> Look:
    grey = image.convert("L")
    pixels = np.asarray(grey.resize(SHARPNESS_SIZE, Image.Resampling.BOX), dtype=np.float32)
    contrast = float(pixels.std())
    laplacian = (
        4 * pixels[1:-1, 1:-1]
        - pixels[:-2, 1:-1]
        - pixels[2:, 1:-1]
        - pixels[1:-1, :-2]
        - pixels[1:-1, 2:]
    )
    sketch = np.asarray(grey.resize(SKETCH, Image.Resampling.BOX), dtype=np.float32).ravel()
    spread = sketch.std()
    normal = (sketch - sketch.mean()) / spread if spread > 1 else np.zeros_like(sketch)
    return Look(
        brightness=float(pixels.mean()),
        contrast=contrast,
        sharpness=float(np.abs(laplacian).mean() / (contrast + 1.0)),
        sketch=[round(float(v), 3) for v in normal],
    )


def _look_of(reference: ViewReference) -> Look:
    return Look(reference.brightness, reference.contrast, reference.sharpness, reference.sketch)


def likeness(a: list[float], b: list[float]) -> float:
    """The two sketches' correlation: 1 the same scene, about 0 an unrelated one."""
    return float(np.dot(a, b) / len(a))


def _flat(reference: Look) -> bool:
    """A normal view with next to nothing to compare: a night with no infrared light."""
    return reference.contrast < 2 * COVERED_CONTRAST


def _lit_alike(seen: Look, reference: Look) -> bool:
    """Sharpness is compared only between pictures lit alike: a night picture's sensor
    noise reads as detail, so a day picture looks blurred beside it."""
    return 0.7 <= seen.brightness / max(reference.brightness, 1.0) <= 1.4


def judge(seen: Look, same_hour: Look | None, latest: Look | None) -> str | None:
    """What changed, if anything: ``covered``, ``turned``, ``blurred``, ``dark`` or None.
    ``same_hour`` is this hour's reference, ``latest`` the camera's most recent one of any
    hour that shows the scene (its layout hardly changes with the light)."""
    if seen.contrast < COVERED_CONTRAST:
        if seen.brightness < DIM and (same_hour is None or _flat(same_hour)):
            return None  # a night with no infrared light: flat and dark is its normal view
        return "covered"
    reference = same_hour if same_hour and not _flat(same_hour) else latest
    if reference is None:
        return None  # a new camera learns first
    if likeness(seen.sketch, reference.sketch) < TURNED_BELOW:
        return "turned"
    if _lit_alike(seen, reference) and seen.sharpness < BLURRED_BELOW * reference.sharpness:
        return "blurred"
    if same_hour and seen.brightness < DARK_BELOW * same_hour.brightness:
        return "dark"
    return None


def blend(reference: Look, seen: Look) -> Look:
    """The reference after one more normal picture (a running average)."""

    def mix(a: float, b: float) -> float:
        return a + LEARN * (b - a)

    return Look(
        brightness=mix(reference.brightness, seen.brightness),
        contrast=mix(reference.contrast, seen.contrast),
        sharpness=mix(reference.sharpness, seen.sharpness),
        sketch=[round(mix(a, b), 3) for a, b in zip(reference.sketch, seen.sketch, strict=True)],
    )


def check(media: MediaFile, image: Image.Image) -> ViewChange | None:
    """Judge one upload's picture against its camera's references, open or close the
    camera's view change, and learn from a normal picture. Returns a change it opened."""
    seen = look(image)
    hour = timezone.localtime(media.captured_at).hour
    with transaction.atomic():
        Camera.objects.select_for_update().filter(pk=media.camera_id).first()  # one at a time
        references = ViewReference.objects.filter(camera_id=media.camera_id)
        same_hour = references.filter(hour=hour).first()
        latest = (
            references.filter(contrast__gte=2 * COVERED_CONTRAST).order_by("-updated_at").first()
        )
        kind = judge(seen, same_hour and _look_of(same_hour), latest and _look_of(latest))
        open_change = ViewChange.objects.filter(camera_id=media.camera_id, ended_at=None).first()
        if kind is None:
            if open_change:
                open_change.ended_at = timezone.now()
                open_change.save(update_fields=["ended_at"])
            _learn(media, hour, seen, same_hour)
            return None
        if open_change:
            return None  # told once, until the view returns
        change = ViewChange.objects.create(
            camera_id=media.camera_id,
            kind=kind,
            before=(same_hour or latest).media if (same_hour or latest) else None,
            after=media,
        )
    log.warning("camera %s: view changed (%s), upload %s", media.camera_id, kind, media.pk)
    return change


def _learn(media: MediaFile, hour: int, seen: Look, reference: ViewReference | None) -> None:
    if reference is None:
        ViewReference.objects.create(
            camera_id=media.camera_id, hour=hour, media=media, **asdict(seen)
        )
        return
    for name, value in asdict(blend(_look_of(reference), seen)).items():
        setattr(reference, name, value)
    reference.media = media
    reference.frames += 1
    reference.save()


def accept(camera_id: str) -> int:
    """The camera was moved on purpose: forget its references (it learns the new view) and
    close its open change. Returns how many references were forgotten."""
    with transaction.atomic():
        ViewChange.objects.filter(camera_id=camera_id, ended_at=None).update(
            ended_at=timezone.now(), accepted=True
        )
        return ViewReference.objects.filter(camera_id=camera_id).delete()[0]
