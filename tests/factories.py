"""Small builders for the rows the tests need, as the pipeline would leave them."""

import asyncio
import threading
import time
import uuid

from channels.layers import get_channel_layer
from django.utils import timezone

from analysis.tasks import close_due_batches
from cameras.models import Camera
from detection.models import Batch, Detection, MediaFile
from events.broadcast import EVENTS_GROUP
from events.models import Event


def camera(name: str = "Front Door", description: str = "") -> Camera:
    """A camera whose id comes from its name, as the watcher makes it: "front_door"."""
    return Camera.objects.create(
        id=name.lower().replace(" ", "_"), name=name, folder_path=name, description=description
    )


def event(cam: Camera, *, score: int = 75, summary: str = "Person at the front door") -> Event:
    return Event.objects.create(
        camera=cam, started_at=timezone.now(), risk_score=score, summary=summary
    )


def processed_upload(cam, label="person", confidence=0.8, box=(280, 200, 80, 200), batch=None):
    """A processed 640x480 upload with one detection, as the detect task leaves it."""
    now = timezone.now()
    media = MediaFile.objects.create(
        camera=cam,
        path=f"{cam.folder_path}/{uuid.uuid4().hex}.jpg",
        sha256=uuid.uuid4().hex * 2,
        kind="image",
        size=1000,
        captured_at=now,
        width=640,
        height=480,
        state="done",
    )
    Detection.objects.create(
        media=media, camera=cam, file_path=media.path, object_type=label, confidence=confidence,
        bbox_x=box[0], bbox_y=box[1], bbox_width=box[2], bbox_height=box[3], detected_at=now,
        batch=batch,
    )  # fmt: skip
    return media


def closed_batch(cam, labels=("person",)) -> Batch:
    """A batch closed by its window, one detection per label, waiting for its analysis."""
    now = timezone.now()
    batch = Batch.objects.create(
        camera=cam, opened_at=now, last_activity_at=now, closed_at=now, state=Batch.State.CLOSED
    )
    for label in labels:
        processed_upload(cam, label=label, batch=batch)
    return batch


class EventListener:
    """Subscribed to the events group of the real channel layer, as a web process is.

    The layer is used from one event loop of its own (in a thread), as in daphne; every
    listener is closed after its test (conftest)."""

    open: list["EventListener"] = []

    def __init__(self):
        EventListener.open.append(self)
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.layer = get_channel_layer()
        self.channel = self._run(self.layer.new_channel())
        self._run(self.layer.group_add(EVENTS_GROUP, self.channel))

    def close(self) -> None:
        self._run(self.layer.flush())
        self.loop.call_soon_threadsafe(self.loop.stop)

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def next(self, timeout: float = 15) -> dict:
        """The next published message ({"type": ..., "data": ...})."""
        return self._run(asyncio.wait_for(self.layer.receive(self.channel), timeout))["message"]


def beat_until(done, timeout=30.0) -> bool:
    """Run the close-due-batches beat task every 0.2 s, as beat would, until ``done()``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if done():
            return True
        close_due_batches.delay()
        time.sleep(0.2)
    return done()


def api_client_for(django_user_model, name: str, role):
    """A DRF test client authenticated as a new user given ``role`` (make_admin, make_member)."""
    from rest_framework.test import APIClient

    user = django_user_model.objects.create_user(name, password="pw-for-tests")
    role(user)
    client = APIClient()
    client.force_authenticate(user)
    return client
