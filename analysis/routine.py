"""A camera's routine, learned from its own events: how many it usually has in an hour of
the day, and whether it has watched long enough for that to mean anything.

"Unusual for this camera at this hour" needs history: on a new install every hour is
empty, so every event would be unusual (issue 31, item 5). A camera has learned its
routine once it has watched for a week (every hour of every weekday seen once) and
either made 24 events in its window (one per hour of the day: with fewer, most hours
are empty by chance rather than by routine) or stayed quiet for four weeks
(then quiet is its routine, and any event is unusual). Until then no hour is called
unusual, and the camera's page, the dashboard and its events say it is still learning.

Computed from rows that exist (the camera's creation, its events), nothing stored.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.db.models.functions import ExtractHour
from django.utils import timezone

from events.models import Event

WINDOW_DAYS = 30  # the routine is the camera's last 30 days
MIN_DAYS = 7
MIN_EVENTS = 24
QUIET_DAYS = 28
LEARNING = "learning this camera's routine, so no hour is called unusual yet"


@dataclass(frozen=True)
class History:
    watched_days: float  # since the camera was set up or its first event, whichever is first
    events: int  # in the window

    @property
    def learned(self) -> bool:
        if self.watched_days < MIN_DAYS:
            return False
        return self.events >= MIN_EVENTS or self.watched_days >= QUIET_DAYS

    @property
    def days(self) -> float:
        """The days the window's events were counted over: a new camera's own, at most the
        window and what retention keeps."""
        return max(1.0, min(self.watched_days, WINDOW_DAYS, settings.RETENTION_DAYS))

    def progress(self) -> str:
        """How far a learning camera has come, in words a household reads."""
        days = min(int(self.watched_days), MIN_DAYS)
        return (
            f"{days} of {MIN_DAYS} days watched and {min(self.events, MIN_EVENTS)} of "
            f"{MIN_EVENTS} events (or {QUIET_DAYS} quiet days)"
        )


def histories(cameras, now: datetime | None = None) -> dict[str, History]:
    """Each camera's history by id, in one query."""
    now = now or timezone.now()
    since = now - timedelta(days=WINDOW_DAYS)
    rows = (
        Event.objects.filter(camera__in=[c.pk for c in cameras])
        .values("camera_id")
        .annotate(first=Min("started_at"), recent=Count("pk", filter=Q(started_at__gte=since)))
    )
    found = {row["camera_id"]: row for row in rows}
    result = {}
    for camera in cameras:
        row = found.get(camera.pk, {"first": None, "recent": 0})
        began = min(filter(None, [camera.created_at, row["first"]]), default=now)
        watched = max(0.0, (now - began).total_seconds() / 86400)
        result[camera.pk] = History(watched, row["recent"])
    return result


def history(camera, now: datetime | None = None) -> History:
    return histories([camera], now)[camera.pk]


def usual_events(camera, hour: int, known: History, now: datetime | None = None) -> float:
    """Events a day this camera usually has in this local hour, over the days it has been
    counted (its window, or less for a new camera)."""
    since = (now or timezone.now()) - timedelta(days=WINDOW_DAYS)
    count = (
        Event.objects.filter(camera=camera, started_at__gte=since)
        .annotate(hour=ExtractHour("started_at", tzinfo=timezone.get_current_timezone()))
        .filter(hour=hour)
        .count()
    )
    return count / known.days
