"""Uploads detected together (detection/batcher.py), with threads as a detect worker runs
them: what arrives at once goes to the model in one call and each caller gets its own
images' boxes back; one upload alone waits no longer than the gathering time; a model
error reaches each caller of its batch."""

import threading
import time

import pytest
from PIL import Image

from detection.backends import Box, DetectorError
from detection.batcher import Batcher


class Recording:
    """A model that finds, in each image, one box as wide as the image; calls recorded."""

    def __init__(self, fail: bool = False):
        self.calls: list[int] = []
        self.fail = fail

    def detect_many(self, images, *, min_confidence):
        self.calls.append(len(images))
        time.sleep(0.05)
        if self.fail:
            raise DetectorError("GPU out of memory")
        return [[Box("person", 0.9, 0, 0, image.width, 1)] for image in images]


def together(batcher: Batcher, count: int) -> list:
    """``count`` uploads at once, each of two images (its width is its number): what each
    caller got back, or the error it raised."""
    got: list = [None] * count

    def one(n: int) -> None:
        images = [Image.new("RGB", (n + 1, 2)), Image.new("RGB", (n + 1, 2))]
        try:
            got[n] = batcher.detect_many(images, min_confidence=0.5)
        except Exception as error:  # what the task would raise
            got[n] = error

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return got


def test_uploads_at_once_go_in_one_call_and_each_gets_its_own_boxes():
    model = Recording()
    got = together(Batcher(model, size=16, wait=2.0), 8)
    assert model.calls == [16]  # 8 uploads × 2 images, one call
    for n, boxes in enumerate(got):
        assert [[box.width for box in found] for found in boxes] == [[n + 1], [n + 1]]


def test_one_upload_alone_waits_only_the_gathering_time():
    model = Recording()
    began = time.monotonic()
    got = together(Batcher(model, size=16, wait=0.02), 1)
    assert time.monotonic() - began < 0.5
    assert model.calls == [2]
    assert [[box.width for box in found] for found in got[0]] == [[1], [1]]


def test_a_model_error_reaches_every_upload_of_its_batch():
    got = together(Batcher(Recording(fail=True), size=8, wait=2.0), 4)
    assert all(isinstance(error, DetectorError) for error in got)


@pytest.mark.parametrize("count", [3, 20])
def test_every_upload_is_answered_however_they_fall_into_batches(count):
    model = Recording()
    got = together(Batcher(model, size=4, wait=0.01), count)
    assert sum(model.calls) == 2 * count  # each image once
    assert all(len(found) == 2 for found in got)


class Picky(Recording):
    """A model that fails on any call holding the image 3 pixels wide (one bad upload)."""

    def detect_many(self, images, *, min_confidence):
        if any(image.width == 3 for image in images):
            self.calls.append(len(images))
            raise ValueError("cannot read this one")
        return super().detect_many(images, min_confidence=min_confidence)


def test_one_bad_upload_fails_alone_and_the_others_of_its_batch_are_answered():
    got = together(Batcher(Picky(), size=8, wait=2.0), 4)  # upload 2's images are 3 px wide
    assert isinstance(got[2], ValueError)
    assert [[box.width for box in found] for found in got[0]] == [[1], [1]]
    assert [[box.width for box in found] for found in got[3]] == [[4], [4]]


class Short(Recording):
    def detect_many(self, images, *, min_confidence):
        return super().detect_many(images, min_confidence=min_confidence)[:-1]


def test_a_model_that_answers_fewer_images_than_it_was_given_is_an_error_not_a_shift():
    got = together(Batcher(Short(), size=4, wait=2.0), 2)
    assert all(isinstance(error, DetectorError) for error in got)


class Hanging(Recording):
    def detect_many(self, images, *, min_confidence):
        time.sleep(1.0)
        return super().detect_many(images, min_confidence=min_confidence)


def test_a_model_that_hangs_past_the_limit_ends_the_worker():
    said = []
    batcher = Batcher(Hanging(), size=1, wait=0.0, limit=0.2, hung=said.append)
    got = together(batcher, 2)  # the second waits behind the first's call: past its limit
    assert said[0] == "the detector did not answer within 0.2 s"
    assert sum(isinstance(found, DetectorError) for found in got) == 1
