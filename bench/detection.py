"""Detection benchmark: the raw model beside the whole pipeline, on the same images.

Raw: the backend alone, warm, on decoded images. Pipeline: files dropped into a camera
folder → the real watcher → Redis → a real detection worker process (as `make run`
starts it) → Detection rows committed. Prints images/s for both, the ratio, p50/p95
latency from landed to detections stored, and the detection worker's memory.

    .venv/bin/python bench/detection.py [--backend darknet|onnx] [--images 40]
"""

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import _setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", default="darknet", choices=["darknet", "onnx", "ultralytics"])
    parser.add_argument("--model", default=None, help="model file (onnx/ultralytics)")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--images", type=int, default=40)
    parser.add_argument("--stable", type=float, default=2.0)
    args = parser.parse_args()
    if args.backend == "onnx" and not args.model:
        from tests.media import FALL_ONNX

        args.model = str(FALL_ONNX)
    os.environ.update(
        HOMESEC_DETECTOR=args.backend,
        HOMESEC_DETECTOR_DEVICE=args.device,
        **({"HOMESEC_DETECTOR_MODEL": args.model} if args.model else {}),
    )
    servers = _setup.start()
    try:
        run(args)
    finally:
        for server in reversed(servers):
            server.stop()


def photos(count: int) -> list[bytes]:
    """Real photos (bus.jpg, zidane.jpg), each copy a little different so none is a duplicate."""
    import io

    from PIL import Image

    from tests.media import BUS, ZIDANE

    sources = [Image.open(BUS).convert("RGB"), Image.open(ZIDANE).convert("RGB")]
    out = []
    for index in range(count):
        image = sources[index % 2].copy()
        image.putpixel((index, 0), (index % 256, 0, 0))
        data = io.BytesIO()
        image.save(data, "JPEG", quality=90)
        out.append(data.getvalue())
    return out


def raw(args, images) -> float:
    import io

    from PIL import Image

    from detection import backends

    backend = backends.create(args.backend, model=args.model, device=args.device)
    decoded = [Image.open(io.BytesIO(data)).convert("RGB") for data in images]
    for image in decoded[:2]:
        backend.detect(image, min_confidence=0.5)  # warm up
    began = time.monotonic()
    for image in decoded:
        backend.detect(image, min_confidence=0.5)
    rate = len(decoded) / (time.monotonic() - began)
    del backend  # its threads must not compete with the worker's
    __import__("gc").collect()
    return rate


def run(args) -> None:
    import psutil
    import redis
    from django.conf import settings

    from cameras.models import Camera, RejectedUpload
    from detection.models import Detection, MediaFile
    from ingest.watcher import Watcher
    from runner import processes

    images = photos(args.images)
    raw_rate = raw(args, images)

    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    for model in (Detection, MediaFile, RejectedUpload, Camera):
        model.objects.all().delete()
    root = Path(tempfile.mkdtemp(prefix="homesec-bench-"))
    (root / "cameras" / "Front Door").mkdir(parents=True)
    settings.CAMERA_ROOT, settings.FILE_STABLE_SECONDS = root / "cameras", args.stable
    env = {
        **os.environ,
        "HOMESEC_CAMERA_ROOT": str(root / "cameras"),
        "HOMESEC_MEDIA_ROOT": str(root / "media"),
    }
    log = _setup.RUN_DIR / "logs" / "bench-worker.log"
    worker = processes.spawn(
        [sys.executable, "-m", "celery", "-A", "homesec", "worker", "-Q", "detect", "-c", "1",
         "--prefetch-multiplier", "1", "-n", "bench-detect@%h", "-l", "INFO"],
        log_path=log, env=env, cwd=_setup.ROOT,
    )  # fmt: skip
    try:
        time.sleep(8)  # the worker starts and loads its model
        watcher = Watcher(settings.CAMERA_ROOT)
        watcher.step()
        landed = {}
        for index, data in enumerate(images):
            path = f"Front Door/img{index:03}.jpg"
            (settings.CAMERA_ROOT / path).write_bytes(data)
            landed[path] = time.time()
        deadline = time.monotonic() + 1800
        while MediaFile.objects.filter(state="done").count() < len(images):
            if time.monotonic() > deadline:
                raise SystemExit("the pipeline did not finish in 30 minutes")
            if not watcher.step():
                time.sleep(0.05)
        watcher.close()
        rss = sum(
            p.memory_info().rss
            for p in [
                psutil.Process(worker.pid),
                *psutil.Process(worker.pid).children(recursive=True),
            ]
        )
    finally:
        processes.stop(worker, timeout=10)
    done = dict(MediaFile.objects.values_list("path", "updated_at"))
    finished = {path: done[path].timestamp() for path in landed}
    latencies = [finished[path] - landed[path] for path in landed]
    end_to_end = len(images) / (max(finished.values()) - min(landed.values()))
    steady = (len(images) - 1) / (max(finished.values()) - min(finished.values()))
    print(
        f"machine: {platform.node()}, {os.cpu_count()} cores; backend {args.backend} "
        f"({args.model or 'built-in weights'}) on {args.device}"
    )
    print(
        f"images: {len(images)} real photos (810x1080 and 1280x720); stability wait "
        f"{args.stable:.1f} s"
    )
    print(f"{'raw model, warm':<40}{raw_rate:8.2f} images/s")
    print(
        f"{'pipeline, steady (first->last stored)':<40}{steady:8.2f} images/s  "
        f"ratio {steady / raw_rate:.2f}"
    )
    print(
        f"{'pipeline, landed->last stored':<40}{end_to_end:8.2f} images/s  "
        f"ratio {end_to_end / raw_rate:.2f}"
    )
    print(f"{'landed -> detections stored, p50':<40}{_setup.percentile(latencies, 0.5):8.2f} s")
    print(f"{'landed -> detections stored, p95':<40}{_setup.percentile(latencies, 0.95):8.2f} s")
    print(f"{'detection worker memory (RSS, all)':<40}{rss / 2**20:8.0f} MiB")
    print(f"detections stored: {Detection.objects.count()}")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
