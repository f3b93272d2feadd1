"""The Incidents pages (issue 17): one person or plate seen by several cameras within
minutes, newest first, and one incident's path through the cameras in order, each step
its event's time, camera, level, summary and picture. Anyone logged in may look."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from events.models import Event
from household import incidents
from household.models import Incident, Person, Vehicle
from household.plates import same_plate

from .views import PAGE_SIZE, with_thumbnails


@login_required
def incident_list(request):
    in_order = Event.objects.select_related("camera").order_by("started_at", "pk")
    found = Incident.objects.prefetch_related(Prefetch("events", queryset=in_order))
    page = Paginator(found.order_by("-started_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = list(page.object_list)
    named(shown)
    return render(request, "web/incidents.html", {"page": page, "incidents": shown})


@login_required
def incident_page(request, pk: int):
    incident = get_object_or_404(Incident, pk=pk)
    named([incident])
    steps = with_thumbnails(incidents.path(incident))
    return render(
        request,
        "web/incident.html",
        {
            "incident": incident,
            "steps": steps,
            "cameras": len({e.camera_id for e in steps}),
        },
    )


def named(found: list[Incident]) -> None:
    """Each incident's ``name`` as it reads now (a stranger named since; ``who`` where the
    person is gone), its ``person_id`` or, for a plate, the household's ``vehicle``."""
    keys = [incident.key.partition(":") for incident in found]
    ids = {int(value) for kind, _, value in keys if kind == "person" and value.isdigit()}
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    vehicles = list(Vehicle.objects.all())
    for incident, (kind, _, value) in zip(found, keys, strict=True):
        incident.person_id, incident.vehicle, incident.name = None, None, incident.who
        person = people.get(int(value)) if kind == "person" and value.isdigit() else None
        if person is not None:
            incident.person_id, incident.name = person.pk, person.display_name
        elif kind == "plate":
            incident.vehicle = next((v for v in vehicles if same_plate(value, v.plate)), None)
