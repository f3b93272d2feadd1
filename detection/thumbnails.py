"""Thumbnails: 320×240 at most, aspect kept, optimized JPEG (quality 85), with each
detection's box and label drawn in its class colour. Previews: an upload shrunk to fit
1280×960 for the event page, made on first view and kept beside the thumbnails."""

import os
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

SIZE = (320, 240)
PREVIEW_SIZE = (1280, 960)
RED, BLUE, GREEN = (220, 38, 38), (37, 99, 235), (22, 163, 74)
YELLOW, PURPLE, GREY = (234, 179, 8), (147, 51, 234), (148, 163, 184)
COLOURS = {
    "person": RED,
    **dict.fromkeys(["car", "truck", "bus", "train", "boat", "airplane"], BLUE),
    **dict.fromkeys(["bicycle", "motorcycle"], YELLOW),
    "bird": PURPLE,
    **dict.fromkeys(
        ["dog", "cat", "horse", "sheep", "cow", "bear", "elephant", "zebra", "giraffe"], GREEN
    ),
}


def colour_for(label: str) -> tuple[int, int, int]:
    return COLOURS.get(label, GREY)


def save_thumbnail(image: Image.Image, relative_path: str, boxes=()) -> str:
    """Write ``image`` shrunk to fit 320×240 under the media root, ``boxes`` (label,
    confidence, x, y, width, height in the image's pixels) drawn on it. Returns the path."""
    small = image.convert("RGB")
    small.thumbnail(SIZE)
    _draw(small, boxes, scale=small.width / image.width)
    return _save(small, relative_path, quality=85)


def preview_name(sha256: str) -> str:
    return f"previews/{sha256[:2]}/{sha256}.jpg"


def save_preview(original: Path, sha256: str) -> str:
    """The upload at ``original`` shrunk to fit 1280×960 (JPEG, quality 80), under the
    media root. Returns its path there."""
    with Image.open(original) as image:
        small = image.convert("RGB")
    small.thumbnail(PREVIEW_SIZE)
    return _save(small, preview_name(sha256), quality=80)


def _save(image: Image.Image, relative_path: str, *, quality: int) -> str:
    target = Path(settings.MEDIA_ROOT) / relative_path
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f"{target.stem}.{os.getpid()}.tmp")
    image.save(temporary, "JPEG", quality=quality, optimize=True)
    temporary.replace(target)  # a reader never sees half a file
    return relative_path


def draw_boxes(image: Image.Image, boxes, *, scale: float) -> None:
    """Draw ``boxes`` (label, confidence, x, y, width, height in the source image's
    pixels, times ``scale``) on ``image``, as on the thumbnails (event clips use it)."""
    _draw(image, boxes, scale=scale)


def _draw(image: Image.Image, boxes, *, scale: float) -> None:
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=11)
    placed: list[tuple[float, float, float, float]] = []
    for label, confidence, x, y, width, height in boxes:
        colour = colour_for(label)
        box = (x * scale, y * scale, (x + width) * scale, (y + height) * scale)
        draw.rectangle(box, outline=colour, width=2)
        text = f"{label} {confidence:.0%}"
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        tag = _place(image, box, (right - left + 4, bottom - top + 3), placed)
        placed.append(tag)
        draw.rectangle(tag, fill=colour)
        draw.text((tag[0] + 2, tag[1] + 1 - top), text, fill=(255, 255, 255), font=font)


def _place(image, box, size, placed):
    """Where a label of ``size`` goes for ``box``: above it, else inside its top, else
    under it; always inside the image, and clear of the labels ``placed`` when it can."""
    width, height = size
    left = min(max(0, box[0]), max(0, image.width - width))
    tops = (box[1] - height, box[1] + 2, box[3] + 1)
    spots = [
        (left, top, left + width, top + height)
        for top in (min(max(0, t), max(0, image.height - height)) for t in tops)
    ]
    clear = [spot for spot in spots if not any(_overlap(spot, other) for other in placed)]
    return (clear or spots)[0]


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
