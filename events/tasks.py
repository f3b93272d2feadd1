from celery import shared_task

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
