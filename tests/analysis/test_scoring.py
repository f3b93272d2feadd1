"""The explainable scorer on described situations: riskier situations score higher."""

from datetime import datetime

import pytest

from analysis.observed import BatchFacts, ObjectFacts
from analysis.scoring import day_period, score

BACK_DOOR = [("Back Door", "entry_point")]
FRONT_DOOR = [("Front Door", "entry_point")]
DRIVEWAY = [("Driveway", "driveway")]
YARD = [("Garden", "yard")]
SIDEWALK = [("Pavement", "sidewalk")]


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 17, hour, minute)  # a Tuesday


def seen(label, *, count=1, dwell=0.0, zones=(), moved=False, confidence=0.9):
    return ObjectFacts(label, count, confidence, dwell, list(zones), moved)


def situation(hour, *objects, usual=0.0, minute=0):
    return BatchFacts("Camera", at(hour, minute), list(objects), usual)


# Tiers, most alarming first: every situation must score above every one in a lower tier.
TIERS = [
    {
        "stranger lingering at the back door at 2 am": situation(
            2, seen("person", dwell=240, zones=BACK_DOOR), minute=14
        ),
        "two people at the front door at 3 am for two minutes": situation(
            3, seen("person", count=2, dwell=120, zones=FRONT_DOOR)
        ),
        "someone lingering in the garden at 1 am": situation(
            1, seen("person", dwell=300, zones=YARD)
        ),
        "a car in the driveway at 3 am and a person at the door": situation(
            3, seen("car", zones=DRIVEWAY), seen("person", dwell=30, zones=FRONT_DOOR)
        ),
    },
    {
        "a person briefly at the back door at 2 am": situation(
            2, seen("person", dwell=20, zones=BACK_DOOR)
        ),
        "a person hanging about on the pavement at night": situation(
            23, seen("person", dwell=240, zones=SIDEWALK)
        ),
    },
    {
        "an unknown car parked in the driveway at 3 am": situation(
            3, seen("car", dwell=600, zones=DRIVEWAY)
        ),
        "a motorcycle stopping in the driveway at night": situation(
            0, seen("motorcycle", dwell=60, zones=DRIVEWAY)
        ),
        "a person lingering at the front door for five minutes by day": situation(
            14, seen("person", dwell=300, zones=FRONT_DOOR), usual=2
        ),
        "a person in the garden in the evening for two minutes": situation(
            21, seen("person", dwell=120, zones=YARD), usual=0.5
        ),
    },
    {
        "a daytime delivery at the front door": situation(
            11, seen("person", dwell=45, zones=FRONT_DOOR), usual=3
        ),
        "the family car arriving in the evening": situation(
            19, seen("car", dwell=40, zones=DRIVEWAY, moved=True), usual=1
        ),
        "a jogger passing on the pavement at 7 am": situation(
            7, seen("person", dwell=8, zones=SIDEWALK, moved=True), usual=1
        ),
        "a neighbour walking a dog past in the afternoon": situation(
            17,
            seen("person", dwell=12, zones=SIDEWALK, moved=True),
            seen("dog", dwell=12, moved=True),
            usual=2,
        ),
        "a truck going past by day": situation(13, seen("truck", dwell=5, moved=True), usual=4),
        "a cyclist passing by day": situation(10, seen("bicycle", dwell=4, moved=True), usual=2),
        "a bus passing by day": situation(15, seen("bus", dwell=6, moved=True), usual=5),
    },
    {
        "a cat crossing the garden at night": situation(2, seen("cat", dwell=30, zones=YARD)),
        "the dog in the garden by day": situation(12, seen("dog", dwell=600, zones=YARD)),
        "a bird at the feeder": situation(9, seen("bird", dwell=120)),
        "a cat on the doorstep at night": situation(4, seen("cat", dwell=90, zones=FRONT_DOOR)),
        "nothing of note": situation(13),
    },
]


def scores(tier: dict) -> dict[str, int]:
    return {name: score(facts).score for name, facts in tier.items()}


def test_the_suite_describes_at_least_twenty_situations():
    assert sum(len(tier) for tier in TIERS) >= 20


@pytest.mark.parametrize("index", range(len(TIERS) - 1))
def test_riskier_situations_score_higher(index):
    higher, lower = scores(TIERS[index]), scores(TIERS[index + 1])
    assert min(higher.values()) > max(lower.values()), (higher, lower)


def test_the_night_stranger_is_critical_and_the_cat_is_low():
    stranger = score(TIERS[0]["stranger lingering at the back door at 2 am"])
    assert (stranger.level, stranger.score) == ("critical", 100)
    assert stranger.summary == "Person lingering at Back Door (Camera), 02:14 — critical"
    cat = score(TIERS[-1]["a cat crossing the garden at night"])
    assert cat.level == "low"


def test_the_reasoning_names_every_factor_and_the_points_add_up():
    judgement = score(TIERS[2]["a person lingering at the front door for five minutes by day"])
    assert sum(points for _, points in judgement.factors) == judgement.score
    for why, points in judgement.factors:
        assert f"{why} ({points:+d})" in judgement.reasoning
    assert "lingered 5 min" in judgement.reasoning


def test_level_always_matches_score():
    for tier in TIERS:
        for facts in tier.values():
            judgement = score(facts)
            assert 0 <= judgement.score <= 100
            assert judgement.level == __import__("events.risk").risk.risk_level_for(judgement.score)


@pytest.mark.parametrize(
    ("hour", "period"), [(2, "night"), (6, "early morning"), (12, "daytime"), (20, "evening")]
)
def test_day_periods(hour, period):
    assert day_period(at(hour)) == period
