"""A face or plate model that keeps failing is rested by a circuit shared by every worker:
batches are judged without it at once, and the System page, /ready and /metrics say it
runs degraded; a picture that cannot be read trips nothing."""

import pytest
from django.test import Client

from analysis import enrich
from detection.models import Detection
from homesec.circuit import PREFIX, CircuitBreaker
from homesec.store import redis_client
from household import faces
from ops import status
from tests.household.test_people_api import back_door  # noqa: F401  (fixture)

from .photos import ZIDANE, ZIDANE_BOX, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _closed():
    names = [f"{PREFIX}enrichment-faces:{part}" for part in ("failures", "opened", "probe")]
    redis_client().delete(*names)
    yield
    redis_client().delete(*names)


def a_person(cam) -> Detection:
    return Detection.objects.get(batch=upload(cam, ZIDANE.read_bytes(), [ZIDANE_BOX]))


def test_a_face_model_that_keeps_failing_is_rested_and_said_degraded(back_door, monkeypatch):  # noqa: F811
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("the face model crashed")

    monkeypatch.setattr(faces, "find_face", broken)
    for _ in range(5):
        assert enrich.enrich(a_person(back_door)) == {
            "look_for_face": "error: the face model crashed"
        }
    assert len(calls) == 5
    rested = enrich.enrich(a_person(back_door))
    assert rested == {"look_for_face": "skipped: the faces model is resting after failures"}
    assert len(calls) == 5  # not called while it rests
    said = "the faces model: circuit open (resting after failures)"
    assert said in Client().get("/ready").json()["degraded"]
    assert status.services()["circuits"] == {"status": "degraded", "message": said}


def test_a_picture_that_cannot_be_read_does_not_trip_the_circuit(back_door, monkeypatch):  # noqa: F811
    def unreadable(*args, **kwargs):
        raise OSError("cannot identify image file")

    monkeypatch.setattr(faces, "find_face", unreadable)
    for _ in range(6):
        assert enrich.enrich(a_person(back_door))["look_for_face"].startswith("error:")
    assert CircuitBreaker("enrichment-faces").state == "closed"


def test_a_detection_removed_before_its_enrichment_ran_is_skipped_quietly(caplog):
    """Retention (or a re-run) removed it while its message waited: nothing to add, and
    no error line with a traceback for each one."""
    from analysis.tasks import enrich_detection

    assert enrich_detection(987_654_321) == {"detection": 987_654_321, "gone": True}
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
