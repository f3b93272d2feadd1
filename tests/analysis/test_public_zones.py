"""A photo of someone only in a public zone is a passer-by, photo or clip (issue 31, item 2);
and the demo camera's first events read as a person would read its photos (item 6)."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from cameras import demo
from cameras.models import Zone
from detection.models import Detection
from tests.analysis.photos import BUS, BUS_BACK, BUS_BOX, BUS_PEOPLE, ZIDANE, judged, upload
from tests.factories import camera

pytestmark = pytest.mark.django_db

PAVEMENT = [[0, 0.6], [1, 0.6], [1, 1], [0, 1]]  # the lower part of the bus photo
BUS_FOURTH = (724, 536, 51, 288)  # darknet's fourth person in the bus photo (a small box)


def at_hour(hour: int) -> datetime:
    day = timezone.localtime() - timedelta(days=1)
    return day.replace(hour=hour, minute=5, second=0, microsecond=0)


def test_one_photo_of_a_person_only_on_the_pavement_at_night_is_low(broker):
    street = camera("Street")
    Zone.objects.create(camera=street, name="Pavement", kind="sidewalk", polygon=PAVEMENT)
    event = judged(upload(street, BUS, [BUS_BACK], at=at_hour(23)))
    assert event.risk_level == "low", event.factors
    assert "walked past on the sidewalk, not to the house (-30)" in event.factors


def test_the_same_person_at_the_door_at_night_is_not_low(broker):
    door = camera("Front Door")
    Zone.objects.create(camera=door, name="Front door", kind="entry_point", polygon=PAVEMENT)
    event = judged(upload(door, BUS, [BUS_BACK], at=at_hour(23)))
    assert event.risk_level in ("high", "critical"), event.factors


@pytest.mark.parametrize("hour", [1, 7, 13, 20])
def test_the_demos_street_photo_of_people_by_a_bus_is_not_high_at_any_hour(broker, hour):
    cam = demo.ensure_camera()
    batch = upload(cam, BUS, [*BUS_PEOPLE, BUS_BACK, BUS_FOURTH], at=at_hour(hour))
    first = Detection.objects.filter(batch=batch).first()
    Detection.objects.create(
        media=first.media, camera=cam, file_path=first.file_path, object_type="bus",
        confidence=0.9, bbox_x=BUS_BOX[0], bbox_y=BUS_BOX[1], bbox_width=BUS_BOX[2],
        bbox_height=BUS_BOX[3], detected_at=first.detected_at, batch=batch,
    )  # fmt: skip
    event = judged(batch)
    assert event.risk_level in ("low", "medium"), event.factors
    assert event.summary.startswith("4 people at Street (Demo Camera)")


def test_the_demo_camera_is_set_up_once_and_keeps_the_households_changes(broker):
    cam = demo.ensure_camera()
    assert (cam.pk, cam.name) == ("demo_camera", "Demo Camera")
    assert list(cam.zones.values_list("name", "kind")) == [("Street", "sidewalk")]
    cam.zones.all().delete()
    Zone.objects.create(camera=cam, name="Bus stop", kind="other", polygon=PAVEMENT)
    demo.ensure_camera()
    assert list(cam.zones.values_list("name", flat=True)) == ["Bus stop"]


def test_the_demos_other_photo_is_low(broker):
    from tests.analysis.photos import ANCELOTTI_BOX, ZIDANE_BOX

    event = judged(
        upload(demo.ensure_camera(), ZIDANE, [ZIDANE_BOX, ANCELOTTI_BOX], at=at_hour(22))
    )
    assert event.risk_level == "low", event.factors
