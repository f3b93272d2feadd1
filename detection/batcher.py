"""Uploads detected together: a detect worker that runs several tasks at once (threads of
one process, HOMESEC_DETECT_UPLOADS_AT_ONCE) hands each upload's images here, and they go
to the model in one call — a GPU's batch — instead of one call each.

Each task still claims, stores and is acknowledged on its own (detection/tasks.py): the
batch is only the model's call. The first upload to arrive waits at most
HOMESEC_DETECT_GATHER_MS for company, so one upload alone is barely delayed; while the
model runs, the next batch gathers. A model error reaches every task of its batch, and
each retries alone."""

import logging
import os
import threading
import time
from dataclasses import dataclass, field

from PIL import Image

from homesec import metrics

from .backends import Backend, Box, DetectorError

log = logging.getLogger(__name__)


@dataclass
class _Asked:
    images: list[Image.Image]
    done: threading.Event = field(default_factory=threading.Event)
    found: list[list[Box]] | None = None
    error: BaseException | None = None


class Batcher:
    """Looks like a backend to detector.find (``detect_many``): the first upload waits up
    to ``wait`` seconds for ``size`` images in all, or for the call before to end, and
    then everything waiting goes in one call.

    A threads pool has no hard time limit: an upload that waits longer than ``limit``
    seconds for its answer means the model hangs, and ``hung`` is called — by default it
    ends the process, as prefork's limit would end a child, so that the worker is started
    again and the uploads it held come back to be done."""

    def __init__(self, backend: Backend, *, size: int, wait: float, limit: float = 600.0,
                 hung=None):  # fmt: skip
        self.backend, self.size, self.wait, self.limit = backend, size, wait, limit
        self.hung = hung or _end_the_process
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
        hung = f"the detector did not answer within {self.limit:g} s"
        if first:  # the batch before ends first; what came meanwhile joins
            free = self.model.acquire(timeout=self.limit)
            with self.gathering:
                batch, self.waiting = self.waiting, []
            if free:
                try:
                    self._run(batch, min_confidence)
                finally:
                    self.model.release()
            else:  # the call before never ended
                for each in batch:
                    each.error = DetectorError(hung)
                    each.done.set()
                self.hung(hung)
        if not asked.done.wait(self.limit):
            self.hung(hung)
            raise DetectorError(hung)
        if asked.error is not None:
            raise asked.error
        assert asked.found is not None
        return asked.found

    def _images(self) -> int:
        return sum(len(asked.images) for asked in self.waiting)

    def _run(self, batch: list[_Asked], min_confidence: float) -> None:
        try:
            self._call(batch, min_confidence)
            metrics.DETECT_BATCH.observe(len(batch))
        except Exception as error:
            if len(batch) == 1:
                batch[0].error = error
            else:  # which of them? each alone, so that the others are not its victims
                for asked in batch:
                    try:
                        self._call([asked], min_confidence)
                    except Exception as own:
                        asked.error = own
        except BaseException as error:
            for asked in batch:
                asked.error = error
            raise
        finally:
            for asked in batch:
                asked.done.set()

    def _call(self, batch: list[_Asked], min_confidence: float) -> None:
        everything = [image for asked in batch for image in asked.images]
        found = self.backend.detect_many(everything, min_confidence=min_confidence)
        if len(found) != len(everything):
            raise DetectorError(f"the detector answered {len(found)} of {len(everything)} images")
        start = 0
        for asked in batch:
            asked.found = found[start : start + len(asked.images)]
            start += len(asked.images)


def _end_the_process(why: str) -> None:
    log.critical("detect worker: %s; ending the process so that it is started again", why)
    logging.shutdown()
    os._exit(70)
