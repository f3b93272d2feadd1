"""Ingest benchmark: a burst of small JPEGs into 4 camera folders, the real watcher.

Prints files per second from landed to enqueued and the delay from the moment a file
is complete to its pipeline being enqueued (p50/p95), beside the stability wait.

    .venv/bin/python bench/ingest.py [--files 2000] [--stable 2.0]
"""

import argparse
import platform
import shutil
import tempfile
import threading
import time
from pathlib import Path

import _setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--stable", type=float, default=2.0)
    parser.add_argument("--rate", type=float, default=0, help="files/s to write; 0: a burst")
    args = parser.parse_args()
    servers = _setup.start()
    try:
        run(args.files, args.stable, args.rate)
    finally:
        for server in reversed(servers):
            server.stop()


def run(count: int, stable: float, rate: float) -> None:
    import redis
    from celery.signals import after_task_publish
    from django.conf import settings

    from cameras.models import Camera, RejectedUpload
    from detection.models import MediaFile
    from ingest.watcher import Watcher
    from tests.media import jpeg_bytes

    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    MediaFile.objects.all().delete()
    RejectedUpload.objects.all().delete()
    Camera.objects.all().delete()
    root = Path(tempfile.mkdtemp(prefix="homesec-bench-"))
    settings.CAMERA_ROOT, settings.FILE_STABLE_SECONDS = root, stable
    settings.MEDIA_ROOT = root / ".media"

    photos = [jpeg_bytes(seed, size=(160, 120)) for seed in range(count)]
    folders = ["Front Door", "Back Door", "Driveway", "Garden"]
    for folder in folders:
        (root / folder).mkdir()
    completed: dict[str, float] = {}
    enqueued: dict[int, float] = {}
    after_task_publish.connect(
        lambda body=None, **kw: enqueued.setdefault(body[0][0], time.monotonic()), weak=False
    )

    def burst():
        start = time.monotonic()
        for index, photo in enumerate(photos):
            if rate:
                time.sleep(max(0.0, start + index / rate - time.monotonic()))
            relative = f"{folders[index % 4]}/img{index:05}.jpg"
            (root / relative).write_bytes(photo)
            completed[relative] = time.monotonic()

    watcher = Watcher(root)
    watcher.step()  # started and scanned an empty root, as after `make run`
    writer = threading.Thread(target=burst)
    began = time.monotonic()
    writer.start()
    while len(enqueued) < count and time.monotonic() - began < 600:
        if not watcher.step():
            time.sleep(0.01)
    writer.join()
    watcher.close()

    paths = dict(MediaFile.objects.values_list("pk", "path"))
    delays = [enqueued[pk] - completed[paths[pk]] for pk in enqueued]
    landed_span = max(completed.values()) - min(completed.values())
    total_span = max(enqueued.values()) - min(completed.values())
    ingest_span = max(enqueued.values()) - min(enqueued.values())
    print(
        f"machine: {platform.node()}, {platform.processor() or platform.machine()}, "
        f"{__import__('os').cpu_count()} cores"
    )
    pace = f"{rate:.0f} files/s" if rate else "a burst"
    print(
        f"files: {count} JPEGs (160x120) into 4 camera folders as {pace}; "
        f"stability wait {stable:.1f} s"
    )
    print(f"{'written in':<36}{landed_span:8.2f} s  ({count / landed_span:7.0f} files/s)")
    print(
        f"{'first landed -> last enqueued':<36}{total_span:8.2f} s  "
        f"({count / total_span:7.0f} files/s)"
    )
    print(
        f"{'watcher ingest rate (after the wait)':<36}{ingest_span:8.2f} s  "
        f"({count / max(ingest_span, 1e-9):7.0f} files/s)"
    )
    print(f"{'complete -> enqueued, p50':<36}{_setup.percentile(delays, 0.50):8.3f} s")
    print(f"{'complete -> enqueued, p95':<36}{_setup.percentile(delays, 0.95):8.3f} s")
    print(f"{'  of which stability wait':<36}{stable:8.3f} s")
    print(f"rows: {MediaFile.objects.count()}, enqueued: {len(enqueued)}")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
