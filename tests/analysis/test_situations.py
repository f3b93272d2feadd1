"""Situations the plain factors judged wrong (issue 18, item 4), scored with their reasons."""

from analysis.scoring import score
from tests.analysis.test_scoring import BACK_DOOR, SIDEWALK, seen, situation

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
