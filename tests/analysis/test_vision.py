"""HOMESEC_LLM_VISION=on (the GPU path): the LLM request carries the batch's best frames
as base64 JPEG image_url parts beside the facts, bounded in count and size; a real local
HTTP server decodes what it receives."""

import pytest
from django.conf import settings
from PIL import Image

from analysis import vision
from analysis.tasks import analyze_batch
from detection.models import MediaFile
from events.models import Event
from runner import processes
from tests.factories import camera, closed_batch, processed_upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeing_llm(settings, llm_server, camera_root):
    settings.LLM_ENABLED, settings.LLM_URL, settings.LLM_RETRIES = True, llm_server.url, 0
    settings.LLM_VISION, settings.LLM_VISION_IMAGES, settings.LLM_VISION_MAX_SIDE = True, 2, 768
    return llm_server


def upload(cam, batch, label: str, size: tuple[int, int], confidence=0.8) -> MediaFile:
    """A processed upload whose original is a real JPEG of ``size`` in the camera root."""
    media = processed_upload(cam, label=label, confidence=confidence, batch=batch)
    path = settings.CAMERA_ROOT / media.path
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (90, 120, 150)).save(path, "JPEG")
    return media


def asked_with(server, batch) -> dict:
    analyze_batch.delay([], batch.pk).get(timeout=10)
    assert processes.wait_until(
        lambda: Event.objects.filter(batch=batch, analysis_source="llm").exists(), timeout=15
    )
    return server.requests[-1]


def test_the_llm_sees_the_best_frames_bounded_in_count_and_size(seeing_llm, celery_worker):
    cam = camera("Back Door")
    batch = closed_batch(cam, labels=())
    upload(cam, batch, "dog", (800, 800), confidence=0.95)
    upload(cam, batch, "car", (960, 1280))
    upload(cam, batch, "person", (1280, 960), confidence=0.6)
    request = asked_with(seeing_llm, batch)
    # The person's frame first, then the car's; the dog's is past the bound of 2.
    assert seeing_llm.images[-1] == [("JPEG", (768, 576)), ("JPEG", (576, 768))]
    text, *images = request["messages"][-1]["content"]
    assert text["type"] == "text"
    assert "- person: up to 1 at once" in text["text"]
    assert [part["type"] for part in images] == ["image_url", "image_url"]


def test_an_unreadable_frame_is_skipped_and_the_next_best_is_sent(seeing_llm, celery_worker):
    cam = camera("Back Door")
    batch = closed_batch(cam, labels=())
    upload(cam, batch, "dog", (640, 480))
    person = upload(cam, batch, "person", (1280, 960))
    (settings.CAMERA_ROOT / person.path).write_bytes(b"not a jpeg")
    asked_with(seeing_llm, batch)
    assert seeing_llm.images[-1] == [("JPEG", (640, 480))]
    assert Event.objects.get(batch=batch).analysis_source == "llm"


def test_without_vision_the_request_is_the_facts_alone(settings, llm_server, camera_root,
                                                       celery_worker):  # fmt: skip
    settings.LLM_ENABLED, settings.LLM_URL, settings.LLM_RETRIES = True, llm_server.url, 0
    assert settings.LLM_VISION is False  # the default: no vision model ships in a package
    cam = camera("Back Door")
    batch = closed_batch(cam, labels=())
    upload(cam, batch, "person", (1280, 960))
    request = asked_with(llm_server, batch)
    assert isinstance(request["messages"][-1]["content"], str)
    assert llm_server.images[-1] == []
    assert vision.images(list(batch.detections.all())) == []
