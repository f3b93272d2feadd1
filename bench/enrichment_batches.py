"""Batch analysis latency with and without enrichment (run by bench/enrichment.py): the same
batches of real photos and a clip, detected once by the real detector, then analysed end to
end by a real analysis worker (the enrich chord, then analyze_batch; the LLM off), once
with HOMESEC_FACES and HOMESEC_PLATES on and once off. Latency: launch_analysis → the
batch analysed, as the bench process sees it in PostgreSQL."""

import io
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import _setup

CAMERA = "Bench Enrichment"


def pictures() -> dict[str, list[tuple[str, bytes]]]:
    """Batch name → its uploads (file name, content)."""
    from PIL import Image, ImageDraw, ImageFont

    from tests.analysis.clips import write_clip, zidane_zooming
    from tests.media import BUS, ZIDANE

    bus = Image.open(BUS).convert("RGB")
    draw = ImageDraw.Draw(bus)
    # Smaller than tests/household/test_plates.py's, so the detector still sees the bus (0.55).
    draw.rectangle((340, 700, 520, 740), fill="white", outline="black", width=2)
    draw.text((352, 702), "AB12 CDE", fill="black", font=ImageFont.load_default(size=30))
    plated = io.BytesIO()
    bus.save(plated, "JPEG", quality=90)
    clip = write_clip(Path(tempfile.mkdtemp()) / "zoom.mp4", zidane_zooming())
    return {
        "zidane.jpg (2 people)": [("zidane.jpg", ZIDANE.read_bytes())],
        "bus.jpg (4 people, a bus)": [("bus.jpg", BUS.read_bytes())],
        "3 photos (zidane, bus, bus+plate)": [
            ("z.jpg", ZIDANE.read_bytes()),
            ("b.jpg", BUS.read_bytes()),
            ("p.jpg", plated.getvalue()),
        ],
        "clip, 3 s (zidane, 3 frames)": [("zoom.mp4", clip.read_bytes())],
    }


def detected(root: Path) -> dict[str, tuple[int, float, int]]:
    """Each batch recorded and detected (the real detector, thumbnails as the detect task
    draws them) and closed: name → (batch id, detector ms per image, detections)."""
    import hashlib

    from django.utils import timezone
    from PIL import Image

    from cameras.models import Camera
    from detection import backends, detector
    from detection.models import Batch, Detection, MediaFile

    Camera.objects.filter(name=CAMERA).delete()  # an earlier run's, and all it had
    cam = Camera.objects.create(id="bench_enrichment", name=CAMERA, folder_path=CAMERA)
    backend = backends.get()
    backends.warm_up(backend)
    made = {}
    for name, uploads in pictures().items():
        now = timezone.now()
        batch = Batch.objects.create(camera=cam, opened_at=now, last_activity_at=now)
        took, images = 0.0, 0
        for file_name, data in uploads:
            relative = f"{CAMERA}/{batch.pk}-{file_name}"
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_bytes(data)
            video = file_name.endswith(".mp4")
            width, height = (1280, 720) if video else Image.open(io.BytesIO(data)).size
            media = MediaFile.objects.create(
                camera=cam,
                path=relative,
                sha256=hashlib.sha256(relative.encode()).hexdigest(),
                kind="video" if video else "image",
                size=len(data),
                captured_at=now,
                width=width,
                height=height,
                state="processing",
                claimed_by="bench",
            )
            start = time.perf_counter()
            found = detector.find(media, backend)
            took += time.perf_counter() - start
            images += len(found)
            detector.store(media, found, "bench")
        Detection.objects.filter(media__camera=cam, batch=None).update(batch=batch)
        Batch.objects.filter(pk=batch.pk).update(state=Batch.State.CLOSED, closed_at=now)
        made[name] = (batch.pk, took * 1000 / images, batch.detections.count())
    return made


def reset(batch_id: int) -> None:
    """The batch closed again, as before its analysis: no faces, plates or event."""
    from detection.models import Batch
    from events.models import Event
    from household.models import Face, Person, PlateRead

    Face.objects.filter(detection__batch_id=batch_id).delete()
    PlateRead.objects.filter(detection__batch_id=batch_id).delete()
    Person.objects.filter(faces=None, name="").delete()
    Event.objects.filter(batch_id=batch_id).delete()
    Batch.objects.filter(pk=batch_id).update(state=Batch.State.CLOSED, attempts=0)


