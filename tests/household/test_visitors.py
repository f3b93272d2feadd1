"""Expected visitors in the judgement: the gardener in his window and place scores lower
and the event says why; anywhere or any time else, or while the house is away, he does not."""

from datetime import datetime, time

import pytest
from django.utils import timezone

from alerts.models import HouseMode
from analysis.facts import batch_facts
from analysis.prompt import messages
from analysis.scoring import score
from analysis.tasks import analyze_batch, enrich_detection
from cameras.models import Zone
from detection.models import Detection
from events.models import Event
from household.models import ExpectedVisitor
from household.schedule import in_window, window_text
from tests.factories import camera, closed_batch

pytestmark = pytest.mark.django_db

TUESDAY, WEDNESDAY = 24, 25  # November 2026
WHOLE_IMAGE = [[0, 0], [1, 0], [1, 1], [0, 1]]


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(2026, 11, day, hour, minute))


@pytest.fixture
def back_yard(broker):
    cam = camera("Back Garden")
    Zone.objects.create(camera=cam, name="Back Yard", kind="yard", polygon=WHOLE_IMAGE)
    return cam


@pytest.fixture
def gardener(back_yard) -> ExpectedVisitor:
    return schedule_gardener()


def schedule_gardener() -> ExpectedVisitor:
    visitor = ExpectedVisitor.objects.create(
        name="Gardener",
        kind="regular",
        object_types=["person"],
        days=["tue"],
        start_time=time(9),
        end_time=time(12),
    )
    visitor.zones.set(Zone.objects.filter(name="Back Yard"))
    return visitor


def judged(cam, moment: datetime, label: str = "person") -> Event:
    """One batch of ``label`` seen at ``moment``, enriched and analysed as the chord does."""
    batch = closed_batch(cam, labels=(label,))
    Detection.objects.filter(batch=batch).update(detected_at=moment)
    for detection_id in Detection.objects.filter(batch=batch).values_list("pk", flat=True):
        enrich_detection(detection_id)
    return Event.objects.get(pk=analyze_batch([], batch.pk))


def expected_factors(event: Event) -> list[str]:
    return [factor for factor in event.factors if factor.startswith("expected")]


def test_the_gardener_in_his_window_and_place_lowers_the_score_and_says_why(back_yard):
    before = judged(back_yard, local(TUESDAY, 10, 30))
    schedule_gardener()  # from now on
    during = judged(back_yard, local(TUESDAY, 10, 30))
    assert during.risk_score < before.risk_score
    assert expected_factors(during) == ["expected: Gardener, Tue 09:00–12:00, Back Yard (-25)"]
    assert "expected: Gardener, Tue 09:00–12:00, Back Yard (-25)" in during.reasoning
    assert expected_factors(before) == []


@pytest.mark.parametrize(
    ("camera_name", "day", "hour", "label"),
    [
        ("Back Garden", WEDNESDAY, 10, "person"),  # another day
        ("Back Garden", TUESDAY, 13, "person"),  # after his hours
        ("Back Garden", TUESDAY, 8, "person"),  # before them
        ("Front Door", TUESDAY, 10, "person"),  # another camera, outside his zone
        ("Back Garden", TUESDAY, 10, "car"),  # not what he is expected as
    ],
)
def test_outside_his_window_or_place_nothing_changes(gardener, camera_name, day, hour, label):
    cam = camera(camera_name) if camera_name == "Front Door" else gardener.zones.get().camera
    if camera_name == "Front Door":
        Zone.objects.create(camera=cam, name="Porch", kind="entry_point", polygon=WHOLE_IMAGE)
    event = judged(cam, local(day, hour), label)
    assert expected_factors(event) == []
    assert "Gardener" not in event.reasoning


def test_a_window_limited_to_a_camera_holds_only_there(back_yard):
    mail = ExpectedVisitor.objects.create(
        name="Mail",
        kind="delivery",
        days=["mon", "tue", "wed", "thu", "fri", "sat"],
        start_time=time(10),
        end_time=time(12),
    )
    front = camera("Front Door")
    mail.cameras.set([front])
    assert expected_factors(judged(front, local(TUESDAY, 11))) == [
        "expected: Mail, Mon–Sat 10:00–12:00, Front Door (-25)"
    ]
    assert expected_factors(judged(back_yard, local(TUESDAY, 11))) == []


