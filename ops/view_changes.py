"""Telling the household that a camera's view changed (detection/view.py opens a change
with the first covered, turned, blurred or dark picture and closes it with the first
normal one): an operator alert to every alert channel when it opens, with the before
and after pictures, and one when it ends. Each is claimed and its deliveries stored in
one transaction, so each is told once, whatever runs twice; the beat's status round
calls this (ops/tasks.py collect_status)."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from detection.models import ViewChange

from . import operator

log = logging.getLogger(__name__)


def tell() -> int:
    """Tell what was not told yet; returns how many operator alerts were queued."""
    told = 0
    for change in ViewChange.objects.filter(told_at=None).select_related("camera"):
        told += _tell_once(change, "told_at", opened(change))
    ended = ViewChange.objects.filter(ended_at__isnull=False, told_at__isnull=False)
    for change in ended.filter(cleared_told_at=None).select_related("camera"):
        told += _tell_once(change, "cleared_told_at", cleared(change))
    return told


def _tell_once(change: ViewChange, field: str, item: dict) -> int:
    with transaction.atomic():
        claimed = ViewChange.objects.filter(pk=change.pk, **{field: None}).update(
            **{field: timezone.now()}
        )
        if claimed:
            operator.send(item)
    return claimed


def opened(change: ViewChange) -> dict:
    camera = change.camera
    return {
        "severity": "warning",
        "message": f"{camera.name}: the camera's view changed: {change.get_kind_display()}",
        "metric": "camera_view",
        "value": change.kind,
        "threshold": None,
        "camera_name": camera.name,
        "url": f"{settings.PUBLIC_URL}/cameras/{camera.pk}/",
        "images": {
            "before": _thumbnail(change.before_id),
            "after": _thumbnail(change.after_id),
        },
    }


def cleared(change: ViewChange) -> dict:
    camera = change.camera
    how = "accepted as its new view" if change.accepted else "back to normal"
    return {
        **opened(change),
        "severity": "info",
        "message": f"{camera.name}: the camera's view is {how} "
        f"(it was {change.get_kind_display()})",
    }


def _thumbnail(media_id: int | None) -> str | None:
    return f"{settings.PUBLIC_URL}/api/media/{media_id}/thumbnail/" if media_id else None
