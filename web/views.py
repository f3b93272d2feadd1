"""The pages a household looks at: dashboard, events, one event. Server-rendered; the
live parts (new events, status) come over the WebSockets, handled by static/web/live.js."""

from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import django_filters
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import TruncHour
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from alerts.models import HouseMode, Mode
from analysis.routine import histories
from cameras.models import Camera
from detection.models import Detection, MediaFile, ViewChange
from events.api import EventFilter, mark_reviewed
from events.clips import clip_path
from events.feedback import give_feedback, latest
from events.models import Event, Feedback
from events.risk import risk_level_for
from homesec.audit import record
from household.visitors import named_in
from reports.digest import latest as latest_digest

from .people import ENROL_ROLES, incidents_of, who
from .permissions import post_needs

LEVELS = Event.RiskLevel.values
FEED_SIZE = 25
PAGE_SIZE = 50


def thumbnails(events) -> dict[int, int]:
    """Each event's picture: the id of its most confident detection with a thumbnail."""
    best = (
        Detection.objects.filter(events__in=events)
        .exclude(thumbnail_path="")
        .order_by("events", "-confidence", "pk")
        .distinct("events")  # PostgreSQL's DISTINCT ON: the first row of each event
        .values_list("events", "pk")
    )
    return dict(best)


def with_thumbnails(events) -> list[Event]:
    events = list(events)
    found = thumbnails(events)
    for event in events:
        event.thumbnail_id = found.get(event.pk)
    return events


def go_back(request, fallback: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(fallback)


@login_required
def dashboard(request):
    now = timezone.now()
    latest_media = (
        MediaFile.objects.filter(camera=OuterRef("pk"))
        .exclude(thumbnail_path="")
        .order_by("-captured_at")
        .values("pk")[:1]
    )
    cameras = list(Camera.objects.annotate(latest_media=Subquery(latest_media)))
    known = histories(cameras)
    changed = dict(ViewChange.objects.filter(ended_at=None).values_list("camera_id", "kind"))
    for camera in cameras:
        camera.learning = not known[camera.pk].learned
        camera.view_changed = (
            ViewChange.Kind(changed[camera.pk]).label if camera.pk in changed else ""
        )
    recent = Event.objects.select_related("camera").order_by("-started_at")[:FEED_SIZE]
    last_hour = Event.objects.filter(started_at__gte=now - timedelta(hours=1)).aggregate(
        top=Max("risk_score"), count=Count("id")
    )
    return render(
        request,
        "web/dashboard.html",
        {
            "cameras": cameras,
            "events": with_thumbnails(recent),
            "gauge": {
                "score": last_hour["top"] or 0,
                "count": last_hour["count"],
                "level": risk_level_for(last_hour["top"] or 0),
            },
            "per_hour": events_per_hour(now),
            "camera_root": settings.CAMERA_ROOT,
            "ftp_port": settings.FTP_PORT,
            "digest": latest_digest(),
            "digest_hour": settings.DIGEST_HOUR,
        },
    )


def events_per_hour(now) -> list[dict]:
    """The last 24 hours, oldest first: {"label": "14h", "values": {level: count}}."""
    start = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=23)
    counts = (
        Event.objects.filter(started_at__gte=start)
        .annotate(hour=TruncHour("started_at"))
        .values("hour", "risk_level")
        .annotate(n=Count("id"))
    )
    by_hour = defaultdict(dict)
    for row in counts:
        by_hour[row["hour"]][row["risk_level"]] = row["n"]
    hours = [start + timedelta(hours=i) for i in range(24)]
    return [
        {"label": f"{timezone.localtime(hour):%H}h", "values": by_hour.get(hour, {})}
        for hour in hours
    ]


class EventPageFilter(EventFilter):
    """The API's filters, plus calendar days for the date pickers."""

    date_from = django_filters.DateFilter("started_at", lookup_expr="date__gte")
    date_to = django_filters.DateFilter("started_at", lookup_expr="date__lte")


@login_required
def events(request):
    queryset = Event.objects.select_related("camera").order_by("-started_at")
    found = EventPageFilter(request.GET, queryset=queryset)
    if not found.is_valid():
        for field, errors in found.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
    page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/events.html",
        {
            "filter": found,
            "page": page,
            "events": with_thumbnails(page.object_list),
            "cameras": Camera.objects.all(),
            "levels": LEVELS,
            "query": query.urlencode(),
        },
    )


