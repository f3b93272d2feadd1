"""Feedback recalibrates the scorer: similar events move by a named, capped factor that
never takes a person at an entry point at night below high, and an admin can reset it."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from analysis import calibration
from analysis.observed import BatchFacts, ObjectFacts
from analysis.scoring import score
from analysis.tasks import analyze_batch
from detection.models import Detection
from events.models import Event, Feedback
from tests.factories import camera, closed_batch

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def scorer_alone(settings):
    settings.LLM_ENABLED = False


def judged(cam, *, zones=(), at=None) -> Event:
    """A closed batch of one person, judged by the scorer: its event."""
    batch = closed_batch(cam)
    changes = {"zones": [list(zone) for zone in zones]}
    if at is not None:
        changes["detected_at"] = at
    Detection.objects.filter(batch=batch).update(**changes)
    return Event.objects.get(pk=analyze_batch([], batch.pk))


def test_feedback_through_the_api_moves_the_next_similar_event_with_the_factor_shown(member):
    front, garden = camera("Front Door"), camera("Garden")
    first = judged(front)
    answer = member.post(
        f"/api/events/{first.pk}/feedback/",
        {"verdict": "false_alarm"},
        content_type="application/json",
    )
    assert answer.status_code == 201
    assert (answer.json()["user"], answer.json()["verdict"]) == ("sam", "false_alarm")
    first.refresh_from_db()
    assert first.false_alarm

    similar = judged(front)
    assert similar.risk_score == first.risk_score - 5
    assert "you marked 1 similar event here as a false alarm (-5)" in similar.factors
    assert "you marked 1 similar event here as a false alarm (-5)" in similar.reasoning
    other_camera = judged(garden)
    assert not any("similar event" in f for f in other_camera.factors)

    detail = member.get(f"/api/events/{first.pk}/").json()
    assert [f["verdict"] for f in detail["feedback"]] == ["false_alarm"]
    assert detail["false_alarm"] is True
    learned = member.get("/api/calibration/").json()
    assert [(a["camera"], a["label"], a["points"]) for a in learned] == [
        ("front_door", "person", -5)
    ]


def test_marks_add_up_to_the_cap_and_each_event_counts_once_by_its_latest_word(member):
    front = camera("Front Door")
    events = [judged(front) for _ in range(6)]
    for event in events:
        member.post(f"/api/events/{event.pk}/feedback/", {"verdict": "too_high"})
    member.post(f"/api/events/{events[0].pk}/feedback/", {"verdict": "too_low"})  # changed mind
    (learned,) = member.get("/api/calibration/").json()
    assert learned["points"] == -3 * 5 + 5
    assert learned["why"] == "you marked 6 similar events here: 5 as too high and 1 as too low"
    for event in events[1:]:
        member.post(f"/api/events/{event.pk}/feedback/", {"verdict": "false_alarm"})
    (learned,) = member.get("/api/calibration/").json()
    assert learned["points"] == -calibration.CAP


def test_feedback_from_the_page_changes_the_next_similar_events_page(member):
    front = camera("Front Door")
    first = judged(front)
    page = member.get(f"/events/{first.pk}/").content.decode()
    assert "Was this level right?" in page
    assert 'value="too_low"' in page
    answered = member.post(f"/events/{first.pk}/feedback/", {"verdict": "too_low"}, follow=True)
    assert "Should have been higher" in answered.content.decode()  # "Your feedback"
    assert Feedback.objects.get().user.username == "sam"

    similar = judged(front)
    assert similar.risk_score == first.risk_score + 5
    assert (
        "you marked 1 similar event here as too low (+5)"
        in member.get(f"/events/{similar.pk}/").content.decode()
    )


def test_an_admin_resets_the_calibration_and_a_member_may_not(member, admin_client):
    front = camera("Front Door")
    first = judged(front)
    member.post(f"/api/events/{first.pk}/feedback/", {"verdict": "false_alarm"})
    assert member.post("/api/calibration/reset/", {}).status_code == 403
    assert member.post("/settings/calibration/reset/").status_code == 403
    assert "Reset all" not in member.get("/settings/").content.decode()
    settings_page = admin_client.get("/settings/").content.decode()
    assert "you marked 1 similar event here as a false alarm" in settings_page
    assert admin_client.post("/api/calibration/reset/", {}).json() == {"reset": 1}
    assert admin_client.get("/api/calibration/").json() == []
    again = judged(front)
    assert again.risk_score == first.risk_score
    assert not any("similar event" in f for f in again.factors)
    assert Feedback.objects.count() == 1  # kept as history, no longer counted


def test_a_member_may_give_feedback_but_nonsense_is_refused(member):
    event = judged(camera("Front Door"))
    refused = member.post(f"/api/events/{event.pk}/feedback/", {"verdict": "meh"})
    assert refused.status_code == 400
    assert Feedback.objects.count() == 0


NIGHT = datetime(2026, 11, 17, 2, 30)


def night_visit(*, dwell: float, usual: float) -> BatchFacts:
    person = ObjectFacts("person", 1, 0.9, dwell, [("Back Door", "entry_point")], False)
    return BatchFacts("Back Door", NIGHT, [person], usual)


@pytest.mark.parametrize("dwell", [0, 20, 90, 400])
@pytest.mark.parametrize("usual", [0.0, 0.5, 3.0])
def test_no_feedback_brings_a_person_at_an_entry_point_at_night_below_high(dwell, usual):
    facts = night_visit(dwell=dwell, usual=usual)
    key = calibration.key_of("back_door", facts)
    assert key == "back_door|entry_point|person|night"
    cam = camera("Back Door")
    for _ in range(8):
        event = Event.objects.create(
            camera=cam,
            started_at=timezone.now() - timedelta(days=1),
            risk_score=70,
            summary="x",
            calibration_key=key,
        )
        Feedback.objects.create(event=event, verdict="false_alarm")
    facts.calibration = calibration.factor("back_door", facts)
    judged = score(facts)
    assert judged.level in ("high", "critical")
    assert judged.score >= 60
    assert facts.calibration is not None
    assert facts.calibration[1] < 0
    if score(night_visit(dwell=dwell, usual=usual)).score - calibration.CAP < 60:
        assert facts.calibration[0].endswith("held at high: a person at an entry point at night")


def test_feedback_while_the_house_was_empty_teaches_only_empty_house_events():
    noon = datetime(2026, 11, 17, 11, 0)
    person = ObjectFacts("person", 1, 0.9, 120, [("Back Yard", "yard")], True, noon, noon)
    home = BatchFacts("Back Door", noon, [person])
    away = BatchFacts("Back Door", noon, [person], house_mode="away")
    vacation = BatchFacts("Back Door", noon, [person], house_mode="vacation")
    assert calibration.key_of("back_door", home) == "back_door|yard|person|daytime"
    assert calibration.key_of("back_door", away) == "back_door|yard|person|daytime (house empty)"
    assert calibration.key_of("back_door", vacation) == calibration.key_of("back_door", away)
