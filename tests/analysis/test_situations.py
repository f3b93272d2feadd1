"""Situations the plain factors judged wrong (issue 18, item 4), scored with their reasons."""

from analysis.scoring import score
from household.visitors import Expected
from tests.analysis.test_scoring import (
    BACK_DOOR,
    DRIVEWAY,
    FRONT_DOOR,
    SIDEWALK,
    seen,
    situation,
)

FENCE = [("Back fence", "perimeter")]


def test_someone_walking_past_on_the_sidewalk_at_night_is_not_a_visit():
    passing = score(situation(23, seen("person", dwell=10, zones=SIDEWALK, moved=True)))
    assert passing.level == "low"
    assert ("walked past on the sidewalk, not to the house", -30) in passing.factors
    hanging_about = score(situation(23, seen("person", dwell=240, zones=SIDEWALK)))
    at_the_door = score(situation(23, seen("person", dwell=10, zones=BACK_DOOR, moved=True)))
    assert passing.score < hanging_about.score
    assert passing.score < at_the_door.score
    assert at_the_door.level == "critical"


def test_walking_past_and_then_to_the_door_is_a_visit():
    visit = score(situation(2, seen("person", dwell=15, zones=[*SIDEWALK, *BACK_DOOR], moved=True)))
    assert not any("walked past" in why for why, _ in visit.factors)
    assert visit.level in ("high", "critical")


def test_a_person_at_the_perimeter_at_night_is_critical_and_by_day_worth_a_look():
    night = score(situation(2, seen("person", dwell=20, zones=FENCE, moved=True)))
    assert night.level == "critical"
    assert ("person at the perimeter (Back fence) at night", 30) in night.factors
    day = score(situation(14, seen("person", dwell=20, zones=FENCE), usual=1))
    assert day.level == "medium"
    assert ("person at the perimeter (Back fence) by day", 10) in day.factors
    by_day_passing = score(situation(14, seen("person", dwell=8, zones=SIDEWALK, moved=True)))
    assert by_day_passing.level == "low"


def test_animals_at_the_perimeter_are_not_a_crossing():
    fox_hole = score(situation(2, seen("cat", dwell=60, zones=FENCE)))
    assert fox_hole.level == "low"


def test_a_group_walking_past_at_night_is_no_more_a_visit_than_one_person():
    pair = score(situation(1, seen("person", count=2, dwell=15, zones=SIDEWALK, moved=True)))
    assert pair.level == "low"
    assert ("walked past on the sidewalk together, not to the house", -38) in pair.factors


def test_a_car_driving_past_at_night_is_not_a_visit():
    passing = score(situation(2, seen("car", dwell=6, zones=SIDEWALK, moved=True)))
    assert passing.level == "low"
    assert ("drove past on the street, not to the house", -20) in passing.factors
    idling = score(situation(0, seen("car", dwell=600, zones=SIDEWALK)))
    assert idling.level == "medium"


def test_a_short_visit_to_a_rarely_visited_back_door_by_day_is_worth_a_look():
    back = score(situation(14, seen("person", dwell=20, zones=BACK_DOOR, moved=True), usual=0.2))
    assert back.level == "medium"
    assert ("a visit to Back Door, which rarely sees anyone at this hour", 25) in back.factors
    # The front door the couriers use every day: the same short visit is routine.
    front = score(situation(14, seen("person", dwell=20, zones=FRONT_DOOR, moved=True), usual=2))
    assert front.level == "low"


def test_a_household_vehicle_arriving_at_dusk_is_routine():
    family_cars = Expected("Family cars", "household", "car", "daily 16:00–20:00", "Driveway")
    arriving = situation(17, seen("car", dwell=40, zones=DRIVEWAY, moved=True), usual=0.5)
    arriving.expected = [family_cars]
    assert score(arriving).level == "low"
    as_most_days = score(situation(17, seen("car", dwell=40, zones=DRIVEWAY, moved=True), usual=1))
    assert as_most_days.level == "low"


def test_a_person_on_the_property_of_an_empty_house_is_likely_unwanted():
    trying = situation(11, seen("person", dwell=30, zones=BACK_DOOR, moved=True), usual=0.2)
    trying.house_mode = "away"
    judged = score(trying)
    assert judged.level == "high"
    assert ("the house is away: nobody of the household is here", 30) in judged.factors
    courier = situation(11, seen("person", dwell=40, zones=FRONT_DOOR, moved=True), usual=1.5)
    courier.house_mode = "vacation"
    assert score(courier).level == "medium"
    passer_by = situation(11, seen("person", dwell=8, zones=SIDEWALK, moved=True), usual=1)
    passer_by.house_mode = "away"
    assert score(passer_by).level == "low"


def test_an_unexpected_car_parked_in_the_driveway_is_worth_a_look_and_at_night_high():
    day = score(situation(11, seen("car", dwell=1200, zones=DRIVEWAY), usual=0.3))
    assert day.level == "medium"
    assert ("car parked in the driveway 20 min, not expected", 15) in day.factors
    night = score(situation(1, seen("car", dwell=900, zones=DRIVEWAY)))
    assert night.level == "high"
    stopping = score(situation(22, seen("truck", dwell=90, zones=DRIVEWAY)))
    assert stopping.level == "medium"


def test_before_six_in_the_morning_is_still_night():
    garage = [("Garage Door", "entry_point")]
    before_dawn = score(situation(5, seen("person", dwell=120, zones=garage), minute=30))
    assert ("at night", 22) in before_dawn.factors
    assert before_dawn.level in ("high", "critical")
    jogger = score(situation(6, seen("person", dwell=8, zones=SIDEWALK, moved=True), minute=40))
    assert jogger.level == "low"


def test_one_photo_of_someone_only_on_the_sidewalk_at_night_is_passing_not_a_visit():
    # A single photo: no movement, no dwell. Where the boxes stand says it is no visit.
    one_photo = score(situation(23, seen("person", zones=SIDEWALK)))
    assert one_photo.level == "low"
    assert ("walked past on the sidewalk, not to the house", -30) in one_photo.factors
    at_the_door = score(situation(23, seen("person", zones=FRONT_DOOR)))
    assert at_the_door.level != "low"
    by_day = score(situation(13, seen("person", zones=SIDEWALK)))
    assert ("passed through quickly", -15) in by_day.factors
    one_car = score(situation(2, seen("car", zones=SIDEWALK)))
    assert ("drove past on the street, not to the house", -20) in one_car.factors


def test_only_public_means_every_box_and_not_for_long():
    from analysis.observed import ObjectFacts

    also_in_no_zone = ObjectFacts("person", 2, 0.9, 0, list(SIDEWALK), in_no_zone=True)
    assert not any("walked past" in why for why, _ in score(situation(23, also_in_no_zone)).factors)
    also_at_the_door = seen("person", count=2, zones=[*SIDEWALK, *FRONT_DOOR])
    assert score(situation(23, also_at_the_door)).level != "low"
    standing_there = score(situation(23, seen("person", dwell=240, zones=SIDEWALK)))
    assert not any("walked past" in why for why, _ in standing_there.factors)
