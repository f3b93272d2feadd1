"""The batch chord in a real analysis worker process: the face models are loaded when the
process starts, each person's face is enriched in the chord's header, and the event the
body publishes already says who it was."""

import pytest
from django.conf import settings

from analysis.tasks import launch_analysis
from events.models import Event
from household.models import Face, Person
from runner.processes import wait_until
from tests.analysis.photos import ZIDANE, ZIDANE_BOX, upload
from tests.conftest import worker_process
from tests.factories import camera
from tests.servers import RUN_DIR

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_chord_in_a_worker_finds_the_face_and_the_event_names_the_person(camera_root):
    roots = {
        "HOMESEC_CAMERA_ROOT": str(settings.CAMERA_ROOT),
        "HOMESEC_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    cam = camera("Front Door")
    first = upload(cam, ZIDANE.read_bytes(), [ZIDANE_BOX])
    log = RUN_DIR / "logs" / "people-test.log"
    start = log.stat().st_size if log.exists() else 0
    with worker_process("people", "analysis", **roots):
        assert wait_until(
            lambda: "enrichment models loaded: {'faces'" in log.read_text()[start:], timeout=60
        )
        launch_analysis(first.pk)
        assert wait_until(lambda: Event.objects.filter(batch=first).exists(), timeout=60)
        Person.objects.update(name="Zinedine", role="household")
        second = upload(cam, ZIDANE.read_bytes(), [ZIDANE_BOX])
        launch_analysis(second.pk)
        assert wait_until(lambda: Event.objects.filter(batch=second).exists(), timeout=60)
    assert Face.objects.filter(person__name="Zinedine").count() == 2
    assert Event.objects.get(batch=second).summary.startswith("Zinedine")
