"""The Exports page: ask for an export of the events a filter matches, follow its
progress live (``/ws/jobs/<id>/``), download it when done (reports/exports.py)."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date

from cameras.models import Camera
from events.models import Event
from reports.models import ExportJob
from reports.tasks import start_export


def filters_from(form) -> dict:
    """The events API's filters from the page's fields (calendar days are local days)."""
    filters = {name: form.get(name, "").strip() for name in ("camera", "risk_level", "search")}
    for field, name, days in (("date_from", "since", 0), ("date_to", "until", 1)):
        day = parse_date(form.get(field, "") or "") if form.get(field) else None
        if day:
            start = datetime.combine(day + timedelta(days=days), time.min)
            filters[name] = timezone.make_aware(start).isoformat()
    return {k: v for k, v in filters.items() if v}


def described(job: ExportJob, cameras: dict) -> str:
    f = job.filters
    parts = [cameras.get(f.get("camera"), "every camera"), f.get("risk_level", "every level")]
    if f.get("since") or f.get("until"):
        since = f.get("since", "")[:10] or "the start"
        parts.append(f"from {since}" + (f" to before {f['until'][:10]}" if f.get("until") else ""))
    if f.get("search"):
        parts.append(f"“{f['search']}”")
    return ", ".join(parts)


@login_required
def exports_page(request):
    if request.method == "POST":
        export_format = request.POST.get("format", "csv")
        if export_format not in ExportJob.Format.values:
            messages.error(request, "Choose CSV or ZIP.")
            return redirect("exports")
        try:
            start_export(request.user, export_format, filters_from(request.POST))
        except ValueError as exc:
            messages.error(request, f"Nothing exported: {exc}")
        else:
            messages.success(request, "Export started: its progress is below.")
        return redirect("exports")
    cameras = dict(Camera.objects.values_list("pk", "name"))
    jobs = list(ExportJob.objects.filter(owner=request.user)[:50])
    for job in jobs:
        job.described = described(job, cameras)
        job.percent = 100 * job.progress // job.total if job.total else 0
    return render(
        request,
        "web/exports.html",
        {
            "jobs": jobs,
            "cameras": cameras.items(),
            "levels": Event.RiskLevel.values,
            "formats": ExportJob.Format.choices,
        },
    )