def analysed(batch_id: int) -> float:
    """Seconds from launching the batch's analysis to the batch analysed."""
    from analysis.tasks import launch_analysis
    from detection.models import Batch
    from runner import processes

    reset(batch_id)
    start = time.perf_counter()
    launch_analysis(batch_id)
    done = processes.wait_until(
        lambda: Batch.objects.filter(pk=batch_id, state=Batch.State.ANALYZED).exists(),
        timeout=300,
        interval=0.01,
    )
    if not done:
        raise SystemExit(f"batch {batch_id} was not analysed in 300 s; see the worker's log")
    return time.perf_counter() - start


def with_worker(root: Path, batches: dict, rounds: int, *, enrich: bool) -> dict[str, list]:
    """A real analysis worker (as `make run` starts it): each batch once untimed, then
    ``rounds`` times timed. Returns name → seconds of each timed round."""
    from celeryconfig import worker_groups
    from runner import processes
    from runner.supervisor import worker_argv

    switch = "on" if enrich else "off"
    log = _setup.RUN_DIR / "logs" / f"bench-enrichment-{switch}.log"
    log.unlink(missing_ok=True)
    env = {
        **os.environ,
        "HOMESEC_CAMERA_ROOT": str(root / "cameras"),
        "HOMESEC_LLM": "off",
        "HOMESEC_MEDIA_ROOT": str(root / "media"),
        "HOMESEC_FACES": switch,
        "HOMESEC_PLATES": switch,
    }
    argv = worker_argv(f"bench-analysis-{switch}", worker_groups["analysis"])
    worker = processes.spawn(argv, log_path=log, env=env, cwd=_setup.ROOT)
    try:
        ready = "enrichment models loaded" if enrich else " ready."
        if not processes.wait_until(lambda: ready in log.read_text(), timeout=120):
            raise SystemExit(f"the analysis worker did not start; see {log}")
        took: dict[str, list] = {name: [] for name in batches}
        for round_ in range(rounds + 1):
            for name, (batch_id, _, _) in batches.items():
                seconds = analysed(batch_id)
                if round_:  # the first round warms both pool processes up
                    took[name].append(seconds)
        return took
    finally:
        processes.stop(worker)


def found_in(batch_id: int) -> str:
    from household.models import Face, PlateRead

    faces = Face.objects.filter(detection__batch_id=batch_id)
    plates = PlateRead.objects.filter(detection__batch_id=batch_id).exclude(text="")
    return (
        f"{faces.count()} looked at, {faces.exclude(embedding=None).count()} faces, "
        f"{plates.count()} plates"
    )


def batch_latency(rounds: int) -> None:
    from django.conf import settings

    began = os.getloadavg()[0]
    root = Path(tempfile.mkdtemp(prefix="homesec-enrich-"))
    settings.CAMERA_ROOT, settings.MEDIA_ROOT = root / "cameras", root / "media"
    try:
        batches = detected(settings.CAMERA_ROOT)
        on = with_worker(root, batches, rounds, enrich=True)
        seen = {name: found_in(batch_id) for name, (batch_id, _, _) in batches.items()}
        off = with_worker(root, batches, rounds, enrich=False)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(
        f"\nbatch analysis latency, launch → batch analysed (median / max of {rounds}; a real "
        f"analysis worker, concurrency 2, LLM off); load average {began:.1f} at the "
        f"start, {os.getloadavg()[0]:.1f} at the end:"
    )
    print(
        f"  {'batch':<36}{'detections':>11}{'detector/image':>16}{'enrichment on':>16}"
        f"{'off':>14}   on: what enrichment did"
    )
    for name, (_, detector_ms, count) in batches.items():
        with_, without = on[name], off[name]
        print(
            f"  {name:<36}{count:>11}{detector_ms:>13.0f} ms"
            f"{statistics.median(with_):>9.2f}/{max(with_):.2f} s"
            f"{statistics.median(without):>7.2f}/{max(without):.2f} s"
            f"   {seen[name]}"
        )
