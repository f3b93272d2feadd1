"""torch + ultralytics: any YOLO checkpoint the user gives (.pt, .onnx, .engine), on the
device the setting names (cuda:0, cpu). The production backend on GPU workers.

The frames of a clip go to the model a batch at a time (HOMESEC_DETECTOR_BATCH), in half
precision on a GPU. Frames of one size share a batch, so that a frame's boxes never
depend on what else was in it. Out of GPU memory, the batch is halved and tried again,
down to one frame; then DetectorError, which the detect task retries later. The smaller
batch is kept for the rest of the worker's life (the log says so).
"""

import logging
import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from . import Box, DetectorError, clip, require_model

log = logging.getLogger(__name__)


class UltralyticsBackend:
    name = "ultralytics"

    def __init__(
        self, *, model: str | None, device: str = "cuda:0", batch: int | None = None,
        half: bool | None = None,
    ):  # fmt: skip
        path = require_model(model, "ultralytics")
        os.environ.setdefault("YOLO_OFFLINE", "1")  # no update checks, no downloads
        try:
            from ultralytics import YOLO
        except ImportError as exc:
            raise ImproperlyConfigured(
                f"the ultralytics detector needs torch and ultralytics ({exc}); "
                "install requirements/gpu.txt"
            ) from exc
        self.yolo = YOLO(str(path), task="detect")
        self.model, self.device = path.name, device
        self.batch = settings.DETECTOR_BATCH if batch is None else batch
        self.half = device.startswith("cuda") if half is None else half

    def detect(self, image: Image.Image, *, min_confidence: float) -> list[Box]:
        return self.detect_many([image], min_confidence=min_confidence)[0]

    def detect_many(self, images: list[Image.Image], *, min_confidence: float) -> list[list[Box]]:
        """The boxes of each image, in order; the model sees a batch of one size at a time."""
        found: list[list[Box]] = [[] for _ in images]
        by_size: dict[tuple[int, int], list[int]] = {}
        for index, image in enumerate(images):
            by_size.setdefault(image.size, []).append(index)
        for indices in by_size.values():
            boxes = self._predict([images[i] for i in indices], min_confidence)
            for index, image_boxes in zip(indices, boxes, strict=True):
                found[index] = image_boxes
        return found

    def _predict(self, images: list[Image.Image], min_confidence: float) -> list[list[Box]]:
        size = self.batch  # (lowered on the way if the GPU runs out of memory)
        if len(images) > size:
            parts = [images[start : start + size] for start in range(0, len(images), size)]
            return [boxes for part in parts for boxes in self._predict(part, min_confidence)]
        try:
            results = self.yolo.predict(
                [_bgr(image) for image in images],
                device=self.device,
                quantize=16 if self.half else 32,
                conf=min_confidence,
                verbose=False,
            )
        except RuntimeError as exc:  # torch.cuda.OutOfMemoryError is one
            if not _out_of_memory(exc):
                raise DetectorError(str(exc)) from exc
            _free_gpu_memory()
            if len(images) == 1:
                raise DetectorError(f"GPU out of memory on {self.device}") from exc
            self.batch = len(images) // 2
            log.warning("GPU out of memory on %s: batch lowered to %d", self.device, self.batch)
            return self._predict(images, min_confidence)
        return [_boxes(result, image) for result, image in zip(results, images, strict=True)]


def _bgr(image: Image.Image):
    """The frame as the BGR array ultralytics takes. Given PIL images it makes that array
    itself, flipping and copying each: 6.07 ms a 1280×720 frame on the H200 machine the
    README's figures come from, against 2.74 ms for OpenCV's conversion, the same pixels.
    In batches the backend gained 10–30 % (bench/gpu.sh)."""
    import cv2
    import numpy as np

    rgb = image if image.mode == "RGB" else image.convert("RGB")
    return cv2.cvtColor(np.asarray(rgb), cv2.COLOR_RGB2BGR)


def _boxes(result, image: Image.Image) -> list[Box]:
    names = result.names
    return [
        Box(names[int(cls)], float(conf), *clip(xyxy, image.width, image.height))
        for xyxy, conf, cls in zip(
            result.boxes.xyxy.tolist(),
            result.boxes.conf.tolist(),
            result.boxes.cls.tolist(),
            strict=True,
        )
    ]


def _out_of_memory(exc: BaseException) -> bool:
    import torch

    return isinstance(exc, torch.cuda.OutOfMemoryError) or "out of memory" in str(exc).lower()


def _free_gpu_memory() -> None:
    import torch

    torch.cuda.empty_cache()