@login_required
@require_POST
@post_needs("events.change_event")
def review_events(request):
    ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
    if not ids:
        messages.error(request, "Select the events to mark first.")
    else:
        reviewed = request.POST.get("reviewed", "1") == "1"
        changed = mark_reviewed(ids, reviewed, request)
        events = f"{changed} event{'' if changed == 1 else 's'}"
        messages.success(request, f"{events} marked {'' if reviewed else 'not '}reviewed.")
    return go_back(request, "events")


@login_required
def event_detail(request, pk: int):
    event = get_object_or_404(Event.objects.select_related("camera"), pk=pk)
    detections = list(event.detections.select_related("media").order_by("detected_at", "pk"))
    who(detections)  # each person's face and each vehicle's plate
    images = defaultdict(list)
    for detection in detections:
        images[detection.media].append(detection)
    figures = [
        {"media": media, "boxes": [box(d, media) for d in found]} for media, found in images.items()
    ]
    return render(
        request,
        "web/event_detail.html",
        {
            "event": event,
            "figures": figures,
            "has_clip": clip_path(event.pk) is not None,
            "detections": detections,
            "filtered": Detection.objects.filter(batch_id=event.batch_id)
            .exclude(filtered="")
            .order_by("detected_at", "pk"),
            "llm_enabled": settings.LLM_ENABLED,
            "expected": named_in(event.factors),  # as the scorer named them
            "verdicts": Feedback.Verdict.choices,
            "roles": ENROL_ROLES,
            "incidents": incidents_of(event),
            "feedback": latest(event),
            # The scorer's reasoning is its factors in a sentence: then the list says it once.
            "reasoning_is_factors": bool(event.factors)
            and all(factor in event.reasoning for factor in event.factors),
        },
    )


def box(detection: Detection, media: MediaFile) -> dict:
    """A detection's box in percent of its image, drawn over it."""
    width, height = media.width or 1, media.height or 1
    return {
        "detection": detection,
        "x": 100 * detection.bbox_x / width,
        "y": 100 * detection.bbox_y / height,
        "w": 100 * detection.bbox_width / width,
        "h": 100 * detection.bbox_height / height,
    }


@login_required
@require_POST
@post_needs("events.change_event")
def update_event(request, pk: int):
    """The detail page's buttons: reviewed, notes (feedback has its own: event_feedback)."""
    event = get_object_or_404(Event, pk=pk)
    changes = {}
    if "reviewed" in request.POST:
        changes["reviewed"] = request.POST["reviewed"] == "1"
    if "notes" in request.POST:
        limit = Event._meta.get_field("notes").max_length
        if len(request.POST["notes"]) > limit:
            messages.error(request, f"Notes can be at most {limit} characters; nothing saved.")
            return redirect("event-page", pk=event.pk)
        changes["notes"] = request.POST["notes"]
    for field, value in changes.items():
        setattr(event, field, value)
    event.save(update_fields=[*changes, "updated_at"])
    record("event.update", f"event {event.pk}", changes, request=request)
    messages.success(request, "Saved.")
    return redirect("event-page", pk=event.pk)


@login_required
@require_POST
@post_needs("events.change_event")
def event_feedback(request, pk: int):
    """The page's "Was this right?" buttons: one feedback row, which calibration learns from."""
    event = get_object_or_404(Event, pk=pk)
    verdict = request.POST.get("verdict", "")
    if verdict not in Feedback.Verdict.values:
        messages.error(request, f"Unknown feedback {verdict!r}.")
    else:
        give_feedback(event, verdict, user=request.user, request=request)
        messages.success(
            request,
            f"Thank you: “{Feedback.Verdict(verdict).label}” noted; "
            "similar events will be scored with it.",
        )
    return redirect("event-page", pk=event.pk)


def service_worker(request):
    """The Web Push service worker, served from the root so its scope is every page."""
    path = Path(__file__).parent / "static" / "web" / "sw.js"
    return FileResponse(path.open("rb"), content_type="application/javascript")


@login_required
@require_POST
@post_needs("alerts.change_housemode")
def set_mode(request):
    mode = request.POST.get("mode")
    if mode not in Mode.values:
        messages.error(request, f"Unknown mode {mode!r}: choose one of {', '.join(Mode.values)}.")
    else:
        house, _ = HouseMode.objects.get_or_create(pk=1)
        if house.mode != mode:
            house.mode = mode
            house.save()
            record("mode.update", "house mode", {"mode": mode}, request=request)
        messages.success(request, f"House mode: {Mode(mode).label}.")
    return go_back(request, "dashboard")
