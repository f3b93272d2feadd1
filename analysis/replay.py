"""Judge a scene (analysis/scenes.py) as the pipeline would judge its batch — its rows
made (camera, zones, routine, household, uploads, detections with their zones, faces and
plates), its facts gathered, the judge asked — in one transaction that is rolled back:
nothing of the live system changes and nothing is published."""

import uuid
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from alerts.models import HouseMode
from cameras.models import Camera, Zone
from detection.models import Batch, Detection, MediaFile
from events.models import Event
from events.risk import risk_level_for
from household.models import ExpectedVisitor, Face, Household, Person, PlateRead, Vehicle

from .facts import batch_facts
from .judge import judge
from .observed import BatchFacts
from .zones import zones_of

SIDE = 1000  # a scene's image, in pixels: boxes are fractions of it


class _Discard(Exception):
    def __init__(self, facts: BatchFacts):
        self.facts = facts


def replay(scene: dict, *, words: bool = False) -> dict:
    """The event ``scene`` would make: score, level, summary, reasoning, factors.
    ``words``: ask the LLM too (when one is configured), as the batch's close would."""
    verdict = judge(facts_of(scene), ask_llm=words, images=[])
    return {
        "score": verdict["risk_score"],
        "level": risk_level_for(verdict["risk_score"]),
        "summary": verdict["summary"],
        "reasoning": verdict["reasoning"],
        "factors": verdict["factors"],
        "judged_by": verdict["judged_by"],
    }


def facts_of(scene: dict) -> BatchFacts:
    """The facts the pipeline would gather for ``scene``'s batch; every row made for them
    is rolled back."""
    zone = zoneinfo.ZoneInfo(scene["camera"].get("time_zone", settings.TIME_ZONE))
    try:
        with timezone.override(zone), transaction.atomic():
            camera = _camera(scene["camera"])
            household = scene.get("household", {})
            people = _household(household, scene.get("house_mode", "home"), camera)
            _history(camera, scene.get("history", {"new_install": True}))
            raise _Discard(batch_facts(camera, _detections(camera, scene, people)))
    except _Discard as done:
        return done.facts


def _camera(data: dict) -> Camera:
    key = f"replay-{uuid.uuid4().hex[:12]}"
    camera = Camera.objects.create(
        id=key, name=data["name"], folder_path=key, description=data.get("description", "")
    )
    Zone.objects.bulk_create(
        Zone(
            camera=camera,
            name=z["name"],
            kind=z["kind"],
            polygon=z["polygon"],
            priority=z.get("priority", 0),
        )
        for z in data["zones"]
    )
    return camera


def _household(data: dict, mode: str, camera: Camera) -> dict[str, Person]:
    """The scene's household in place of the live one (undone with the transaction); its
    people by name."""
    HouseMode.objects.update_or_create(pk=1, defaults={"mode": mode})
    Household.objects.update_or_create(pk=1, defaults={"context": data.get("context", "")})
    Vehicle.objects.all().delete()
    for vehicle in data.get("vehicles", []):
        Vehicle.objects.create(**vehicle)
    ExpectedVisitor.objects.update(enabled=False)
    zones = {zone.name: zone for zone in camera.zones.all()}
    for entry in data.get("expected", []):
        fields = {k: v for k, v in entry.items() if k not in ("zones", "start", "end")}
        made = ExpectedVisitor.objects.create(
            **fields, start_time=entry["start"], end_time=entry["end"]
        )
        made.cameras.set([camera])
        made.zones.set([zones[name] for name in entry.get("zones", [])])
    return {person["name"]: Person.objects.create(**person) for person in data.get("people", [])}


def _history(camera: Camera, data: dict) -> None:
    """The camera's routine as past events: ``events_per_hour[h]`` events at local hour h
    spread over the last ``days`` days."""
    if data.get("new_install"):
        return
    days, today = data["days"], timezone.localtime().replace(minute=30, second=0, microsecond=0)
    Camera.objects.filter(pk=camera.pk).update(created_at=today - timedelta(days=days))
    past = []
    for hour, count in enumerate(data["events_per_hour"]):
        for n in range(count):  # spread over the days watched, not bunched at the start
            at = (today - timedelta(days=1 + n * days // count)).replace(hour=hour)
            past.append(Event(camera=camera, started_at=at, risk_score=10, summary="routine"))
    Event.objects.bulk_create(past)


def _detections(camera: Camera, scene: dict, names: dict[str, Person]) -> list[Detection]:
    frames = sorted(scene["frames"], key=lambda frame: frame["at"])
    first, last = frames[0]["at"], frames[-1]["at"]
    batch = Batch.objects.create(
        camera=camera,
        opened_at=first,
        last_activity_at=last,
        closed_at=last,
        state=Batch.State.CLOSED,
    )
    zones = list(camera.zones.all())
    stranger = None
    made = []
    for index, frame in enumerate(frames):
        clip = frame.get("source") == "clip"
        kind = MediaFile.Kind.VIDEO if clip else MediaFile.Kind.IMAGE
        media = MediaFile.objects.create(
            camera=camera,
            path=f"{camera.pk}/{index}.{'mp4' if clip else 'jpg'}",
            sha256=uuid.uuid4().hex * 2,
            kind=kind,
            size=1,
            captured_at=frame["at"],
            width=SIDE,
            height=SIDE,
            state=MediaFile.State.DONE,
        )
        for box in frame["boxes"]:
            x, y, w, h = (round(v * SIDE) for v in box["box"])
            detection = Detection(
                media=media, camera=camera, batch=batch, file_path=media.path,
                object_type=box["class"], confidence=box.get("confidence", 0.9),
                bbox_x=x, bbox_y=y, bbox_width=w, bbox_height=h, detected_at=frame["at"],
                frame_seconds=(frame["at"] - first).total_seconds() if clip else None,
            )  # fmt: skip
            detection.zones = zones_of(detection, zones, SIDE, SIDE)
            detection.save()
            face = box.get("face")
            if face is not None:
                if face == "unfamiliar" and stranger is None:
                    stranger = Person.objects.create()
                person = names[face["person"]] if isinstance(face, dict) else None
                person = stranger if face == "unfamiliar" else person
                Face.objects.create(
                    detection=detection,
                    person=person,
                    seen_at=frame["at"],
                    embedding=None if person is None else [0.0] * 128,
                    distance=None if person is None else 0.35,
                    camera_id=camera.pk,
                )
            if box.get("plate"):
                PlateRead.objects.create(
                    detection=detection,
                    text=box["plate"],
                    confidence=0.9,
                    camera_id=camera.pk,
                    seen_at=frame["at"],
                )
            made.append(detection)
    return list(
        Detection.objects.filter(pk__in=[d.pk for d in made])
        .select_related("media")
        .order_by("detected_at", "pk")
    )
