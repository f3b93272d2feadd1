"""One incident across cameras: the same person (by face, known or not) or the same plate
seen by another camera within INCIDENT_MINUTES links the events into one Incident, its
path the cameras in order. Each event of an incident points at its first event
(``Event.incident_lead``): the alert rules tell a later camera as an update of the first
one's alert. Called when a batch's event is recorded, before the rules see it; safe to
run twice."""

from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Max, Min

from events.models import Event

from .models import Face, Incident, PlateRead

INCIDENT_MINUTES = 5
LINKING_LOCK = 1718  # a PostgreSQL advisory lock: two cameras' events, one incident


def keys_of(event: Event) -> dict[str, str]:
    """The people and plates an event saw: {"person:3": "Unknown #3", "plate:AB12CDE": …}."""
    found = {}
    faces = Face.objects.filter(detection__events=event, person__isnull=False)
    for face in faces.select_related("person"):
        found[f"person:{face.person_id}"] = face.person.display_name
    plates = PlateRead.objects.filter(detection__events=event).exclude(text="")
    for text in plates.values_list("text", flat=True):
        found[f"plate:{text}"] = f"plate {text}"
    return found


def link(event: Event) -> list[Incident]:
    """Join or start the incidents of each person and plate this event saw."""
    linked = []
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LINKING_LOCK])
        for key, who in keys_of(event).items():
            incident = _link_one(event, key, who)
            if incident is not None:
                linked.append(incident)
        for incident in linked:
            events = path(incident)
            Event.objects.filter(pk__in=[e.pk for e in events]).update(incident_lead=events[0])
    return linked


def _link_one(event: Event, key: str, who: str) -> Incident | None:
    window = timedelta(minutes=INCIDENT_MINUTES)
    since, until = event.started_at - window, (event.ended_at or event.started_at) + window
    incident = Incident.objects.filter(key=key, ended_at__gte=since, started_at__lte=until).first()
    if incident is None:
        others = [e for e in _events_seeing(key, since, until) if e.pk != event.pk]
        if not any(e.camera_id != event.camera_id for e in others):
            return None  # one camera alone is not an incident across cameras
        incident = Incident.objects.create(
            key=key, who=who, started_at=event.started_at, ended_at=event.started_at
        )
        incident.events.add(*others)
    incident.events.add(event)
    span = incident.events.aggregate(first=Min("started_at"), last=Max("started_at"))
    Incident.objects.filter(pk=incident.pk).update(started_at=span["first"], ended_at=span["last"])
    return incident


def _events_seeing(key: str, since, until) -> list[Event]:
    kind, _, value = key.partition(":")
    if kind == "person":
        rows = Face.objects.filter(person_id=int(value), seen_at__range=(since, until))
    else:
        rows = PlateRead.objects.filter(text=value, seen_at__range=(since, until))
    batches = rows.exclude(detection=None).values_list("detection__batch_id", flat=True)
    return list(Event.objects.filter(batch_id__in=set(batches)))


def path(incident: Incident) -> list[Event]:
    return list(incident.events.select_related("camera").order_by("started_at", "pk"))
