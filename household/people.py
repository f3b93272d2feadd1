"""Faces grouped into people: a new face joins the person of the nearest face seen before
when their embeddings are closer than HOMESEC_FACE_MATCH_DISTANCE, else it starts a new
"Unknown #n". Merge, split and forget are here too; the API and pages call them."""

import contextlib
import logging
import os
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Min

from homesec.paths import OutsideRoot, inside

from .models import Face, Person

log = logging.getLogger(__name__)
NEAREST_AMONG = 5000  # the newest faces of people compared with a new face
GROUPING_LOCK = 1717  # a PostgreSQL advisory lock: two faces of one stranger, one group


def nearest(embedding, *, exclude: int | None = None) -> tuple[int, float] | None:
    """The person of the nearest known face, and its distance."""
    rows = Face.objects.filter(person__isnull=False, embedding__isnull=False)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    rows = list(rows.order_by("-seen_at").values_list("person_id", "embedding")[:NEAREST_AMONG])
    if not rows:
        return None
    found = np.linalg.norm(np.array([e for _, e in rows]) - np.asarray(embedding), axis=1)
    best = int(np.argmin(found))
    return rows[best][0], float(found[best])


def assign(face: Face) -> Person:
    """Put a visible face with its person (the nearest under the threshold) or a new one."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [GROUPING_LOCK])
        match = nearest(face.embedding, exclude=face.pk)
        if match and match[1] < settings.FACE_MATCH_DISTANCE:
            person = Person.objects.get(pk=match[0])
        else:
            person = Person.objects.create()
        face.person, face.distance = person, match[1] if match else None
        face.save(update_fields=["person", "distance"])
    return person


def summaries(people):
    """People with how often, first and last seen, and on which cameras."""
    return people.annotate(
        seen=Count("faces"), first_seen=Min("faces__seen_at"), last_seen=Max("faces__seen_at")
    )


def cameras_of(person: Person) -> list[str]:
    return sorted(set(person.faces.exclude(camera_id="").values_list("camera_id", flat=True)))


def merge(into: Person, other: Person) -> int:
    """Every face of ``other`` becomes ``into``'s; ``other`` is gone. Returns faces moved."""
    if into.pk == other.pk:
        return 0
    with transaction.atomic():
        moved = Face.objects.filter(person=other).update(person=into)
        if not into.name and other.name:
            into.name, into.role = other.name, other.role
            into.save(update_fields=["name", "role", "updated_at"])
        other.delete()
    return moved


def split(face: Face) -> Person:
    """The face leaves its person for a new unnamed one (it was someone else)."""
    with transaction.atomic():
        person = Person.objects.create()
        Face.objects.filter(pk=face.pk).update(person=person, distance=None)
    return person


def remove_face(face: Face) -> None:
    _delete_file(face.crop_path)
    face.delete()


def forget(person: Person) -> int:
    """Every embedding and crop of the person, and the person: gone. Returns faces deleted."""
    faces = list(Face.objects.filter(person=person))
    for face in faces:
        _delete_file(face.crop_path)
    with transaction.atomic():
        Face.objects.filter(person=person).delete()
        person.delete()
    return len(faces)


def _delete_file(relative: str) -> None:
    try:
        path = inside(settings.MEDIA_ROOT, relative)
    except OutsideRoot:
        log.warning("face crop outside the media root not deleted: %r", relative)
        return
    if path is not None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def expired_faces(cutoff):
    """Retention: faces older than ``cutoff`` that no one named (an unknown group's, or
    not visible). A named person's faces are kept until they are forgotten."""
    from django.db.models import Q

    return Face.objects.filter(seen_at__lt=cutoff).filter(
        Q(person__isnull=True) | Q(person__name="", person__role=Person.Role.UNKNOWN)
    )


def drop_empty_unknowns() -> int:
    """Unknown groups left with no face (retention took them all)."""
    empty = Person.objects.filter(name="", role=Person.Role.UNKNOWN, faces__isnull=True)
    return empty.delete()[0]


def crop_name(detection_id: int) -> str:
    return f"faces/{detection_id % 100:02d}/{detection_id}.jpg"


def save_crop(image, detection_id: int) -> str:
    relative = crop_name(detection_id)
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f"{target.stem}.{os.getpid()}.tmp")
    image.save(temporary, "JPEG", quality=85)
    temporary.replace(target)
    return relative
