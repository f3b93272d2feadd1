"""Small builders for rows the tests need."""

from django.utils import timezone

from cameras.models import Camera
from events.models import Event


def camera(camera_id: str = "front_door", name: str = "Front Door") -> Camera:
    return Camera.objects.create(id=camera_id, name=name, folder_path=name)


def event(cam: Camera, *, score: int = 75, summary: str = "Person at the front door") -> Event:
    return Event.objects.create(
        camera=cam, started_at=timezone.now(), risk_score=score, summary=summary
    )
