"""Thumbnails: 320×240 at most, aspect kept, optimized JPEG (quality 85), with each
detection's box and label drawn in its class colour."""

from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

SIZE = (320, 240)
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
    target = Path(settings.MEDIA_ROOT) / relative_path
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    small.save(temporary, "JPEG", quality=85, optimize=True)
    temporary.replace(target)  # a reader never sees half a file
    return relative_path


def _draw(image: Image.Image, boxes, *, scale: float) -> None:
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=11)
    for label, confidence, x, y, width, height in boxes:
        colour = colour_for(label)
        left, top = x * scale, y * scale
        right, bottom = (x + width) * scale, (y + height) * scale
        draw.rectangle((left, top, right, bottom), outline=colour, width=2)
        text = f"{label} {confidence:.0%}"
        text_box = draw.textbbox((left, top), text, font=font)
        shift = max(0, top - (text_box[3] - text_box[1]) - 2) - top
        text_box = (text_box[0], text_box[1] + shift, text_box[2] + 4, text_box[3] + shift + 2)
        draw.rectangle(text_box, fill=colour)
        draw.text((left + 2, top + shift), text, fill=(255, 255, 255), font=font)
