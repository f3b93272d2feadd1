"""Bulk test data for benchmarks: cameras, uploads, detections and judged events spread
over the last N days. Never run it on a household's database: every row is marked
(cameras ``seed_*``) and ``--remove`` deletes exactly those."""

import random
import time
import uuid
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cameras.models import Camera
from detection.models import Detection, MediaFile
from events.models import Event
from events.risk import risk_level_for

WORDS = {
    "person": [
        "Person at the door",
        "Someone walking up the drive",
        "A visitor by the gate",
        "Person lingering near the window",
        "Courier with a parcel",
    ],
    "car": ["Car pulling into the driveway", "Vehicle parked across the street"],
    "dog": ["A dog crossing the lawn", "Neighbour's dog in the garden"],
    "cat": ["A cat on the fence"],
}
CHUNK = 5000


class Command(BaseCommand):
    help = "Generate cameras, uploads, detections and events for benchmarks (marked seed_*)."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=100_000)
        parser.add_argument("--detections", type=int, default=5, help="per event")
        parser.add_argument("--cameras", type=int, default=8)
        parser.add_argument("--days", type=int, default=30)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--remove", action="store_true", help="delete seeded rows instead")

    def handle(self, *args, events, detections, cameras, days, seed, remove, **options):
        if remove:
            removed = Camera.objects.filter(id__startswith="seed_").delete()[0]
            self.stdout.write(f"removed {removed} seeded row(s)")
            return
        if events < 1 or detections < 1 or cameras < 1 or days < 1:
            raise CommandError("--events, --detections, --cameras and --days must be ≥ 1")
        rng = random.Random(seed)
        cams = [
            Camera.objects.get_or_create(
                id=f"seed_{i}", defaults={"name": f"Seed camera {i}", "folder_path": f"seed/{i}"}
            )[0]
            for i in range(cameras)
        ]
        now, span = timezone.now(), timedelta(days=days).total_seconds()
        started, done = time.monotonic(), 0
        while done < events:
            count = min(CHUNK, events - done)
            with transaction.atomic():
                self._chunk(rng, cams, now, span, count, detections)
            done += count
            rate = done / (time.monotonic() - started)
            self.stdout.write(f"  {done:,}/{events:,} events ({rate:,.0f}/s)")
            self.stdout.flush()

    def _chunk(self, rng, cams, now, span, count, per_event) -> None:
        media, plans = [], []
        for _ in range(count):
            at = now - timedelta(seconds=rng.random() * span)
            camera = rng.choice(cams)
            label = rng.choices(list(WORDS), weights=[6, 3, 2, 1])[0]
            media.append(MediaFile(
                camera=camera, path=f"{camera.folder_path}/{uuid.uuid4().hex}.jpg",
                sha256=uuid.uuid4().hex * 2, kind="image", size=250_000, captured_at=at,
                width=1920, height=1080, state="done",
            ))  # fmt: skip
            plans.append((camera, at, label))
        MediaFile.objects.bulk_create(media, batch_size=CHUNK)
        found = []
        for upload, (camera, at, label) in zip(media, plans, strict=True):
            for _ in range(per_event):
                found.append(Detection(
                    media=upload, camera=camera, file_path=upload.path, object_type=label,
                    confidence=round(rng.uniform(0.5, 0.99), 2), bbox_x=rng.randrange(1500),
                    bbox_y=rng.randrange(700), bbox_width=120, bbox_height=300, detected_at=at,
                ))  # fmt: skip
        Detection.objects.bulk_create(found, batch_size=CHUNK)
        made, seen = [], []
        for index, (camera, at, label) in enumerate(plans):
            seen.append(found[index * per_event : (index + 1) * per_event])
            score = min(100, max(0, int(rng.gauss(35 if label == "person" else 15, 20))))
            made.append(
                Event(
                    camera=camera,
                    started_at=at,
                    ended_at=at + timedelta(seconds=30),
                    risk_score=score,
                    risk_level=risk_level_for(score),
                    summary=f"{rng.choice(WORDS[label])} ({camera.name})",
                    reasoning=f"{label} seen at {at:%H:%M}; scored from the facts.",
                    labels=label,
                    analysis_source="rules",
                    judged_by="rules",
                    reviewed=rng.random() < 0.7,
                )
            )
        Event.objects.bulk_create(made, batch_size=CHUNK)
        Saw = Event.detections.through
        Saw.objects.bulk_create(
            [
                Saw(event_id=e.pk, detection_id=d.pk)
                for e, ds in zip(made, seen, strict=True)
                for d in ds
            ],
            batch_size=CHUNK,
        )
