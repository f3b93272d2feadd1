"""The demo camera of `make run`: real photos carried by an installed package (the
ultralytics assets: a street with people and a bus, two people talking) dropped into
the camera root one at a time, so a new install shows real events within a minute.
Each copy gets its own EXIF time and description, so none is a duplicate of the last.

The camera is set up before its first photo, as a household would set up a camera that
looks at a street: the pavement and the road are one public zone ("Sidewalk or street"),
so the people by the bus are judged as passers-by, not visitors (issue 31, item 6). Both
photos are of public places with nobody's door in sight: the zone is the lower part of
the picture, where feet and wheels stand (the bus photo's pavement from 58 % down; the
other photo's people are cut off by its bottom edge)."""

import importlib.util
import io
import logging
import threading
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from PIL import Image

from .models import Camera, Zone, camera_id_for_folder

log = logging.getLogger(__name__)
FOLDER = "Demo Camera"
PHOTOS = ("bus.jpg", "zidane.jpg")
DESCRIPTION = (
    "Demo camera: a city street with a bus stop, in photos an installed package carries; "
    "the pavement and the road are public"
)
ZONES = [("Street", Zone.Kind.SIDEWALK, [[0.0, 0.58], [1.0, 0.58], [1.0, 1.0], [0.0, 1.0]])]


def ensure_camera() -> Camera:
    """The demo camera with its description and zones; a description or zones the
    household gave it stay as they are."""
    camera, _ = Camera.objects.get_or_create(
        folder_path=FOLDER,
        defaults={"id": camera_id_for_folder(FOLDER), "name": FOLDER, "description": DESCRIPTION},
    )
    if not camera.zones.exists():
        for name, kind, polygon in ZONES:
            Zone.objects.create(camera=camera, name=name, kind=kind, polygon=polygon)
    return camera


def photos() -> list[Path]:
    """The package-carried photos, or none when the package is not installed."""
    spec = importlib.util.find_spec("ultralytics")
    if spec is None or not spec.submodule_search_locations:
        return []
    assets = Path(next(iter(spec.submodule_search_locations))) / "assets"
    return [assets / name for name in PHOTOS if (assets / name).is_file()]


def copy(source: Path, folder: Path, number: int) -> Path:
    """Write ``source`` into ``folder`` as a new upload (unique bytes, time in the name)."""
    now = timezone.localtime()
    exif = Image.Exif()
    exif[0x010E] = f"homesec demo photo {number}"  # ImageDescription
    exif.get_ifd(0x8769)[0x9003] = now.strftime("%Y:%m:%d %H:%M:%S")  # DateTimeOriginal
    out = io.BytesIO()
    with Image.open(source) as photo:
        photo.convert("RGB").save(out, "JPEG", quality=90, exif=exif)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"demo-{now:%Y%m%d-%H%M%S}-{number}.jpg"
    target.write_bytes(out.getvalue())
    return target


def feed(stop: threading.Event, *, interval: float, count: int) -> int:
    """Drop ``count`` photos, one every ``interval`` seconds, the first at once."""
    found = photos()
    if not found:
        log.warning("no demo photos: the ultralytics assets are not installed")
        return 0
    ensure_camera()
    folder = Path(settings.CAMERA_ROOT) / FOLDER
    for number in range(count):
        if stop.is_set():
            return number
        target = copy(found[number % len(found)], folder, number + 1)
        log.info("demo photo %d of %d: %s", number + 1, count, target)
        stop.wait(interval)
    return count
