"""The Logs page (admins): the latest lines of every process and browser, filtered as
``/api/logs/`` filters them, with new lines appended live (``/ws/logs/``)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render

from homesec.models import LogEntry
from ops.logs import LEVELS, LogFilter

SHOWN = 200


@login_required
@permission_required("homesec.view_logentry", raise_exception=True)
def logs(request):
    query = request.GET.copy()
    query.setdefault("min_level", "INFO")
    found = LogFilter(query, queryset=LogEntry.objects.all())
    lines = list(found.qs.order_by("-at", "-id")[:SHOWN]) if found.is_valid() else []
    return render(
        request,
        "web/logs.html",
        {
            "lines": lines,
            "levels": LEVELS,
            "query": query,
            "shown": SHOWN,
            "errors": found.errors,
            "retention_days": settings.LOG_RETENTION_DAYS,
        },
    )
