"""Scenes: one batch as the judge sees it — the camera and its zones, its routine, the
house mode, the household, and the frames with their boxes — in a JSON file a person can
read, write and send (docs/scenes.md; the schema is scene.schema.json beside this file).

``load`` checks a scene and says which field is wrong; ``export`` writes a real event's
scene; analysis/replay.py judges one."""

import json
import zoneinfo
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import jsonschema
from django.conf import settings
from django.db.models.functions import ExtractHour
from django.utils import timezone

from alerts.models import HouseMode
from events.models import Event
from household.models import ExpectedVisitor, Face, Household, Person, PlateRead, Vehicle
from household.plates import normalise

from .routine import WINDOW_DAYS as HISTORY_DAYS

SCHEMA = Path(__file__).with_name("scene.schema.json")


class SceneError(ValueError):
    """A scene that cannot be judged: the message names the field."""


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))


def load(text: str) -> dict:
    """The scene in ``text``, checked; SceneError names the first wrong field."""
    try:
        scene = json.loads(text, parse_constant=_no_constant)
    except (json.JSONDecodeError, SceneError) as exc:
        raise SceneError(f"not JSON: {exc}") from None
    error = jsonschema.exceptions.best_match(_validator().iter_errors(scene))
    if error is not None:
        raise SceneError(f"{_where(error.absolute_path)}: {error.message}")
    _check_meaning(scene)
    return scene


def _no_constant(name: str):
    raise SceneError(f"{name} is not a number a scene may hold")


def _where(path) -> str:
    text = "scene"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _check_meaning(scene: dict) -> None:
    """What the schema cannot say: a real time zone, times that parse, names that exist."""
    camera = scene["camera"]
    name = camera.get("time_zone", settings.TIME_ZONE)
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise SceneError(f"scene.camera.time_zone: unknown time zone {name!r}") from None
    names = [z["name"] for z in camera["zones"]]
    if len(set(names)) != len(names):
        raise SceneError("scene.camera.zones: two zones have the same name")
    household = scene.get("household", {})
    for i, entry in enumerate(household.get("expected", [])):
        for name in entry.get("zones", []):
            if name not in names:
                raise SceneError(f"scene.household.expected[{i}].zones: no zone {name!r}")
    people = [p["name"] for p in household.get("people", [])]
    if len(set(people)) != len(people):
        raise SceneError("scene.household.people: two people have the same name")
    plates = [normalise(v["plate"]) for v in household.get("vehicles", [])]
    if len(set(plates)) != len(plates) or "" in plates:
        raise SceneError("scene.household.vehicles: two plates read the same, or one is empty")
    for i, frame in enumerate(scene["frames"]):
        frame["at"] = _moment(frame["at"], zone, f"scene.frames[{i}].at")
        for j, box in enumerate(frame["boxes"]):
            face = box.get("face")
            if isinstance(face, dict) and face["person"] not in people:
                raise SceneError(
                    f"scene.frames[{i}].boxes[{j}].face.person: {face['person']!r} is not "
                    "one of household.people"
                )