def test_a_window_crossing_midnight_holds_until_the_morning_after_its_day(back_yard):
    ExpectedVisitor.objects.create(
        name="Night carer", kind="regular", days=["tue"], start_time=time(22), end_time=time(6)
    )
    tuesday_night = judged(back_yard, local(TUESDAY, 23, 30))
    wednesday_small_hours = judged(back_yard, local(WEDNESDAY, 2))
    tuesday_small_hours = judged(back_yard, local(TUESDAY, 2))  # Monday's night: not his
    wednesday_morning = judged(back_yard, local(WEDNESDAY, 7))
    carer = ["expected: Night carer, Tue 22:00–06:00 (-25)"]
    assert expected_factors(tuesday_night) == carer
    assert expected_factors(wednesday_small_hours) == carer
    assert expected_factors(tuesday_small_hours) == []
    assert expected_factors(wednesday_morning) == []


def test_while_the_house_is_away_nobody_is_expected_and_the_reasoning_says_so(gardener):
    cam = gardener.zones.get().camera
    HouseMode.objects.update_or_create(pk=1, defaults={"mode": "away"})
    away = judged(cam, local(TUESDAY, 10, 30))
    assert expected_factors(away) == [
        "expected: Gardener, Tue 09:00–12:00, Back Yard — not counted, the house is away (+0)"
    ]
    assert "not counted, the house is away" in away.reasoning
    HouseMode.objects.filter(pk=1).update(mode="home")
    home = judged(cam, local(TUESDAY, 10, 30))
    assert home.risk_score < away.risk_score


def test_in_night_mode_the_schedule_still_counts(gardener):
    HouseMode.objects.update_or_create(pk=1, defaults={"mode": "night"})
    event = judged(gardener.zones.get().camera, local(TUESDAY, 10, 30))
    assert expected_factors(event) == ["expected: Gardener, Tue 09:00–12:00, Back Yard (-25)"]


def test_a_disabled_visitor_is_not_expected(gardener):
    ExpectedVisitor.objects.update(enabled=False)
    assert expected_factors(judged(gardener.zones.get().camera, local(TUESDAY, 10))) == []


@pytest.mark.parametrize(
    ("days", "start", "end", "moment", "inside"),
    [
        (["tue"], time(9), time(12), datetime(2026, 11, 24, 9, 0), True),
        (["tue"], time(9), time(12), datetime(2026, 11, 24, 12, 0), False),  # the end is out
        ([], time(10), time(16), datetime(2026, 11, 29, 15, 59), True),  # daily: a Sunday
        (["fri"], time(22), time(6), datetime(2026, 11, 28, 3, 0), True),  # Friday's night
        (["fri"], time(22), time(6), datetime(2026, 11, 27, 3, 0), False),  # Thursday's
        (["fri"], time(22), time(6), datetime(2026, 11, 27, 12, 0), False),
    ],
)
def test_windows(days, start, end, moment, inside):
    assert in_window(days, start, end, moment) is inside


def test_windows_read_as_a_person_writes_them():
    assert window_text(["tue"], time(9), time(12)) == "Tue 09:00–12:00"
    assert window_text([], time(10), time(16)) == "daily 10:00–16:00"
    weekdays = ["sat", "mon", "tue", "wed", "thu", "fri"]
    assert window_text(weekdays, time(10), time(12)) == "Mon–Sat 10:00–12:00"
    assert window_text(["sat", "sun"], time(8), time(9)) == "Sat, Sun 08:00–09:00"


def test_the_prompt_carries_the_matching_window_and_the_house_mode(gardener):
    cam = gardener.zones.get().camera
    batch = closed_batch(cam)
    Detection.objects.filter(batch=batch).update(detected_at=local(TUESDAY, 10))
    for detection_id in Detection.objects.filter(batch=batch).values_list("pk", flat=True):
        enrich_detection(detection_id)
    facts = batch_facts(cam, list(Detection.objects.filter(batch=batch).select_related("media")))
    asked = messages(facts, score(facts), "", score=True)[1]["content"]
    assert "House mode: home" in asked
    assert "Expected now (person, regular): Gardener, Tue 09:00–12:00, Back Yard" in asked
    facts.house_mode = "vacation"
    asked = messages(facts, score(facts), "", score=True)[1]["content"]
    assert "Scheduled, not expected (house mode vacation): Gardener, Tue 09:00–12:00" in asked


def test_deleting_his_only_zone_disables_the_gardener_instead_of_expecting_him_anywhere(
    gardener,
):
    cam = gardener.zones.get().camera
    Zone.objects.all().delete()
    gardener.refresh_from_db()
    assert not gardener.enabled
    assert expected_factors(judged(cam, local(TUESDAY, 10, 30))) == []


def test_deleting_his_only_camera_disables_a_visitor_and_another_keeps_him(back_yard):
    mail = ExpectedVisitor.objects.create(name="Mail", start_time=time(10), end_time=time(12))
    front = camera("Front Door")
    mail.cameras.set([front, back_yard])
    front.delete()
    mail.refresh_from_db()
    assert mail.enabled
    back_yard.delete()
    mail.refresh_from_db()
    assert not mail.enabled
