"""Rows in an old install's tables, written with the models as its migrations left them
(``write``, under tests/legacy_migrations/settings.py), and read back with today's models
after the upgrade (``read``). Run through ``manage.py shell -c``; each prints JSON."""

import json
from datetime import UTC, datetime

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


def write() -> None:
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    old = MigrationLoader(connection).project_state().apps
    model = old.get_model
    camera = model("cameras", "Camera").objects.create(
        id="back", name="Back door", folder_path="back"
    )
    zone = model("cameras", "Zone").objects.create(
        camera=camera, name="Door", kind="entry_point", polygon=[[0, 0], [1, 0], [1, 1]]
    )
    batch = model("analysis", "Batch").objects.create(
        camera=camera, opened_at=NOW, last_activity_at=NOW, state="analyzed"
    )
    media = model("detection", "MediaFile").objects.create(
        camera=camera, path="back/1.jpg", sha256="a" * 64, kind="image", size=1, captured_at=NOW
    )
    detection = model("detection", "Detection").objects.create(
        media=media, camera=camera, batch=batch, file_path="back/1.jpg", object_type="person",
        confidence=0.9, bbox_x=1, bbox_y=2, bbox_width=3, bbox_height=4, detected_at=NOW,
    )  # fmt: skip
    event = model("events", "Event").objects.create(
        camera=camera, batch=batch, started_at=NOW, risk_score=70, risk_level="high",
        summary="Unfamiliar person at the back door", detection_ids=[detection.pk, 999999],
    )  # fmt: skip
    person = model("analysis", "Person").objects.create(name="Sam", role="household")
    face = model("analysis", "Face").objects.create(
        detection=detection, person=person, embedding=[0.5] * 128, seen_at=NOW, camera_id="back"
    )
    car = model("analysis", "Vehicle").objects.create(plate="AB12CDE", name="Family car")
    read = model("analysis", "PlateRead").objects.create(text="AB12CDE", seen_at=NOW)
    incident = model("analysis", "Incident").objects.create(
        key=f"person:{person.pk}", who="Sam", started_at=NOW, ended_at=NOW
    )
    incident.events.add(event)
    visitor = model("analysis", "ExpectedVisitor").objects.create(
        name="Gardener", start_time="09:00", end_time="12:00", days=["tue"]
    )
    visitor.cameras.add(camera)
    visitor.zones.add(zone)
    model("analysis", "Household").objects.create(pk=1, context="We have a dog.")
    model("analysis", "PromptVersion").objects.create(version="v1", sha256="b" * 64, text="…")
    # What the old code had made of the content types: the models under analysis, and a
    # member allowed to change people through that content type.
    ContentType = model("contenttypes", "ContentType")
    moved = ["batch", "person", "face", "vehicle", "plateread", "incident", "expectedvisitor",
             "household"]  # fmt: skip
    ContentType.objects.filter(app_label__in=["detection", "household"], model__in=moved).delete()
    for name in moved:
        ContentType.objects.get_or_create(app_label="analysis", model=name)
    person_type = ContentType.objects.get(app_label="analysis", model="person")
    permission, _ = model("auth", "Permission").objects.get_or_create(
        content_type=person_type, codename="change_person", defaults={"name": "Can change person"}
    )
    user = model("auth", "User").objects.create(username="sam")
    user.user_permissions.add(permission)
    print(json.dumps({
        "batch": batch.pk, "detection": detection.pk, "event": event.pk, "person": person.pk,
        "face": face.pk, "vehicle": car.pk, "plate_read": read.pk, "incident": incident.pk,
        "visitor": visitor.pk, "camera": camera.pk, "zone": zone.pk,
    }))  # fmt: skip


def read() -> None:
    from django.contrib.auth.models import User

    from detection.models import Batch, Detection
    from events.models import Event
    from household.models import (
        ExpectedVisitor, Face, Household, Incident, Person, PlateRead, Vehicle,
    )  # fmt: skip

    event = Event.objects.get()
    face = Face.objects.select_related("person", "detection").get()
    visitor = ExpectedVisitor.objects.get()
    print(json.dumps({
        "batch": Batch.objects.get().pk,
        "event batch": event.batch_id,
        "event detections": list(event.detections.values_list("pk", flat=True)),
        "detection batch": Detection.objects.get().batch_id,
        "face": [face.pk, face.person.name, face.detection_id, len(face.embedding)],
        "person": Person.objects.get().pk,
        "vehicle": [Vehicle.objects.get().pk, Vehicle.objects.get().plate],
        "plate_read": PlateRead.objects.get().pk,
        "incident events": [list(i.events.values_list("pk", flat=True)) for i in Incident.objects.all()],
        "visitor": [visitor.pk, [c.pk for c in visitor.cameras.all()], [z.pk for z in visitor.zones.all()]],
        "household": Household.current().context,
        "sam may change people": User.objects.get(username="sam").has_perm("household.change_person"),
    }))  # fmt: skip
