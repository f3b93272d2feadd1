"""A clip's frame again, for the faces and plates of a video detection: the detector's
sampled frames are not kept, so the frame a detection was found in is decoded anew with
PyAV, as detection/video.py decoded it (``frame.to_image()``: the stored pixels, no
rotation, no scaling), so the detection's box lands on the same pixels. Pure: no database.

The seek goes to the key frame at or before the time and decodes on to the frame whose
time is nearest: a few frames, not the clip from its start."""

from pathlib import Path

import av
from PIL import Image

EXACT = 1e-3  # seconds: the detector stored the frame's own time, so it is found exactly
NEAR_ENOUGH = 0.5  # seconds: a seek that lands further off decodes from the start instead


class FrameMissing(Exception):
    """The clip cannot give that frame (gone, truncated or corrupt); the message says why."""


def frame_at(path: Path, seconds: float) -> Image.Image:
    """The RGB frame of the clip at ``path`` nearest ``seconds`` (as ``frame.time`` counts)."""
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise FrameMissing(f"{path.name} has no video stream")
            stream = container.streams.video[0]
            found = _nearest(container, stream, seconds, seek=seconds > 0)
            if found is None or abs(found[0] - seconds) > NEAR_ENOUGH:
                container.seek(0)
                found = _nearest(container, stream, seconds, seek=False) or found
    except av.FFmpegError as exc:
        raise FrameMissing(f"{path.name} could not be decoded ({exc})") from None
    if found is None or abs(found[0] - seconds) > NEAR_ENOUGH:
        raise FrameMissing(f"{path.name} has no frame near {seconds:.2f} s")
    return found[1]


def _nearest(container, stream, seconds: float, *, seek: bool) -> tuple[float, Image.Image] | None:
    """(time, image) of the decoded frame nearest ``seconds``; frames come in time order,
    so decoding stops at the first one at or past it."""
    if seek and stream.time_base:
        container.seek(int(seconds / stream.time_base), stream=stream, backward=True)
    best = None
    try:
        for frame in container.decode(stream):
            at = float(frame.time or 0.0)
            if best is None or abs(at - seconds) < abs(best[0] - seconds):
                best = (at, frame)
            if at >= seconds - EXACT:
                break
    except av.FFmpegError:
        if best is None:
            raise  # a clip cut short still gives the frames before the cut
    return None if best is None else (best[0], best[1].to_image())
