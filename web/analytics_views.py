"""The Analytics page: the events of the last 7 or 30 days as charts (reports/analytics.py)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from reports.analytics import LEVELS, analytics

CHOICES = (7, 30)


@login_required
def analytics_page(request):
    days = int(request.GET.get("days", 7)) if request.GET.get("days") in ("7", "30") else 7
    data = analytics(days)
    charts = [
        ("by_day", "Events per day", "Day"),
        ("by_hour", "Events by hour of day", "Hour"),
        ("by_camera", "Events by camera", "Camera"),
        ("by_class", "Events by class seen", "Class"),
    ]
    return render(request, "web/analytics.html", {
        "data": data, "days": days, "choices": CHOICES, "levels": LEVELS,
        "charts": [{"id": key, "title": title, "column": column, "rows": data[key]}
                   for key, title, column in charts],
    })  # fmt: skip
