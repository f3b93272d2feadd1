"""The batch's best frames for an LLM that can see (HOMESEC_LLM_VISION=on; the GPU path).

The frames go beside the facts as base64 JPEG ``image_url`` parts of the user message
(OpenAI's chat format, which vLLM serves): at most HOMESEC_LLM_VISION_IMAGES of them,
from distinct uploads, the most telling first (a person before a vehicle before an
animal, then the surest), each shrunk to fit HOMESEC_LLM_VISION_MAX_SIDE. A video's
frame is its detection's thumbnail. A file that is gone or unreadable is skipped: the
facts are judged regardless."""

import base64
import io
import logging
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

log = logging.getLogger(__name__)

TELLING = {"person": 0, "car": 1, "truck": 1, "bus": 1, "motorcycle": 1, "bicycle": 1}
QUALITY = 85


def images(detections) -> list[str]:
    """Data URLs of the best frames of a batch's detections; none when vision is off."""
    if not settings.LLM_VISION:
        return []
    ranked = sorted(detections, key=lambda d: (TELLING.get(d.object_type, 2), -d.confidence))
    found, used = [], set()
    for detection in ranked:
        if len(found) >= settings.LLM_VISION_IMAGES:
            break
        if detection.media_id in used:
            continue
        url = _data_url(_frame_path(detection))
        if url:
            used.add(detection.media_id)
            found.append(url)
    return found


def _frame_path(detection) -> Path | None:
    if detection.media.kind == "image":
        return Path(settings.CAMERA_ROOT) / detection.media.path
    if detection.thumbnail_path:
        return Path(settings.MEDIA_ROOT) / detection.thumbnail_path
    return None


def _data_url(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        with Image.open(path) as image:
            frame = ImageOps.exif_transpose(image).convert("RGB")  # upright
    except (OSError, UnidentifiedImageError) as exc:
        log.warning("no frame for the LLM from %s: %s", path, exc)
        return None
    side = settings.LLM_VISION_MAX_SIDE
    frame.thumbnail((side, side))
    out = io.BytesIO()
    frame.save(out, "JPEG", quality=QUALITY)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()


def attach(messages: list[dict], urls: list[str]) -> list[dict]:
    """The chat with the frames added to its (last) user message, after the facts."""
    if not urls:
        return messages
    *before, last = messages
    parts = [{"type": "text", "text": last["content"]}]
    parts += [{"type": "image_url", "image_url": {"url": url}} for url in urls]
    return [*before, {**last, "content": parts}]
