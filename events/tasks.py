import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from homesec.reconcile import claim
from homesec.recoverable import RecoverableTask

from . import clips
from .broadcast import EVENTS_GROUP, event_payload, publish
from .models import Event

log = logging.getLogger(__name__)


@shared_task
def broadcast_event(event_id: int, *, updated: bool = False) -> bool:
    """Push an event to every open dashboard. Returns False when the event is gone."""
    event = Event.objects.select_related("camera").filter(pk=event_id).first()
    if event is None:
        return False
    publish(EVENTS_GROUP, "event_updated" if updated else "event", event_payload(event))
    return True


@shared_task(ignore_result=True, base=RecoverableTask)
def make_clip(event_id: int) -> str | None:
    """The event's MP4 (events/clips.py), after it was published: queue ``media``. Made
    anew each run; a clip that cannot be made is dead-lettered, to requeue."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None or not settings.CLIPS_ENABLED:
        return None
    began = timezone.now()  # a change to the event after this makes it again
    path, seconds = clips.make(event)
    Event.objects.filter(pk=event_id).update(clip_made_at=began)
    if path is not None:
        log.info("clip of event %s: %s in %.2f s", event_id, path.name, seconds)
    return path.name if path else None


CLIPS_WITHIN = timedelta(days=1)  # older events' clips are not made after the fact
CLIP_REQUEUE_AFTER = timedelta(minutes=10)  # a clip requeued waits this long for its turn


@shared_task(ignore_result=True)
def reconcile_clips(older_than: float = 60) -> int:
    """Beat: make again the clips of events published ``older_than`` seconds ago (or
    changed since their clip) whose clip was never made, its message lost; claimed, each
    requeued once per CLIP_REQUEUE_AFTER; a dead-lettered one is a person's to requeue.
    Returns how many."""
    if not settings.CLIPS_ENABLED:
        return 0
    now = timezone.now()
    unmade = Q(clip_made_at__isnull=True) | Q(clip_made_at__lt=F("updated_at"))
    shown = Exists(Event.detections.through.objects.filter(event_id=OuterRef("pk")))
    found = Event.objects.filter(unmade, shown).filter(
        updated_at__lt=now - timedelta(seconds=older_than), updated_at__gte=now - CLIPS_WITHIN
    )
    events = claim(
        found.order_by("updated_at"),
        "clip_requeued_at",
        every=CLIP_REQUEUE_AFTER,
        task_name=make_clip.name,
    )
    for event_id in events:
        make_clip.delay(event_id)
    return len(events)
