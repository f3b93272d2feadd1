"""Real detections on real photos, with the real models carried by installed packages."""

import shutil

import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from detection import backends
from detection.backends import Box
from detection.thumbnails import BLUE, RED
from tests.media import BUS, FALL_ONNX, ZIDANE


@pytest.fixture(scope="module")
def darknet():
    return backends.create("darknet")


def inside(box: Box, image: Image.Image) -> bool:
    return (
        box.width > 0
        and box.height > 0
        and box.x >= 0
        and box.y >= 0
        and box.x + box.width <= image.width
        and box.y + box.height <= image.height
    )


def iou(a: Box, b: Box) -> float:
    x1, y1 = max(a.x, b.x), max(a.y, b.y)
    x2, y2 = min(a.x + a.width, b.x + b.width), min(a.y + a.height, b.y + b.height)
    overlap = max(0, x2 - x1) * max(0, y2 - y1)
    return overlap / (a.width * a.height + b.width * b.height - overlap)


def test_darknet_finds_the_people_and_the_bus(darknet):
    image = Image.open(BUS)
    boxes = darknet.detect(image, min_confidence=0.5)
    labels = [box.label for box in boxes]
    assert labels.count("person") >= 3
    assert labels.count("bus") == 1
    assert all(inside(box, image) for box in boxes)
    bus = next(box for box in boxes if box.label == "bus")
    assert bus.width > image.width * 0.6  # the bus fills most of the width
    assert all(0.5 <= box.confidence <= 1 for box in boxes)


def test_darknet_finds_both_people_in_a_wide_photo(darknet):
    image = Image.open(ZIDANE)
    people = [b for b in darknet.detect(image, min_confidence=0.5) if b.label == "person"]
    assert len(people) == 2
    assert all(inside(box, image) for box in people)


def test_the_onnx_backend_decodes_a_real_ultralytics_export(darknet):
    onnx = backends.create("onnx", model=str(FALL_ONNX))
    assert set(onnx.classes.values()) == {"Normal", "Fall"}  # from the model's metadata
    image = Image.open(BUS)
    people = onnx.detect(image, min_confidence=0.5)
    assert len(people) >= 3
    assert {box.label for box in people} <= {"Normal", "Fall"}
    assert all(inside(box, image) for box in people)
    # Two independent models agree on where the people stand: the boxes are decoded right.
    seen_by_darknet = [b for b in darknet.detect(image, min_confidence=0.5) if b.label == "person"]
    for box in people:
        assert max(iou(box, other) for other in seen_by_darknet) > 0.6, box


def test_a_missing_model_is_a_start_up_error_naming_the_setting(tmp_path):
    with pytest.raises(ImproperlyConfigured, match=r"HOMESEC_DETECTOR_MODEL='.*nothing\.onnx'"):
        backends.create("onnx", model=str(tmp_path / "nothing.onnx"))
    with pytest.raises(ImproperlyConfigured, match="set HOMESEC_DETECTOR_MODEL"):
        backends.create("onnx")
    with pytest.raises(ImproperlyConfigured, match="choose one of darknet, onnx, ultralytics"):
        backends.create("yolo9000")


def count_near(image: Image.Image, colour, tolerance: int = 40) -> int:
    pixels = np.asarray(image.convert("RGB"), dtype=int)
    return int((np.abs(pixels - colour) <= tolerance).all(axis=2).sum())


def test_the_thumbnail_is_small_and_shows_the_boxes_in_their_colours(darknet, settings, tmp_path):
    from detection.thumbnails import save_thumbnail

    settings.MEDIA_ROOT = tmp_path
    image = Image.open(BUS)
    boxes = darknet.detect(image, min_confidence=0.5)
    plain = save_thumbnail(image, "plain.jpg")
    drawn = save_thumbnail(
        image, "drawn.jpg", [(b.label, b.confidence, b.x, b.y, b.width, b.height) for b in boxes]
    )
    with Image.open(tmp_path / plain) as before, Image.open(tmp_path / drawn) as after:
        assert after.size == (180, 240)  # 810×1080 shrunk to fit 320×240, aspect kept
        assert after.format == "JPEG"
        # The photo has little pure red or blue of its own; the boxes add plenty.
        assert count_near(after, RED) > count_near(before, RED) + 150
        assert count_near(after, BLUE) > count_near(before, BLUE) + 150


def test_asset_files_are_real_photos():
    for photo in (BUS, ZIDANE):
        with Image.open(photo) as image:
            assert image.format == "JPEG"
    assert shutil.disk_usage(FALL_ONNX).total  # the model file is there


def test_thumbnail_labels_stay_inside_the_picture_and_clear_of_each_other():
    from PIL import Image

    from detection.thumbnails import _place

    picture = Image.new("RGB", (320, 240))
    placed = []
    for box in [(290, 0, 319, 60), (290, 0, 319, 60), (0, 100, 50, 239), (5, 105, 55, 239)]:
        placed.append(_place(picture, box, (70, 14), placed))
    for left, top, right, bottom in placed:
        assert 0 <= left < right <= 320
        assert 0 <= top < bottom <= 240
    overlapping = [
        (a, b)
        for i, a in enumerate(placed)
        for b in placed[i + 1 :]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]
    assert not overlapping
