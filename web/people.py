"""The People and Vehicles pages (issue 17): faces seen, grouped into people; name them and
say who they are, merge two, forget one; enrol from an event's face; the household's
vehicles by their plate. Every change is an admin's and is in the audit log."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from homesec.audit import record
from household import incidents, people
from household.api import enrol as enrol_face
from household.models import Face, Person, PlateRead, Vehicle
from household.plates import same_plate

from .permissions import post_needs
from .setup_views import audited_save

FACES_SHOWN = 6
ENROL_ROLES = [(v, label) for v, label in Person.Role.choices if v != Person.Role.UNKNOWN]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "role"]


class VehicleForm(forms.ModelForm):
    class Meta:
        model = Vehicle
        fields = ["plate", "name", "role"]


@login_required
def people_page(request):
    found = list(people.summaries(Person.objects.all()).order_by("-last_seen", "-pk"))
    for person in found:
        person.shown = list(person.faces.exclude(crop_path="").order_by("-seen_at")[:FACES_SHOWN])
        person.cameras = people.cameras_of(person)
        person.form = PersonForm(instance=person, prefix=f"p{person.pk}")
    return render(request, "web/people.html", {"people": found})


@login_required
@require_POST
@post_needs("household.change_person")
def person_update(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    form = PersonForm(request.POST, instance=person, prefix=f"p{pk}")
    if form.is_valid():
        audited_save(form, "person.update", request)
        messages.success(request, f"Saved: {person.display_name}, {person.get_role_display()}.")
    else:
        messages.error(request, f"Not saved: {form.errors.as_text()}")
    return redirect(f"{reverse('people')}#person-{pk}")


@login_required
@require_POST
@post_needs("household.change_person")
def person_merge(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    other = Person.objects.filter(pk=request.POST.get("other") or 0).first()
    if other is None or other.pk == person.pk:
        messages.error(request, "Pick another person to merge.")
        return redirect("people")
    name = other.display_name
    moved = people.merge(person, other)
    record(
        "person.merge",
        f"person {person.pk}: {person}",
        {"other": other.pk, "faces": moved},
        request=request,
    )
    messages.success(request, f"{name} merged into {person.display_name} ({moved} faces).")
    return redirect(f"{reverse('people')}#person-{pk}")


@login_required
@require_POST
@post_needs("household.delete_person")
def person_forget(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    name = person.display_name
    deleted = people.forget(person)
    record("person.forget", f"person {pk}: {name}", {"faces": deleted}, request=request)
    messages.success(request, f"{name} forgotten: {deleted} faces and their pictures deleted.")
    return redirect("people")


@login_required
@require_POST
@post_needs("household.change_person")
def face_enrol(request, pk: int):
    """From an event's page: say who this face is."""
    face = get_object_or_404(Face, pk=pk)
    name = (request.POST.get("name") or "").strip()[:100]
    role = request.POST.get("role")
    if not name or role not in Person.Role.values or not face.visible:
        messages.error(request, "Give a name and a role for a face that was seen.")
    else:
        person = enrol_face(face, name=name, role=role)
        record(
            "person.enrol",
            f"person {person.pk}: {person}",
            {"face": face.pk, "name": name, "role": role},
            request=request,
        )
        messages.success(request, f"Enrolled: {name}. Their next visit will say so.")
    back = request.POST.get("next") or ""
    return redirect(back if back.startswith("/events/") else "people")


@login_required
@require_POST
@post_needs("household.change_person")
def face_split(request, pk: int):
    """From the People page: this face is someone else; it becomes a new unknown person."""
    face = get_object_or_404(Face.objects.select_related("person"), pk=pk)
    was = face.person
    if not face.visible or was is None or was.faces.count() < 2:
        messages.error(request, "Only a face of a person seen more than once can be split off.")
        return redirect("people")
    person = people.split(face)
    record("face.split", f"face {face.pk}", {"person": person.pk}, request=request)
    messages.success(request, f"Split off from {was.display_name}: now {person.display_name}.")
    return redirect(f"{reverse('people')}#person-{person.pk}")


@login_required
@post_needs("household.add_vehicle")
def vehicles_page(request):
    form = VehicleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        audited_save(form, "vehicle.create", request)
        messages.success(request, f"Vehicle “{form.instance}” saved.")
        return redirect("vehicles")
    reads = PlateRead.objects.exclude(text="").order_by("-seen_at")[:30]
    return render(
        request,
        "web/vehicles.html",
        {
            "form": form,
            "vehicles": Vehicle.objects.all(),
            "reads": reads,
        },
    )


@login_required
@require_POST
@post_needs("household.delete_vehicle")
def vehicle_delete(request, pk: int):
    vehicle = get_object_or_404(Vehicle, pk=pk)
    record("vehicle.delete", f"vehicle {pk}: {vehicle}", request=request)
    vehicle.delete()
    messages.success(request, f"Vehicle “{vehicle}” deleted.")
    return redirect("vehicles")


def who(detections) -> None:
    """Each detection's ``face`` or ``plate`` read, for the event page (one query each)."""
    ids = [d.pk for d in detections]
    faces = {
        f.detection_id: f
        for f in Face.objects.filter(detection_id__in=ids).select_related("person")
    }
    plates = {p.detection_id: p for p in PlateRead.objects.filter(detection_id__in=ids)}
    vehicles = list(Vehicle.objects.all())
    for detection in detections:
        detection.seen_face = faces.get(detection.pk)
        face = detection.seen_face
        detection.similarity = 1 - face.distance if face and face.distance is not None else None
        detection.plate_read = plates.get(detection.pk)
        read = detection.plate_read
        detection.vehicle = read and read.text and _vehicle(read.text, vehicles)


def _vehicle(text: str, vehicles):
    return next((v for v in vehicles if same_plate(text, v.plate)), None)


def incidents_of(event) -> list[dict]:
    """The incidents an event is part of, each with its path through the cameras."""
    return [
        {"incident": incident, "path": incidents.path(incident)}
        for incident in event.incidents.all()
    ]
