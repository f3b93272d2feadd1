"""Reading uploaded images: upright (EXIF orientation applied), bounded in size."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG", "PNG"}
EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 0x9003
DATETIME = 0x0132
ORIENTATION = 0x0112

# Our own pixel limit is checked before decoding; Pillow's stays as a backstop.
Image.MAX_IMAGE_PIXELS = None


class BadMedia(Exception):
    """The file is not usable media; the message says why, for a person to read."""


class IncompleteMedia(BadMedia):
    """The file ends early: it may still be being written."""


@dataclass
class ImageInfo:
    width: int
    height: int
    captured_at: datetime | None  # from EXIF, when the camera wrote it


def _exif_time(image: Image.Image) -> datetime | None:
    exif = image.getexif()
    text = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) or exif.get(DATETIME)
    try:
        naive = datetime.strptime(str(text).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except (TypeError, ValueError):
        return None
    return timezone.make_aware(naive)  # cameras write their local time


def check_image(path: Path, *, max_pixels: int) -> ImageInfo:
    """Verify and fully decode the image; raise BadMedia (or IncompleteMedia) if unusable."""
    try:
        with Image.open(path) as image:
            if image.format not in FORMATS:
                raise BadMedia(f"not a JPEG or PNG image (the content is {image.format} data)")
            width, height = image.size
            if width * height > max_pixels:
                raise BadMedia(
                    f"refused as a decompression bomb: {width}×{height} pixels is over the "
                    f"limit of {max_pixels:,} (HOMESEC_MAX_IMAGE_PIXELS)"
                )
            image.verify()
        with Image.open(path) as image:
            image.load()
            turned = image.getexif().get(ORIENTATION) in (5, 6, 7, 8)  # a quarter turn
            width, height = (image.height, image.width) if turned else image.size
            return ImageInfo(width, height, _exif_time(image))
    except UnidentifiedImageError:
        raise BadMedia("not an image: the content is not JPEG or PNG data") from None
    except (OSError, SyntaxError, ValueError) as exc:
        if "truncated" in str(exc) or isinstance(exc, EOFError):
            raise IncompleteMedia(f"the image is truncated ({exc})") from None
        raise BadMedia(f"the image is corrupt ({exc})") from None


def load_upright(path: Path) -> Image.Image:
    """The image as RGB, turned the way the camera's EXIF orientation says."""
    with Image.open(path) as image:
        return ImageOps.exif_transpose(image).convert("RGB")
