"""The review timeline: one day, each camera a lane, each event a mark placed at its time
and coloured by its level — the alerts (the household was told) tall, plain detections
short. A shared preview shows the chosen event's picture; j/k move, r marks reviewed,
f says false alarm (static/web/timeline.js, through the events API). Anyone logged in
may look; marking follows the API's permission (a member may, a viewer may not)."""

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import render
from django.utils import timezone

from alerts.models import Alert
from cameras.models import Camera
from events.models import Event

from .views import LEVELS, with_thumbnails

SHOWN = {
    "all": "alerts and detections",
    "alerts": "alerts only",
    "unreviewed": "not reviewed",
}
# Marks on one page: a day with more shows its first (and says so), which "not reviewed"
# and "mark all shown" walk through; below Django's 1,000 form fields for that button.
MOST = 500
FIRST_DAY = date(2000, 1, 1)  # before any camera of ours; and no date arithmetic overflows


def day_asked(request) -> date:
    """The day in ?day=YYYY-MM-DD, or today (this home's time zone) with a message."""
    today = timezone.localdate()
    asked = request.GET.get("day", "")
    if not asked:
        return today
    try:
        day = date.fromisoformat(asked)
    except ValueError:
        messages.error(request, f"Day {asked[:40]!r} is not a date like {today:%Y-%m-%d}.")
        return today
    if not FIRST_DAY <= day <= today + timedelta(days=1):
        messages.error(request, f"Day {day:%Y-%m-%d} is out of range: nothing was seen then.")
        return today
    return day


def bounds(day: date) -> tuple[datetime, datetime]:
    """The day's first and last instant in this home's time zone (23 or 25 hours long on
    the days the clocks change)."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return start, end


@login_required
def timeline(request):
    day = day_asked(request)
    show = request.GET.get("show", "all")
    if show not in SHOWN:
        messages.error(request, f"Show {show[:40]!r}: choose one of {', '.join(SHOWN)}.")
        show = "all"
    start, end = bounds(day)
    # told: its own alert, or an update of its incident's (folded); not a cooldown's match
    told = Alert.objects.filter(event=OuterRef("pk")).filter(
        Q(suppressed=False) | Q(folded_into__isnull=False)
    )
    found = (
        Event.objects.filter(started_at__gte=start, started_at__lt=end)
        .annotate(alerted=Exists(told))
        .order_by("started_at", "pk")
    )
    if show == "alerts":
        found = found.filter(alerted=True)
    elif show == "unreviewed":
        found = found.filter(reviewed=False)
    events = with_thumbnails(found[: MOST + 1])
    cut = len(events) > MOST
    events = events[:MOST]
    lanes = {camera.pk: {"camera": camera, "events": []} for camera in Camera.objects.all()}
    length = (end - start).total_seconds()

    def place(moment: datetime) -> float:  # percent of the day's width
        return round(100 * (moment - start).total_seconds() / length, 3)

    for order, event in enumerate(events):  # in time order: j/k follow it across the lanes
        event.order = order
        event.left = place(event.started_at)
        lanes[event.camera_id]["events"].append(event)
    hours = [
        {
            "label": f"{hour:02d}",
            "left": place(timezone.make_aware(datetime.combine(day, time(hour)))),
        }
        for hour in range(0, 24, 3)
    ]
    alerts = sum(event.alerted for event in events)
    return render(
        request,
        "web/timeline.html",
        {
            "day": day,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1) if day < timezone.localdate() else None,
            "show": show,
            "shown": SHOWN,
            "show_label": SHOWN[show],
            "lanes": list(lanes.values()),
            "events": events,
            "alerts": alerts,
            "detections": len(events) - alerts,
            "cut": cut,
            "most": MOST,
            "levels": LEVELS,
            "hours": hours,
        },
    )
