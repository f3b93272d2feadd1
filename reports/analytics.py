"""Analytics: the events of the last N days by camera, class, hour of day (local), day
and level, each split by level. ``/api/analytics/?days=7`` and the Analytics page."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import ExtractHour, TruncDate
from django.utils import timezone

from cameras.models import Camera
from events.models import Event

LEVELS = Event.RiskLevel.values
MAX_DAYS = 366


def _rows(counts: dict, order: list) -> list[dict]:
    """[{"label", "values": {level: n}, "total"}] in ``order`` (label, key) pairs."""
    return [
        {
            "label": label,
            "key": key,
            "values": {lv: counts[key].get(lv, 0) for lv in LEVELS},
            "total": sum(counts[key].values()),
        }
        for key, label in order
    ]


def analytics(days: int, now=None) -> dict:
    now = now or timezone.now()
    since = now - timedelta(days=days)
    events = Event.objects.filter(started_at__gte=since, started_at__lt=now)
    zone = timezone.get_current_timezone()
    by_level = dict.fromkeys(LEVELS, 0)
    for row in events.values("risk_level").annotate(n=Count("id")):
        by_level[row["risk_level"]] = row["n"]
    cameras: defaultdict[str, dict[str, int]] = defaultdict(dict)
    for row in events.values("camera_id", "risk_level").annotate(n=Count("id")):
        cameras[row["camera_id"]][row["risk_level"]] = row["n"]
    names = dict(Camera.objects.filter(pk__in=cameras).values_list("pk", "name"))
    hours: defaultdict[int, dict[str, int]] = defaultdict(dict)
    hourly = events.annotate(hour=ExtractHour("started_at", tzinfo=zone))
    for row in hourly.values("hour", "risk_level").annotate(n=Count("id")):
        hours[row["hour"]][row["risk_level"]] = row["n"]
    daily: defaultdict[date, dict[str, int]] = defaultdict(dict)
    for row in (events.annotate(day=TruncDate("started_at", tzinfo=zone))
                .values("day", "risk_level").annotate(n=Count("id"))):  # fmt: skip
        daily[row["day"]][row["risk_level"]] = row["n"]
    classes: defaultdict[str, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    for labels, level in events.values_list("labels", "risk_level"):
        for label in set(labels.split()) or {"(none)"}:
            classes[label][level] += 1
    first = timezone.localtime(since).date()
    day_order = [
        (first + timedelta(days=i), f"{first + timedelta(days=i):%d %b}") for i in range(days + 1)
    ]
    return {
        "days": days,
        "since": since.isoformat(),
        "until": now.isoformat(),
        "total": sum(by_level.values()),
        "by_level": by_level,
        "by_camera": _rows(
            cameras,
            sorted(
                ((k, names.get(k, k)) for k in cameras),
                key=lambda kv: -sum(cameras[kv[0]].values()),
            ),
        ),
        "by_class": _rows(
            classes, sorted(((k, k) for k in classes), key=lambda kv: -sum(classes[kv[0]].values()))
        ),
        "by_hour": _rows(hours, [(h, f"{h:02d}h") for h in range(24)]),
        "by_day": [{**row, "key": row["key"].isoformat()} for row in _rows(daily, day_order)],
    }
