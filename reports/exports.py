"""Exports: the events matching a filter (the events API's filters: camera, since,
until, risk_level, search, …) as a CSV, or as a ZIP holding that CSV with each event's
originals, thumbnails (boxes drawn) and clip. Written by ``reports.tasks.run_export``
(queue ``media``) under ``<media root>/exports/``, its progress sent to
``/ws/jobs/<id>/`` (reports/jobs.py); downloadable by its owner alone until it expires
(HOMESEC_EXPORT_KEEP_HOURS, a day); never larger than HOMESEC_EXPORT_MAX_MB."""

import csv
import io
import re
import time
import zipfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from detection.models import Detection
from events.api import EventFilter
from events.clips import clip_path
from events.models import Event
from homesec.paths import OutsideRoot, inside
from homesec.recoverable import RecoverableTask
from homesec.roles import has_a_role

from . import jobs
from .models import ExportJob

EXPORT_DIR = "exports"
FILTERS = (
    "camera",
    "since",
    "until",
    "risk_level",
    "search",
    "reviewed",
    "risk_score_min",
    "risk_score_max",
)
COLUMNS = ["id", "camera", "camera_name", "started_at", "ended_at", "risk_score", "risk_level",
           "summary", "reasoning", "labels", "analysis_source", "reviewed", "false_alarm",
           "notes", "url", "files"]  # fmt: skip
PROGRESS_EVERY_SECONDS = 0.5
# What a spreadsheet takes for a formula when a cell starts with it (OWASP's CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What a ZIP entry name may not carry: control characters (a newline forges listings, ESC
# drives terminals), and the separators and drive colons other systems' unzip would follow.
UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f\\:]")


class TooLarge(Exception):
    """The export would pass HOMESEC_EXPORT_MAX_MB."""


class Refused(ValueError):
    """No export for this login now; the text says why, ``retry_at`` when it may again."""

    def __init__(self, text: str, retry_at=None):
        super().__init__(text)
        self.retry_at = retry_at


def check_allowed(owner) -> None:
    """Only admins and members export, each at most HOMESEC_EXPORTS_PER_USER at a time."""
    if not has_a_role(owner):
        raise Refused("only admins and members can export events")
    kept = ExportJob.objects.filter(owner=owner, expires_at__gt=timezone.now())
    kept = kept.exclude(status=ExportJob.Status.FAILED).order_by("expires_at")
    if len(expiry := list(kept.values_list("expires_at", flat=True))) >= settings.EXPORTS_PER_USER:
        raise Refused(
            f"you keep {len(expiry)} exports, the most one login may "
            f"(HOMESEC_EXPORTS_PER_USER); the oldest expires at {expiry[0]:%Y-%m-%d %H:%M} UTC",
            retry_at=expiry[0],
        )


def check_filters(filters: dict) -> dict:
    """The filters kept (known names, non-empty); ValueError saying what is wrong."""
    kept = {name: str(value) for name, value in filters.items() if name in FILTERS and value != ""}
    found = EventFilter(kept, queryset=Event.objects.all())
    if not found.is_valid():
        raise ValueError("; ".join(f"{k}: {' '.join(v)}" for k, v in found.errors.items()))
    return kept


def matching(filters: dict):
    """The events an export of ``filters`` holds, oldest first."""
    queryset = Event.objects.select_related("camera").order_by("started_at", "pk")
    return EventFilter(filters, queryset=queryset).qs


def create(owner, export_format: str, filters: dict) -> ExportJob:
    """A pending job (reports/tasks.py start_export also runs it); Refused when this login may
    not export now."""
    check_allowed(owner)
    return ExportJob.objects.create(
        owner=owner,
        format=export_format,
        filters=check_filters(filters),
        expires_at=timezone.now() + timedelta(hours=settings.EXPORT_KEEP_HOURS),
    )


def limit_bytes() -> int:
    return settings.EXPORT_MAX_MB * 2**20


def run(job: ExportJob) -> ExportJob:
    """Write the job's file, its progress sent as it goes; the job done or failed."""
    events = list(matching(job.filters))
    job.status, job.total, job.progress = ExportJob.Status.RUNNING, len(events), 0
    job.save(update_fields=["status", "total", "progress"])
    jobs.progress(job)
    jobs.log_line(job, "INFO", f"Exporting {len(events)} event(s) as {job.format.upper()}")
    target = Path(settings.MEDIA_ROOT) / EXPORT_DIR / f"{job.pk}.{job.format}"
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    try:
        if job.format == ExportJob.Format.ZIP:
            _write_zip(job, events, temporary)
        else:
            with open(temporary, "w", newline="", encoding="utf-8") as out:
                _write_csv(job, events, out, with_files=False)
        if temporary.stat().st_size > limit_bytes():
            raise TooLarge(_too_large(temporary.stat().st_size))
    except TooLarge as exc:
        temporary.unlink(missing_ok=True)
        return _finish(job, ExportJob.Status.FAILED, error=str(exc))
    except RecoverableTask.autoretry_for:
        temporary.unlink(missing_ok=True)
        raise  # the database or the broker away: retried, the job still running
    except Exception as exc:
        temporary.unlink(missing_ok=True)
        _finish(job, ExportJob.Status.FAILED, error=f"The export failed: {exc}")
        raise
    temporary.replace(target)
    job.file, job.size = f"{EXPORT_DIR}/{target.name}", target.stat().st_size
    return _finish(job, ExportJob.Status.DONE)


