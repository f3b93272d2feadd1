"""Reading uploaded clips in-process with PyAV (FFmpeg inside the wheel)."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
from PIL import Image, ImageStat

from .images import BadMedia, IncompleteMedia

BLACK_LEVEL = 16  # mean luminance (0-255) at or below which a frame counts as black
FIRST_FRAME_SEARCH = 60  # frames to look through for one that is not black


@dataclass
class VideoInfo:
    duration: float
    codec: str
    width: int
    height: int


def _open(path: Path):
    try:
        container = av.open(str(path))
    except av.FFmpegError as exc:
        # A clip still being uploaded has no index yet and reads as invalid data.
        raise IncompleteMedia(f"not a playable video ({exc})") from None
    if not container.streams.video:
        container.close()
        raise BadMedia("the file has no video stream")
    return container


def probe(path: Path) -> VideoInfo:
    """Metadata, after decoding one frame to prove the clip plays."""
    with _open(path) as container:
        stream = container.streams.video[0]
        try:
            frame = next(container.decode(stream))
        except (StopIteration, av.FFmpegError) as exc:
            raise IncompleteMedia(f"no frame could be decoded ({exc or 'empty'})") from None
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        else:
            duration = (container.duration or 0) / av.time_base
        return VideoInfo(duration, stream.codec_context.name, frame.width, frame.height)


def sample_frames(
    path: Path, *, fps: float, max_frames: int
) -> Iterator[tuple[float, Image.Image]]:
    """(seconds, RGB frame) about ``fps`` times a second, at most ``max_frames``.

    The first frame given is the first one that is not black (cameras often start dark).
    """
    step = 1.0 / fps
    next_time = None
    given = 0
    with _open(path) as container:
        stream = container.streams.video[0]
        for index, frame in enumerate(container.decode(stream)):
            seconds = float(frame.time or 0.0)
            image = frame.to_image()
            if next_time is None:
                if _is_black(image) and index < FIRST_FRAME_SEARCH:
                    continue
                next_time = seconds
            if seconds + 1e-6 < next_time:
                continue
            yield seconds, image
            given += 1
            if given >= max_frames:
                return
            next_time = seconds + step


def first_good_frame(path: Path) -> Image.Image:
    for _, image in sample_frames(path, fps=1.0, max_frames=1):
        return image
    raise BadMedia("the video has no frames")


def _is_black(image: Image.Image) -> bool:
    return ImageStat.Stat(image.convert("L")).mean[0] <= BLACK_LEVEL
