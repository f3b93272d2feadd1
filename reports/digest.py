"""The daily digest: the last 24 hours per camera — counts by level, the notable events
(high and critical) with links, who was recognised and when (the people and vehicles
the household named), and what is unusual for this home (a camera with well
over its usual number of events: HOMESEC_DIGEST_UNUSUAL_FACTOR times its daily average
of the 7 days before). Written from a template (reports/templates/reports/digest.txt), stored
(Digest), shown on the dashboard, and sent to the alert channels HOMESEC_DIGEST_CHANNELS
names. Beat runs it daily at HOMESEC_DIGEST_HOUR, local time, and catches up one the system
was down for (make_due)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cameras.models import Camera
from events.models import Event
from household.models import Face, PlateRead, Vehicle

from .digest_send import send_to_channels
from .models import Digest, DigestSettings

log = logging.getLogger(__name__)
LEVELS = Event.RiskLevel.values
NOTABLE = ("high", "critical")
HISTORY_DAYS = 7
MIN_UNUSUAL = 5  # fewer events than this in a day are never called unusual


def facts(end=None) -> dict:
    """What the digest says, as data: per camera, the 24 hours before ``end``."""
    end = end or timezone.now()
    start = end - timedelta(hours=24)
    day = Event.objects.filter(started_at__gte=start, started_at__lt=end)
    counts: dict[str, dict[str, int]] = {}
    for row in day.values("camera_id", "risk_level").annotate(n=Count("id")):
        counts.setdefault(row["camera_id"], dict.fromkeys(LEVELS, 0))[row["risk_level"]] = row["n"]
    before = Event.objects.filter(
        started_at__gte=start - timedelta(days=HISTORY_DAYS), started_at__lt=start
    )
    usual = dict(before.values_list("camera_id").annotate(n=Count("id")))
    notable = day.filter(risk_level__in=NOTABLE).order_by("started_at")
    cameras = []
    for camera in Camera.objects.order_by("name"):
        by_level = counts.get(camera.pk, dict.fromkeys(LEVELS, 0))
        total = sum(by_level.values())
        average = usual.get(camera.pk, 0) / HISTORY_DAYS
        cameras.append(
            {
                "id": camera.pk,
                "name": camera.name,
                "total": total,
                "counts": by_level,
                "levels": ", ".join(f"{n} {level}" for level, n in by_level.items() if n),
                "average": round(average, 1),
                "unusual": _unusual(total, average),
                "notable": [_notable(e) for e in notable if e.camera_id == camera.pk],
            }
        )
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "cameras": cameras,
        "total": sum(c["total"] for c in cameras),
        "event_ids": list(day.order_by("started_at").values_list("pk", flat=True)),
        "notable_count": sum(len(c["notable"]) for c in cameras),
        "recognised": recognised(start, end),
    }


def recognised(start, end) -> list[dict]:
    """Each named person and vehicle seen in the period: who, and where and when (local
    time), in order. Unknown groups are left out: the notable events speak of them."""
    names = dict(Camera.objects.values_list("id", "name"))
    seen: dict[str, list[str]] = {}
    faces = Face.objects.filter(seen_at__gte=start, seen_at__lt=end).exclude(person__name="")
    for face in faces.select_related("person").order_by("seen_at"):
        who = f"{face.person.name} ({face.person.get_role_display().lower()})"
        seen.setdefault(who, []).append(_sighting(names, face.camera_id, face.seen_at))
    vehicles = {v.plate: v for v in Vehicle.objects.all()}
    reads = PlateRead.objects.filter(seen_at__gte=start, seen_at__lt=end, text__in=vehicles)
    for read in reads.order_by("seen_at"):
        vehicle = vehicles[read.text]
        who = f"{vehicle.name} ({vehicle.plate})"
        seen.setdefault(who, []).append(_sighting(names, read.camera_id, read.seen_at))
    return [{"who": who, "seen": list(dict.fromkeys(times))} for who, times in seen.items()]


def _sighting(names: dict, camera_id: str, at) -> str:
    return f"{names.get(camera_id, camera_id)} {timezone.localtime(at):%H:%M}"


def _unusual(total: int, average: float) -> str:
    """Well above the camera's usual day, said in words; "" when not."""
    if total >= MIN_UNUSUAL and total >= settings.DIGEST_UNUSUAL_FACTOR * max(average, 1.0):
        return (
            f"{total} events, {total / max(average, 1.0):.1f}× its daily average of "
            f"{average:.1f} over the {HISTORY_DAYS} days before"
        )
    return ""


def _notable(event: Event) -> dict:
    return {
        "id": event.pk,
        "time": f"{timezone.localtime(event.started_at):%H:%M}",
        "level": event.risk_level,
        "score": event.risk_score,
        "summary": event.summary,
        "url": settings.PUBLIC_URL + f"/events/{event.pk}/",
    }


def written(data: dict) -> str:
    context = {
        **data,
        "start": timezone.localtime(parse_datetime(data["start"])),
        "end": timezone.localtime(parse_datetime(data["end"])),
    }
    return render_to_string("reports/digest.txt", context).strip() + "\n"


def make(end=None, *, send: bool = True) -> Digest:
    """Write, store and (by default) send the digest of the 24 hours before ``end``."""
    data = facts(end)
    digest = Digest.objects.create(
        period_start=parse_datetime(data["start"]),
        period_end=parse_datetime(data["end"]),
        text=written(data),
        data=data,
    )
    if send:
        digest.errors = send_to_channels(digest)
        digest.save(update_fields=["errors"])
    return digest


CATCH_UP = timedelta(hours=6)  # a digest missed (the system down at its hour) is sent this late


def due(now=None):
    """When the latest digest fell due: today's HOMESEC_DIGEST_HOUR, local, or
    yesterday's before it."""
    now = timezone.localtime(now)
    at = now.replace(hour=settings.DIGEST_HOUR, minute=0, second=0, microsecond=0, fold=0)
    return at if at <= now else at - timedelta(days=1)


def make_due(now=None, *, catch_up: timedelta | None = None) -> Digest | None:
    """The digest of the latest due time, made and sent unless it was already (a retry,
    a requeue, the beat and its catch-up at once: one digest); ``catch_up``: only when it
    fell due at most that long ago. Returns the digest made, else None."""
    now = now or timezone.now()
    end = due(now)
    if catch_up is not None and now - end > catch_up:
        return None
    with transaction.atomic():
        DigestSettings.current()
        DigestSettings.objects.select_for_update().get(pk=1)  # held while this looks and makes
        if Digest.objects.filter(period_end__gte=end).exists():  # one made then (or since)
            return None
        return make(end)


def latest() -> Digest | None:
    return Digest.objects.order_by("-period_end").first()
