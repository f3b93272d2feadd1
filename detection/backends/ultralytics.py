"""torch + ultralytics: any YOLO checkpoint the user gives (.pt, .onnx, .engine), on the
device the setting names (cuda:0, cpu). The production backend on GPU workers."""

import os

from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from . import Box, DetectorError, clip, require_model


class UltralyticsBackend:
    name = "ultralytics"

    def __init__(self, *, model: str | None, device: str = "cuda:0"):
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

    def detect(self, image: Image.Image, *, min_confidence: float) -> list[Box]:
        try:
            result = self.yolo.predict(
                image, device=self.device, conf=min_confidence, verbose=False
            )[0]
        except RuntimeError as exc:  # torch.cuda.OutOfMemoryError is one
            if "out of memory" in str(exc).lower():
                _free_gpu_memory()
                raise DetectorError(f"GPU out of memory on {self.device}") from exc
            raise DetectorError(str(exc)) from exc
        names = result.names
        return [
            Box(names[int(cls)], float(conf), *clip(xyxy, image.width, image.height))
            for xyxy, conf, cls in zip(
                result.boxes.xyxy.tolist(), result.boxes.conf.tolist(),
                result.boxes.cls.tolist(), strict=True,
            )
        ]  # fmt: skip


def _free_gpu_memory() -> None:
    import torch

    torch.cuda.empty_cache()
