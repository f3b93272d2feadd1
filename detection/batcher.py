"""Uploads detected together: a detect worker that runs several tasks at once (threads of
one process, HOMESEC_DETECT_UPLOADS_AT_ONCE) hands each upload's images here, and they go
to the model in one call — a GPU's batch — instead of one call each.

Each task still claims, stores and is acknowledged on its own (detection/tasks.py): the
batch is only the model's call. The first upload to arrive waits at most
HOMESEC_DETECT_GATHER_MS for company, so one upload alone is barely delayed; while the
model runs, the next batch gathers. A model error reaches every task of its batch, and
each retries alone."""

import threading
import time
from dataclasses import dataclass, field

from PIL import Image

from homesec import metrics

from .backends import Backend, Box


@dataclass
class _Asked:
    images: list[Image.Image]
    done: threading.Event = field(default_factory=threading.Event)
    found: list[list[Box]] | None = None
    error: BaseException | None = None


class Batcher:
    """Looks like a backend to detector.find (``detect_many``): the first upload waits up
    to ``wait`` seconds for ``size`` images in all, or for the call before to end, and
    then everything waiting goes in one call."""

    def __init__(self, backend: Backend, *, size: int, wait: float):
        self.backend, self.size, self.wait = backend, size, wait
        self.gathering = threading.Condition()
        self.waiting: list[_Asked] = []
        self.model = threading.Lock()  # one call of the model at a time

    def detect_many(self, images: list[Image.Image], *, min_confidence: float) -> list[list[Box]]:
        asked = _Asked(list(images))
        with self.gathering:
            self.waiting.append(asked)
            first = len(self.waiting) == 1
            self.gathering.notify_all()
            if first:  # it gathers the batch and runs it for all
                deadline = time.monotonic() + self.wait
                while self._images() < self.size and (left := deadline - time.monotonic()) > 0:
                    self.gathering.wait(left)
        if first:
            with self.model:  # the batch before ends first; what came meanwhile joins
                with self.gathering:
                    batch, self.waiting = self.waiting, []
                self._run(batch, min_confidence)
        asked.done.wait()
        if asked.error is not None:
            raise asked.error
        assert asked.found is not None
        return asked.found

    def _images(self) -> int:
        return sum(len(asked.images) for asked in self.waiting)

    def _run(self, batch: list[_Asked], min_confidence: float) -> None:
        everything = [image for asked in batch for image in asked.images]
        try:
            found = self.backend.detect_many(everything, min_confidence=min_confidence)
            metrics.DETECT_BATCH.observe(len(batch))
            start = 0
            for asked in batch:
                asked.found = found[start : start + len(asked.images)]
                start += len(asked.images)
        except BaseException as error:  # each task of the batch retries on its own
            for asked in batch:
                asked.error = error
        finally:
            for asked in batch:
                asked.done.set()
