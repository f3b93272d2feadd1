"""The benchmarks' stand-in detector: a person in the middle of every picture, at the cost
per image it is told, and said plainly in `make run`'s summary."""

import time

from PIL import Image

from detection import backends
from runner.summary import detector_line


def test_the_null_detector_finds_one_person_at_its_cost(settings):
    settings.NULL_DETECTOR_MS = 20
    null = backends.create("null")
    began = time.monotonic()
    found = null.detect_many([Image.new("RGB", (640, 480))] * 3, min_confidence=0.5)
    assert time.monotonic() - began >= 0.06  # 3 × 20 ms
    assert found == [[backends.Box("person", 0.9, 240, 120, 160, 240)]] * 3
    assert null.detect(Image.new("RGB", (640, 480)), min_confidence=0.95) == []
    assert "20 ms an image" in null.model


def test_make_run_says_when_the_detector_is_the_stand_in(settings):
    settings.DETECTOR = "null"
    assert "sees nothing real" in detector_line()
    settings.DETECTOR = "darknet"
    assert detector_line() == "darknet on cpu (HOMESEC_DETECTOR)"
