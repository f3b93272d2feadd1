"""Retention: what is older than HOMESEC_RETENTION_DAYS goes — events (their alerts with
them), uploads with their detections, thumbnails and, by setting, the originals; faces
of people no one named (their crops too) and plate reads; old rejected uploads, batches
and dead letters too, events' clips, GPU history older than HOMESEC_GPU_HISTORY_DAYS and
log lines older than HOMESEC_LOG_RETENTION_DAYS. Files are removed only from inside the
media roots, whatever a stored path says. Each app names what of its own has expired
(its ``expiry.py``, registered in homesec/expiry.py); this asks them all. Daily at 03:00
(beat), or `python manage.py cleanup [--dry-run]`."""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from homesec.expiry import EXPIRERS
from homesec.paths import OutsideRoot, inside

log = logging.getLogger(__name__)
ATTEMPTS = 3


@dataclass
class Report:
    cutoff: object = None
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    refused: list[str] = field(default_factory=list)  # stored paths outside the roots

    def __str__(self) -> str:
        rows = ", ".join(f"{count} {name}" for name, count in self.rows.items()) or "no rows"
        text = (
            f"older than {self.cutoff:%Y-%m-%d %H:%M}: {rows}; {self.files} file(s), "
            f"{self.bytes / 2**20:.1f} MiB"
        )
        if self.refused:
            text += f"; {len(self.refused)} stored path(s) outside the media roots left alone"
        return text


def cleanup(*, dry_run: bool = False, days: float | None = None) -> Report:
    """Ask every app what of its own is past its time (homesec/expiry.py), and remove it:
    the rows in one transaction, then the files."""
    report = Report(cutoff=timezone.now() - timedelta(days=days or settings.RETENTION_DAYS))
    # From the top layer down (apps register bottom up, as Django readies them): an upper
    # app's rows point at a lower app's, and the report reads events before uploads.
    expired = [expirer(report.cutoff) for expirer in reversed(EXPIRERS)]
    files: set[Path] = {path for each in expired for path in each.files}
    for root, relative in (pair for each in expired for pair in each.stored):
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
    querysets = {name: rows for each in expired for name, rows in each.rows.items()}
    report.rows = {name: qs.count() for name, qs in querysets.items() if qs.exists()}
    report.files = len(files)
    report.bytes = sum(path.stat().st_size for path in files)
    if dry_run:
        log.info("retention (dry run) would remove %s", report)
        return report
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with transaction.atomic():
                for queryset in querysets.values():
                    queryset.delete()
                for tidy in (then for each in expired for then in each.then):
                    tidy()
            break
        except IntegrityError:
            # A row began to point at one being removed while this ran (an event linked
            # into an incident whose lead is old): checked at commit, so all of it rolled
            # back. Collected again, that row's link is seen and cleared with the rest.
            if attempt == ATTEMPTS:
                raise
            log.warning("retention met a row linked meanwhile; trying again (%d)", attempt)
    for path in files:
        path.unlink(missing_ok=True)
    log.info("retention removed %s", report)
    return report
