"""Clips made from the real photos the packages carry (H.264 by the PyAV wheel's libx264,
as events/clips.py writes them): for the video-frame enrichment tests and the bench."""

from pathlib import Path

from PIL import Image

from tests.media import ZIDANE

FPS = 5


def write_clip(path: Path, pictures: list[Image.Image], *, fps: int = FPS) -> Path:
    """An H.264 MP4 of ``pictures``, ``fps`` a second."""
    import av

    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.pix_fmt, stream.options = "yuv420p", {"preset": "veryfast", "crf": "23"}
        stream.width, stream.height = pictures[0].size
        for picture in pictures:
            for packet in stream.encode(av.VideoFrame.from_image(picture)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def zidane_zooming(count: int = 15) -> list[Image.Image]:
    """zidane.jpg, the camera closing in a little each frame (15 frames: 3 s at 5 a second)."""
    with Image.open(ZIDANE) as photo:
        source = photo.convert("RGB")
    return [
        source.crop((i * 16, i * 9, 1280 - i * 4, 720 - i * 2)).resize((1280, 720))
        for i in range(count)
    ]
