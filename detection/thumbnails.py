"""Thumbnails: 320×240 at most, aspect kept, optimized JPEG (quality 85)."""

from pathlib import Path

from django.conf import settings
from PIL import Image

SIZE = (320, 240)


def save_thumbnail(image: Image.Image, relative_path: str) -> str:
    """Write ``image`` shrunk to fit 320×240 under the media root; return its relative path."""
    target = Path(settings.MEDIA_ROOT) / relative_path
    target.parent.mkdir(parents=True, exist_ok=True)
    small = image.convert("RGB")
    small.thumbnail(SIZE)
    temporary = target.with_suffix(".tmp")
    small.save(temporary, "JPEG", quality=85, optimize=True)
    temporary.replace(target)  # a reader never sees half a file
    return relative_path
