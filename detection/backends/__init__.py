"""Detector backends behind one small interface: an upright RGB image in, boxes out.

Chosen by HOMESEC_DETECTOR; the model is loaded once per worker process (see
detection/tasks.py) and never downloaded: a missing model is a clear start-up error.
"""

import importlib
import logging
import time
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

log = logging.getLogger(__name__)

# The detector names, here only: HOMESEC_DETECTOR is checked against these.
REGISTRY = {
    "darknet": "detection.backends.darknet:DarknetBackend",
    "onnx": "detection.backends.onnx:OnnxBackend",
    "ultralytics": "detection.backends.ultralytics:UltralyticsBackend",
    "null": "detection.backends.null:NullBackend",  # benchmarks only (bench/scale.py)
}


@dataclass(frozen=True)
class Box:
    """One object, its box in pixels of the image it was found in."""

    label: str
    confidence: float
    x: int
    y: int
    width: int
    height: int


class DetectorError(Exception):
    """The detector failed on a good image (out of GPU memory, a runtime error): retry."""


class Detects(Protocol):
    """What finds the objects in images: a backend, or uploads batched for one
    (detection/batcher.py)."""

    def detect_many(
        self, images: list[Image.Image], *, min_confidence: float
    ) -> list[list[Box]]: ...


class Backend(Protocol):
    name: str
    model: str
    device: str
    batch: int  # images the model takes in one call

    def detect(self, image: Image.Image, *, min_confidence: float) -> list[Box]: ...

    def detect_many(
        self, images: list[Image.Image], *, min_confidence: float
    ) -> list[list[Box]]: ...


def check_name(name: str) -> None:
    """ImproperlyConfigured, naming the setting and the choices, unless ``name`` is one."""
    if name not in REGISTRY:
        raise ImproperlyConfigured(
            f"HOMESEC_DETECTOR={name!r} is not a detector; choose one of {', '.join(REGISTRY)}"
        )


def create(name: str, *, model: str | None = None, device: str = "cpu", **options) -> Backend:
    """Load the backend ``name``; ImproperlyConfigured, naming the setting, if it cannot.
    ``options`` go to that backend (ultralytics: ``batch``, ``half``)."""
    check_name(name)
    module, _, cls = REGISTRY[name].partition(":")
    began = time.monotonic()
    backend = getattr(importlib.import_module(module), cls)(model=model, device=device, **options)
    log.info(
        "detector %s loaded in %.1f s: model %s on %s",
        backend.name,
        time.monotonic() - began,
        backend.model,
        backend.device,
    )
    return backend


WARM_UP_SIZE = (1280, 720)  # a camera's usual frame


def warm_up(backend: Backend) -> float:
    """One full batch of blank frames through ``backend``, so that the first upload does not
    pay for what is set up lazily (the CUDA context, kernels chosen, memory pools) and a
    batch too big for the GPU is found now; returns the seconds it took."""
    began = time.monotonic()
    blank = Image.new("RGB", WARM_UP_SIZE)
    backend.detect_many([blank] * backend.batch, min_confidence=0.99)
    return time.monotonic() - began


_loaded: Backend | None = None


def get() -> Backend:
    """This process's detector, loaded on first use from the settings."""
    global _loaded
    if _loaded is None:
        _loaded = create(
            settings.DETECTOR,
            model=settings.DETECTOR_MODEL,
            device=settings.DETECTOR_DEVICE,
        )
    return _loaded


def clip(box: tuple[float, float, float, float], width: int, height: int):
    """(x1, y1, x2, y2) clipped to the image, as (x, y, w, h) in whole pixels."""
    x1, y1 = max(0, round(box[0])), max(0, round(box[1]))
    x2, y2 = min(width, round(box[2])), min(height, round(box[3]))
    return x1, y1, max(0, x2 - x1), max(0, y2 - y1)


def require_model(model: str | None, backend: str):
    from pathlib import Path

    if not model:
        raise ImproperlyConfigured(
            f"the {backend} detector needs a model: set HOMESEC_DETECTOR_MODEL to its file"
        )
    path = Path(model).expanduser()
    if not path.is_file():
        raise ImproperlyConfigured(
            f"HOMESEC_DETECTOR_MODEL={model!r}: no such file (models are never downloaded; "
            "copy the file there or fix the setting)"
        )
    return path
