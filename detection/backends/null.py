"""A stand-in detector for benchmarks only (``bench/scale.py``): it looks at nothing, takes
HOMESEC_NULL_DETECTOR_MS per image (the cost of the model it stands for: 0 for the
pipeline's own ceiling, ~9 for a GPU's) and finds one person standing in the middle of
every picture. With it the rest of the pipeline — ingest, the Celery hops, the database,
thumbnails, batching, alerts, the sockets — is measured at any detector speed. `make run`
says plainly when it is the detector."""

import time

from django.conf import settings
from PIL import Image

from . import Box


class NullBackend:
    name = "null"
    batch = 16

    def __init__(self, *, model: str | None = None, device: str = "cpu"):
        self.seconds = settings.NULL_DETECTOR_MS / 1000
        self.model = f"none: a fixed person, {settings.NULL_DETECTOR_MS:g} ms an image"
        self.device = device

    def detect_many(self, images: list[Image.Image], *, min_confidence: float) -> list[list[Box]]:
        return [self.detect(image, min_confidence=min_confidence) for image in images]

    def detect(self, image: Image.Image, *, min_confidence: float) -> list[Box]:
        if self.seconds:
            time.sleep(self.seconds)
        width, height = image.size
        box = Box("person", 0.9, width * 3 // 8, height // 4, width // 4, height // 2)
        return [box] if box.confidence >= min_confidence and box.width and box.height else []