def _too_large(size: int) -> str:
    return (
        f"This export would be {size / 2**20:.1f} MB, more than the "
        f"{settings.EXPORT_MAX_MB} MB allowed (HOMESEC_EXPORT_MAX_MB). Narrow the filter "
        "(fewer cameras or days), or export the CSV alone."
    )


def _finish(job: ExportJob, status: str, *, error: str = "") -> ExportJob:
    job.status, job.error, job.finished_at = status, error, timezone.now()
    if status == ExportJob.Status.DONE:
        job.progress = job.total
    job.save()
    jobs.progress(job)
    if error:
        jobs.log_line(job, "ERROR", error)
    else:
        jobs.log_line(job, "INFO", f"Done: {job.total} event(s), {job.size} bytes")
    return job


class _Ticker:
    """Saves and sends the job's progress at most every PROGRESS_EVERY_SECONDS."""

    def __init__(self, job):
        self.job, self.last = job, 0.0

    def __call__(self, done: int) -> None:
        self.job.progress = done
        if time.monotonic() - self.last >= PROGRESS_EVERY_SECONDS or done == self.job.total:
            self.last = time.monotonic()
            ExportJob.objects.filter(pk=self.job.pk).update(progress=done)
            jobs.progress(self.job)


def _cell(value):
    """A text cell a spreadsheet shows as text: one that starts like a formula gets a ``'``."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _entry_name(relative: str) -> str:
    """A camera-relative path as a ZIP entry name every unzip keeps inside its folder."""
    parts = (UNSAFE_IN_NAME.sub("_", part) for part in relative.split("/"))
    return "/".join(part for part in parts if part not in ("", ".", "..")) or "_"


def _row(event: Event, files: list[str]) -> list:
    return [_cell(value) for value in _fields(event, files)]


def _fields(event: Event, files: list[str]) -> list:
    return [event.pk, event.camera_id, event.camera.name, event.started_at.isoformat(),
            event.ended_at.isoformat() if event.ended_at else "", event.risk_score,
            event.risk_level, event.summary, event.reasoning, event.labels,
            event.analysis_source, event.reviewed, event.false_alarm, event.notes,
            settings.PUBLIC_URL + f"/events/{event.pk}/", ";".join(files)]  # fmt: skip


def _write_csv(job, events, out, *, with_files: bool, files_of=None) -> None:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    tick = _Ticker(job)
    written = 0
    for index, event in enumerate(events, 1):
        files = [name for name, _ in files_of[event.pk]] if with_files else []
        writer.writerow(_row(event, files))
        written = out.tell() if hasattr(out, "tell") else 0
        if written > limit_bytes():
            raise TooLarge(_too_large(written))
        if not with_files:
            tick(index)


def files_of(events) -> dict[int, list[tuple[str, Path]]]:
    """Each event's files for the ZIP: (name in the ZIP, path on disk), those still there."""
    seen = Detection.objects.select_related("media").order_by("detected_at", "pk")
    found = {}
    for event in Event.objects.filter(pk__in=[e.pk for e in events]).prefetch_related(
        Prefetch("detections", queryset=seen)
    ):
        files = {}
        for detection in event.detections.all():
            original = _inside(settings.CAMERA_ROOT, detection.media.path)
            if original:
                files[f"originals/{_entry_name(detection.media.path)}"] = original
            thumbnail = _inside(settings.MEDIA_ROOT, detection.thumbnail_path)
            if thumbnail:
                files[f"thumbnails/{event.pk}-{detection.pk}.jpg"] = thumbnail
        clip = clip_path(event.pk)
        if clip:
            files[f"clips/{event.pk}.mp4"] = clip
        found[event.pk] = sorted(files.items())
    return found


def _inside(root, relative: str) -> Path | None:
    try:
        return inside(root, relative)
    except OutsideRoot:
        return None


def _write_zip(job, events, target: Path) -> None:
    files = files_of(events)
    unique = {path for listed in files.values() for _, path in listed}
    estimate = sum(path.stat().st_size for path in unique)
    if estimate > limit_bytes():  # refused before a byte is written
        raise TooLarge(_too_large(estimate))
    table = io.StringIO()
    _write_csv(job, events, table, with_files=True, files_of=files)
    tick = _Ticker(job)
    written: set[str] = set()
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("events.csv", table.getvalue(), compress_type=zipfile.ZIP_DEFLATED)
        for index, event in enumerate(events, 1):
            for name, path in files[event.pk]:
                if name not in written:  # JPEG and MP4 are compressed already: stored
                    archive.write(path, name, compress_type=zipfile.ZIP_STORED)
                    written.add(name)
            tick(index)


def expire() -> int:
    """Remove expired exports, files and rows. Returns how many."""
    gone = ExportJob.objects.filter(expires_at__lt=timezone.now())
    for relative in gone.exclude(file="").values_list("file", flat=True):
        found = _inside(settings.MEDIA_ROOT, relative)
        if found:
            found.unlink(missing_ok=True)
    return gone.delete()[0]
