from celery import shared_task

from homesec.recoverable import RecoverableTask

from .broadcast import EVENTS_GROUP, event_payload, publish
from .models import Event


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
    import logging

    from django.conf import settings

    from . import clips

    event = Event.objects.filter(pk=event_id).first()
    if event is None or not settings.CLIPS_ENABLED:
        return None
    path, seconds = clips.make(event)
    if path is not None:
        logging.getLogger(__name__).info(
            "clip of event %s: %s in %.2f s", event_id, path.name, seconds
        )
    return path.name if path else None
