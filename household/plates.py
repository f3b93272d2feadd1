"""A licence plate on a vehicle's box: RapidOCR (PP-OCRv4 detection and recognition, ONNX
on onnxruntime, Apache-2.0, the models inside rapidocr-onnxruntime). It has no plate
detector: it reads the text on the vehicle's crop, and a plate is the text that looks like
one (4-10 letters and digits, with at least one of each). Pure: no database."""

import re
import threading
from dataclasses import dataclass

import numpy as np
from PIL import Image

MIN_BOX = (60, 40)  # a smaller vehicle has no readable plate
MAX_SIDE = 960  # the crop is read at most this large
MIN_CONFIDENCE = 0.6
PLATE = re.compile(r"^(?=.*\d)(?=.*[A-Z])[A-Z0-9]{4,10}$")

_engine = None
_lock = threading.Lock()


@dataclass
class FoundPlate:
    text: str  # normalised: upper case, letters and digits only
    confidence: float


def engine():
    """RapidOCR, loaded once per process."""
    global _engine
    with _lock:
        if _engine is None:
            import logging

            from rapidocr_onnxruntime import RapidOCR

            # One thread: the analysis worker runs two of these beside the detector on a
            # few cores, and onnxruntime's pool of a thread per core spends more CPU than
            # it saves there. Text found on the crop at most 736 px on its longer side
            # (RapidOCR's default scales the shorter side up to 736). Read on bus.jpg's
            # bus with a drawn plate (tests/household/test_plates.py) on 2 busy cores:
            # 1.42 s of CPU before, 0.55 s after, the same plate at the same confidence.
            _engine = RapidOCR(
                intra_op_num_threads=1,
                inter_op_num_threads=1,
                det_limit_type="max",
                det_limit_side_len=736,
            )
            logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    return _engine


def normalise(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def too_small(width: int, height: int) -> bool:
    return width < MIN_BOX[0] or height < MIN_BOX[1]


def read_plate(image: Image.Image, box: tuple[int, int, int, int]) -> FoundPlate | None:
    """The most confident plate-like text in the vehicle's box (x, y, width, height)."""
    x, y, width, height = box
    if too_small(width, height):
        return None
    crop = image.crop((x, y, x + width, y + height)).convert("RGB")
    if max(crop.size) > MAX_SIDE:
        crop.thumbnail((MAX_SIDE, MAX_SIDE))
    bgr = np.ascontiguousarray(np.asarray(crop)[:, :, ::-1])  # OpenCV's order
    lines, _ = engine()(bgr)
    found = []
    for _, text, confidence in lines or []:
        plate = normalise(str(text))
        if PLATE.match(plate) and float(confidence) >= MIN_CONFIDENCE:
            found.append(FoundPlate(plate, round(float(confidence), 3)))
    return max(found, key=lambda p: p.confidence, default=None)


def same_plate(read: str, known: str) -> bool:
    """Equal, or (plates of 5 or more) one character misread: OCR confuses 0/O, 1/I, 8/B."""
    if read == known:
        return True
    if len(read) != len(known) or len(known) < 5:
        return False
    return sum(a != b for a, b in zip(read, known, strict=True)) <= 1
