"""Event clips and exports, measured: the seconds one event's clip takes (three real
1280×720 photos, a person boxed in each: load, draw, H.264 encode, write), and the
export rate (events a second, CSV alone and ZIP with originals, thumbnails and clips).
Embedded PostgreSQL under .run/bench; its own camera, wiped first.

    .venv/bin/python bench/clips_exports.py [--events 30] [--csv-events 2000]
"""

import argparse
import platform
import shutil
import time
import uuid
from datetime import timedelta

import _setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=30, help="events with photos and clips")
    parser.add_argument("--csv-events", type=int, default=2000, help="events for the CSV rate")
    args = parser.parse_args()
    servers = _setup.start()
    try:
        run(args)
    finally:
        for server in reversed(servers):
            server.stop()


def photo_events(cam, count: int, settings) -> list:
    from django.utils import timezone

    from detection.models import Detection, MediaFile
    from events.models import Event
    from tests.media import ZIDANE

    events, now = [], timezone.now()
    for index in range(count):
        ids = []
        for photo in range(3):
            path = f"{cam.folder_path}/{uuid.uuid4().hex}.jpg"
            (settings.CAMERA_ROOT / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ZIDANE, settings.CAMERA_ROOT / path)
            when = now - timedelta(minutes=index, seconds=-photo)
            media = MediaFile.objects.create(
                camera=cam,
                path=path,
                sha256=uuid.uuid4().hex * 2,
                kind="image",
                size=ZIDANE.stat().st_size,
                captured_at=when,
                width=1280,
                height=720,
                state="done",
            )
            found = Detection.objects.create(
                media=media,
                camera=cam,
                file_path=path,
                object_type="person",
                confidence=0.9,
                bbox_x=100 + 40 * photo,
                bbox_y=60,
                bbox_width=400,
                bbox_height=640,
                detected_at=when,
            )
            ids.append(found.pk)
        started = now - timedelta(minutes=index)
        event = Event.objects.create(
            camera=cam, started_at=started, risk_score=70, summary="Person"
        )
        event.detections.set(ids)
        events.append(event)
    return events


def measure_export(owner, fmt: str, filters: dict, count: int) -> None:
    from reports import exports

    began = time.monotonic()
    job = exports.run(exports.create(owner, fmt, filters))
    spent = time.monotonic() - began
    if job.status != "done" or job.total != count:
        raise SystemExit(f"export {fmt}: {job.status} {job.error} ({job.total} events)")
    print(
        f"export {fmt.upper()}: {job.total} events in {spent:.2f} s = "
        f"{job.total / spent:,.0f} events/s, {job.size / 2**20 / spent:.1f} MB/s "
        f"({job.size / 2**20:.1f} MB)"
    )


def run(args) -> None:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.utils import timezone

    from cameras.models import Camera
    from events import clips
    from events.models import Event

    root = _setup.RUN_DIR / "operator"
    shutil.rmtree(root, ignore_errors=True)
    settings.CAMERA_ROOT, settings.MEDIA_ROOT = root / "cameras", root / "media"
    Camera.objects.filter(pk="bench_operator").delete()
    cam = Camera.objects.create(id="bench_operator", name="Bench Operator", folder_path="bench")
    owner, _ = User.objects.get_or_create(username="bench-operator")
    events = photo_events(cam, args.events, settings)
    seconds = []
    for event in events:
        _, spent = clips.make(event)
        seconds.append(spent)
    size = sum(p.stat().st_size for p in clips.clips_of([e.pk for e in events])) / len(events)
    print(f"{platform.node()}: {platform.processor() or platform.machine()}")
    print(
        f"clip per event (3 photos 1280x720 -> 960x540, {settings.CLIP_FPS} fps, "
        f"{len(events)} events): p50 {_setup.percentile(seconds, 0.5):.3f} s, "
        f"p95 {_setup.percentile(seconds, 0.95):.3f} s, {size / 1024:.0f} KiB each"
    )
    measure_export(owner, "zip", {"camera": cam.pk}, args.events)
    now = timezone.now()
    Event.objects.bulk_create(
        Event(
            camera=cam,
            started_at=now - timedelta(hours=1, seconds=i),
            risk_score=i % 100,
            risk_level="low",
            summary=f"Bench event {i}",
            labels="person",
        )
        for i in range(args.csv_events)
    )
    measure_export(owner, "csv", {"camera": cam.pk}, args.csv_events + args.events)
    Camera.objects.filter(pk="bench_operator").delete()
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
