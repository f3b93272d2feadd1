"""Clips made from the real photos the packages carry (H.264 by the PyAV wheel's libx264,
as events/clips.py writes them): for the video-frame enrichment tests and the bench."""

from pathlib import Path

from PIL import Image

from tests.media import ZIDANE, encode_clip

FPS = 5


def write_clip(path: Path, pictures: list[Image.Image], *, fps: int = FPS) -> Path:
    """An H.264 MP4 of ``pictures``, ``fps`` a second."""
    return encode_clip(
        path, pictures, fps=fps, codec="libx264", options={"preset": "veryfast", "crf": "23"}
    )


def zidane_zooming(count: int = 15) -> list[Image.Image]:
    """zidane.jpg, the camera closing in a little each frame (15 frames: 3 s at 5 a second)."""
    with Image.open(ZIDANE) as photo:
        source = photo.convert("RGB")
    return [
        source.crop((i * 16, i * 9, 1280 - i * 4, 720 - i * 2)).resize((1280, 720))
        for i in range(count)
    ]
