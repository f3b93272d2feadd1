"""Retention: what is older than HOMESEC_RETENTION_DAYS goes — events (their alerts with
them), uploads with their detections, thumbnails and, by setting, the originals; faces
of people no one named (their crops too) and plate reads; old rejected uploads, batches
and dead letters too, events' clips, GPU history older than HOMESEC_GPU_HISTORY_DAYS and
log lines older than HOMESEC_LOG_RETENTION_DAYS. Files are removed only from inside the
media roots, whatever a stored path says. Daily at 03:00 (beat), or
`python manage.py cleanup [--dry-run]`."""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from detection.thumbnails import preview_name
from events.clips import clips_of
from homesec.paths import OutsideRoot, inside

log = logging.getLogger(__name__)


@dataclass
class Report:
    cutoff: object = None
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    refused: list[str] = field(default_factory=list)  # stored paths outside the roots

    def __str__(self) -> str:
        rows = ", ".join(f"{count} {name}" for name, count in self.rows.items()) or "no rows"
        text = (f"older than {self.cutoff:%Y-%m-%d %H:%M}: {rows}; {self.files} file(s), "
                f"{self.bytes / 2**20:.1f} MiB")  # fmt: skip
        if self.refused:
            text += f"; {len(self.refused)} stored path(s) outside the media roots left alone"
        return text


def cleanup(*, dry_run: bool = False, days: int | None = None) -> Report:
    from analysis import people
    from analysis.models import Batch, Incident, PlateRead
    from cameras.models import RejectedUpload
    from detection.models import Detection, MediaFile
    from events.models import Event
    from homesec.models import DeadLetter, GpuSample, LogEntry, PerformanceSample

    from .models import ExportJob

    report = Report(cutoff=timezone.now() - timedelta(days=days or settings.RETENTION_DAYS))
    old_media = MediaFile.objects.filter(captured_at__lt=report.cutoff)
    files: set[Path] = set()
    wanted = [(settings.MEDIA_ROOT, t) for t in old_media.values_list("thumbnail_path", flat=True)]
    if settings.RETENTION_DELETE_ORIGINALS:
        wanted += [(settings.CAMERA_ROOT, p) for p in old_media.values_list("path", flat=True)]
    thumbnails = Detection.objects.filter(media__in=old_media).values_list("thumbnail_path",
                                                                           flat=True)  # fmt: skip
    wanted += [(settings.MEDIA_ROOT, t) for t in thumbnails.distinct()]
    wanted += [
        (settings.MEDIA_ROOT, preview_name(sha))
        for sha in old_media.values_list("sha256", flat=True)
    ]
    expired_exports = ExportJob.objects.filter(expires_at__lt=timezone.now())
    wanted += [(settings.MEDIA_ROOT, f) for f in expired_exports.values_list("file", flat=True)]
    faces = people.expired_faces(report.cutoff)  # unnamed only: named people are kept
    wanted += [(settings.MEDIA_ROOT, c) for c in faces.exclude(crop_path="").values_list(
        "crop_path", flat=True)]  # fmt: skip
    for root, relative in wanted:
        if not relative:
            continue
        try:
            found = inside(root, relative)
        except OutsideRoot:
            if relative not in report.refused:
                report.refused.append(relative)
            continue
        if found:  # None: gone already
            files.add(found)
    old_events = Event.objects.filter(started_at__lt=report.cutoff)
    files.update(clips_of(old_events.values_list("pk", flat=True)))  # their MP4s
    querysets = {
        "events": old_events,
        "detections": Detection.objects.filter(media__in=old_media),
        "uploads": old_media,
        "batches": Batch.objects.filter(opened_at__lt=report.cutoff, event__isnull=True).exclude(
            state=Batch.State.OPEN
        ),
        "rejected uploads": RejectedUpload.objects.filter(created_at__lt=report.cutoff),
        "dead letters": DeadLetter.objects.filter(created_at__lt=report.cutoff),
        "expired exports": expired_exports,
        "faces": faces,
        "plate reads": PlateRead.objects.filter(seen_at__lt=report.cutoff),
        "incidents": Incident.objects.filter(ended_at__lt=report.cutoff),
        "GPU samples": GpuSample.objects.filter(
            at__lt=timezone.now() - timedelta(days=settings.GPU_HISTORY_DAYS)
        ),
        "performance samples": PerformanceSample.objects.filter(
            at__lt=timezone.now() - timedelta(days=settings.GPU_HISTORY_DAYS)
        ),
        "log lines": LogEntry.objects.filter(
            at__lt=timezone.now() - timedelta(days=settings.LOG_RETENTION_DAYS)
        ),
    }
    report.rows = {name: qs.count() for name, qs in querysets.items() if qs.exists()}
    report.files = len(files)
    report.bytes = sum(path.stat().st_size for path in files)
    if dry_run:
        log.info("retention (dry run) would remove %s", report)
        return report
    with transaction.atomic():
        for queryset in querysets.values():
            queryset.delete()
        people.drop_empty_unknowns()
    for path in files:
        path.unlink(missing_ok=True)
    log.info("retention removed %s", report)
    return report