def _moment(text: str, zone, field: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise SceneError(f"{field}: not an ISO 8601 time: {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def export(event: Event) -> dict:
    """The scene the judge saw for ``event``: its detections as frames (boxes as fractions
    of their image), the camera's zones, its routine before the event, the house mode,
    and the household facts that applied (names, vehicles, expected visitors)."""
    camera = event.camera
    detections = list(
        event.detections.select_related("media", "face__person", "plate").order_by(
            "detected_at", "pk"
        )
    )
    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    frames: dict[tuple, dict] = {}
    for d in detections:
        key = (d.detected_at, d.media_id, d.frame_seconds)
        frame = frames.setdefault(
            key,
            {
                "at": d.detected_at.astimezone(local).isoformat(),
                "source": "clip" if d.frame_seconds is not None else "photo",
                "boxes": [],
            },
        )
        frame["boxes"].append(_box(d))
    people = sorted(
        {
            (face.person.display_name, face.person.role)
            for d in detections
            if (face := _face_of(d)) and face.person and _known(face.person)
        }
    )
    scene = {
        "scene": 1,
        "name": f"event {event.pk}: {event.summary}"[:200],
        "camera": {
            "name": camera.name,
            "description": camera.description,
            "time_zone": settings.TIME_ZONE,
            "zones": [
                {"name": z.name, "kind": z.kind, "polygon": z.polygon, "priority": z.priority}
                for z in camera.zones.all()
            ],
        },
        "history": _history(camera, event.started_at),
        "house_mode": HouseMode.current(),
        "household": {
            "context": Household.current().context,
            "people": [{"name": name, "role": role} for name, role in people],
            "vehicles": [
                {"plate": v.plate, "name": v.name, "role": v.role} for v in Vehicle.objects.all()
            ],
            "expected": [x for e in _expected_at(camera) if (x := _expected(e, camera))],
        },
        "frames": list(frames.values()),
    }
    load(json.dumps(scene))  # what it writes, replay reads: SceneError says what is wrong
    return scene


def _box(d) -> dict:
    width, height = d.media.width or 1, d.media.height or 1
    box = {
        "class": d.object_type,
        "confidence": round(d.confidence, 4),
        "box": [
            round(d.bbox_x / width, 6),
            round(d.bbox_y / height, 6),
            round(d.bbox_width / width, 6),
            round(d.bbox_height / height, 6),
        ],
    }
    face = _face_of(d)
    if face is not None:
        if face.person is None:
            box["face"] = "not visible"
        elif _known(face.person):
            box["face"] = {"person": face.person.display_name}
        else:
            box["face"] = "unfamiliar"
    try:
        if d.plate.text:
            box["plate"] = d.plate.text
    except PlateRead.DoesNotExist:
        pass
    return box


def _known(person: Person) -> bool:
    """As household/identities.py tells them: named, or given a role."""
    return bool(person.name) or person.role != Person.Role.UNKNOWN


def _face_of(d) -> Face | None:
    try:
        return d.face
    except Face.DoesNotExist:
        return None


def _history(camera, before: datetime) -> dict:
    """Events of the camera in each local hour over the days before ``before``."""
    since = before - timedelta(days=HISTORY_DAYS)
    past = Event.objects.filter(camera=camera, started_at__gte=since, started_at__lt=before)
    first = past.order_by("started_at").values_list("started_at", flat=True).first()
    watched_since = min(t for t in (first, camera.created_at) if t is not None)
    days = min(HISTORY_DAYS, (before - watched_since).days)
    if days < 1:
        return {"new_install": True}
    hours = past.annotate(
        hour=ExtractHour("started_at", tzinfo=timezone.get_current_timezone())
    ).values_list("hour", flat=True)
    counts = [0] * 24
    for hour in hours:
        counts[hour] += 1
    return {"days": days, "events_per_hour": counts}


def _expected_at(camera) -> list[ExpectedVisitor]:
    """The enabled schedule entries that can apply to ``camera`` (none named: any)."""
    entries = ExpectedVisitor.objects.filter(enabled=True).prefetch_related("cameras", "zones")
    return [e for e in entries if not e.cameras.all() or camera in e.cameras.all()]


def _expected(entry: ExpectedVisitor, camera) -> dict | None:
    """The entry as a scene says it; None when it names zones, none of them this camera's
    (live, it cannot match here; a scene without zones would mean anywhere)."""
    zones = [z.name for z in entry.zones.all() if z.camera_id == camera.pk]
    if entry.zones.all() and not zones and not entry.zone_kinds:
        return None
    return {
        "name": entry.name,
        "kind": entry.kind,
        "object_types": entry.object_types,
        "days": entry.days,
        "start": entry.start_time.strftime("%H:%M"),
        "end": entry.end_time.strftime("%H:%M"),
        "zones": zones,
        "zone_kinds": entry.zone_kinds,
    }
