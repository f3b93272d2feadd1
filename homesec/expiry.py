"""What each app keeps, and for how long: each app registers a function (``@expires``,
loaded by its AppConfig.ready) that names its rows and files past their time; retention
(ops/retention.py) asks them all and removes what they name. No one function knows every
app's tables.

An expirer takes the retention cutoff (now less HOMESEC_RETENTION_DAYS) and returns an
``Expired``: querysets by the name the report shows, files as (root, stored relative path)
— removed only from inside that root, whatever the path says — or paths found on disk, and
what to tidy once the rows are gone."""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import QuerySet


@dataclass
class Expired:
    rows: dict[str, QuerySet] = field(default_factory=dict)  # the report's name → rows
    stored: list[tuple[Path | str, str]] = field(default_factory=list)  # (root, relative)
    files: list[Path] = field(default_factory=list)  # found on disk already
    then: list[Callable[[], object]] = field(default_factory=list)  # after the rows went


EXPIRERS: list[Callable[[object], Expired]] = []


def expires(function: Callable[[object], Expired]) -> Callable[[object], Expired]:
    """Register an app's expirer (once, whatever reloads its module)."""
    names = {(f.__module__, f.__qualname__) for f in EXPIRERS}
    if (function.__module__, function.__qualname__) not in names:
        EXPIRERS.append(function)
    return function


@expires
def ground_floor(cutoff) -> Expired:
    """The ground floor's own rows: dead letters and log lines."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from .models import DeadLetter, LogEntry

    return Expired(
        rows={
            "dead letters": DeadLetter.objects.filter(created_at__lt=cutoff),
            "log lines": LogEntry.objects.filter(
                at__lt=timezone.now() - timedelta(days=settings.LOG_RETENTION_DAYS)
            ),
        }
    )
