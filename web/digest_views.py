"""Digest settings: which alert channels the daily digest goes to (admins choose)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from alerts.models import Channel
from homesec.audit import record
from reports.digest import latest
from reports.models import DigestSettings

from .permissions import post_needs


@login_required
@post_needs("alerts.change_channel")
def digest_settings(request):
    chosen = DigestSettings.current()
    if request.method == "POST":
        ids = [int(pk) for pk in request.POST.getlist("channels") if pk.isdigit()]
        chosen.channels.set(Channel.objects.filter(pk__in=ids))
        names = list(chosen.channels.values_list("name", flat=True))
        record("digest.channels", "digest settings", {"channels": names}, request=request)
        messages.success(request, f"The digest goes to: {', '.join(names) or 'no channel'}.")
        return redirect("digest-settings")
    picked = set(chosen.channels.values_list("pk", flat=True))
    return render(
        request,
        "web/digest_settings.html",
        {
            "channels": Channel.objects.order_by("name"),
            "picked": picked,
            "from_env": settings.DIGEST_CHANNELS,
            "hour": settings.DIGEST_HOUR,
            "digest": latest(),
        },
    )
