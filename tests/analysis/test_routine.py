""" "Unusual at this hour" only once a camera has learned its routine (issue 31, item 5): a
new camera's events say it is still learning; one with weeks of history still gets it."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from analysis.routine import LEARNING, MIN_DAYS, MIN_EVENTS, QUIET_DAYS, History, history
from analysis.tasks import analyze_batch, enrich_detection
from cameras.models import Camera, Zone
from detection.models import Detection
from events.models import Event
from tests.factories import camera, closed_batch

pytestmark = pytest.mark.django_db

WHOLE_IMAGE = [[0, 0], [1, 0], [1, 1], [0, 1]]
UNUSUAL = "unusual for this camera at this hour"


def at_hour(hour: int, days_ago: float = 1) -> datetime:
    """``hour`` o'clock local time, ``days_ago`` days back."""
    day = timezone.localtime() - timedelta(days=days_ago)
    return day.replace(hour=hour, minute=10, second=0, microsecond=0)


def judged(cam, moment: datetime) -> Event:
    batch = closed_batch(cam)
    Detection.objects.filter(batch=batch).update(detected_at=moment)
    for pk in Detection.objects.filter(batch=batch).values_list("pk", flat=True):
        enrich_detection(pk)
    return Event.objects.get(pk=analyze_batch([], batch.pk))


def with_history(cam: Camera, *, days: int, per_day: int, hour: int) -> Camera:
    """``cam`` set up ``days`` ago, with ``per_day`` events at ``hour`` each day since."""
    Camera.objects.filter(pk=cam.pk).update(created_at=timezone.now() - timedelta(days=days))
    Event.objects.bulk_create(
        Event(camera=cam, started_at=at_hour(hour, day), risk_score=10, summary="Postman")
        for day in range(1, days)
        for _ in range(per_day)
    )
    return Camera.objects.get(pk=cam.pk)


@pytest.fixture
def garden(broker) -> Camera:
    cam = camera("Garden")
    Zone.objects.create(camera=cam, name="Lawn", kind="yard", polygon=WHOLE_IMAGE)
    return cam


@pytest.mark.parametrize("judge", ["rules", "fitted"])
def test_a_new_cameras_first_events_carry_no_unusual_factor(garden, judge, settings):
    settings.JUDGE = judge
    for hour in (3, 14, 3):
        event = judged(garden, at_hour(hour))
        assert not any(UNUSUAL in factor for factor in event.factors), event.factors
        assert f"{LEARNING} (+0)" in event.factors  # said, scoring nothing


def test_a_camera_with_enough_history_still_gets_unusual_at_an_unusual_hour(garden):
    with_history(garden, days=10, per_day=3, hour=14)  # the postman, every day after lunch
    night = judged(garden, at_hour(3))
    assert f"{UNUSUAL} (+10)" in night.factors
    assert not any(LEARNING in factor for factor in night.factors)
    after_lunch = judged(garden, at_hour(14))
    assert not any(UNUSUAL in factor for factor in after_lunch.factors)


def test_a_door_is_not_called_rarely_visited_before_the_routine_is_learned(broker):
    back = camera("Back Door")
    Zone.objects.create(camera=back, name="Back door", kind="entry_point", polygon=WHOLE_IMAGE)
    event = judged(back, at_hour(11))
    assert not any("rarely sees anyone" in factor for factor in event.factors)


def test_how_much_history_is_enough():
    assert not History(MIN_DAYS - 0.1, 500).learned  # a busy first week: not yet
    assert History(MIN_DAYS, MIN_EVENTS).learned
    assert not History(MIN_DAYS + 3, MIN_EVENTS - 1).learned  # most hours empty by chance
    assert History(QUIET_DAYS, 0).learned  # four quiet weeks: quiet is its routine


def test_the_usual_count_is_over_the_days_watched_not_a_fixed_month(garden):
    from analysis.routine import usual_events

    garden = with_history(garden, days=10, per_day=1, hour=14)
    known = history(garden)
    assert round(known.watched_days) == 10
    assert known.events == 9
    assert usual_events(garden, 14, known) == pytest.approx(9 / 10, abs=0.01)


def test_the_camera_page_and_dashboard_say_it_is_learning(member, garden):
    page = member.get(f"/cameras/{garden.pk}/").content.decode()
    assert "Learning this camera's routine" in page
    assert "0 of 7 days watched" in page
    assert "learning this camera's routine" in member.get("/").content.decode()
    with_history(garden, days=30, per_day=1, hour=9)
    assert "Routine learned" in member.get(f"/cameras/{garden.pk}/").content.decode()
    assert "learning this camera's routine" not in member.get("/").content.decode()
