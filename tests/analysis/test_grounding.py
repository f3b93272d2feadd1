"""Only grounded words reach the user: what an LLM may say of a batch, and what it may not."""

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from analysis.grounding import problem
from analysis.judge import grounded_factors, grounded_words
from analysis.observed import BatchFacts, ObjectFacts

NIGHT = datetime(2026, 11, 17, 2, 14)  # a Tuesday in November
DAY = datetime(2026, 11, 17, 14, 5)


def person_at_back_door(moment=NIGHT, count=1) -> BatchFacts:
    person = ObjectFacts(
        "person",
        count,
        0.9,
        240,
        [("Back Door", "entry_point")],
        False,
        moment,
        moment.replace(minute=moment.minute + 4),
    )
    return BatchFacts("Back Door", moment, [person], 0.0, "the door from the garden")


def car_in_driveway(moment=DAY) -> BatchFacts:
    car = ObjectFacts("car", 1, 0.8, 40, [("Drive", "driveway")], True, moment, moment)
    return BatchFacts("Drive", moment, [car])


GROUNDED = {
    "A person lingered at the back door at 2:14 am.": ("high", person_at_back_door()),
    "Someone stayed at the back door for four minutes at night.": (
        "critical",
        person_at_back_door(),
    ),
    "A stranger at the door, 02:16.": ("high", person_at_back_door()),
    "Two people at the back door at 2 am on Tuesday.": ("critical", person_at_back_door(count=2)),
    "An unfamiliar person at the garden door, high risk.": ("high", person_at_back_door()),
    "A person at the back door; they may try the handle.": ("high", person_at_back_door()),
    "A delivery driver at the back door, 2:15 on Tuesday 17 November.": (
        "high",
        person_at_back_door(),
    ),
    "A car arrived in the driveway this afternoon.": ("low", car_in_driveway()),
    "A car in the driveway in the evening.": ("medium", car_in_driveway(DAY.replace(hour=19))),
    "A car in the driveway at night.": ("medium", car_in_driveway(DAY.replace(hour=19))),
    "A vehicle moved through the driveway; no person was seen.": ("low", car_in_driveway()),
    "A car in the Drive at 14:05 — routine.": ("low", car_in_driveway()),
}

UNGROUNDED = {
    # the first demo event after `make run`, word for word
    "The camera's risk score is 79, which is a high score for a camera that can detect "
    "suspicious events. The camera's safety features, including the camera's built-": (
        "high",
        person_at_back_door(),
        "cut off",
    ),
    ",": ("high", person_at_back_door(), "says nothing"),
    "The camera's risk score is 79 and it is a high score overall.": (
        "high",
        person_at_back_door(),
        "does not say what was seen (person)",
    ),
    "A person lingered for four minutes.": (
        "high",
        person_at_back_door(),
        "does not say where (Back Door)",
    ),
    "A car arrived.": ("low", car_in_driveway(), "does not say where (Drive)"),
    "A person and a dog at the back door.": ("high", person_at_back_door(), "mentions a dog"),
    "A person next to a parked van at the back door.": (
        "high",
        person_at_back_door(),
        "mentions a van",
    ),
    "A person carrying a crowbar at the back door.": (
        "critical",
        person_at_back_door(),
        "mentions a crowbar",
    ),
    "Three people at the back door.": ("critical", person_at_back_door(), "speaks of 3 people"),
    "2 people at the back door.": ("critical", person_at_back_door(), "speaks of 2 people"),
    "A person at the back door; 3:05 AM is a routine time for deliveries.": (
        "high",
        person_at_back_door(),
        "time 3:05 am",
    ),
    "A person at the back door at 11 pm.": ("high", person_at_back_door(), "time 11 pm"),
    # times no clock shows: a small model's slip, once a crash of the whole LLM stage
    "A person at the back door at 25:00.": ("high", person_at_back_door(), "time 25:00"),
    "A person at the back door at 24:14.": ("high", person_at_back_door(), "time 24:14"),
    "A person at the back door at 2:74 am.": ("high", person_at_back_door(), "time 2:74 am"),
    "A person at the back door on Sunday.": ("high", person_at_back_door(), "Sunday"),
    "A person at the back door in March.": ("high", person_at_back_door(), "March"),
    "A person at the back door on 2026-11-16.": ("high", person_at_back_door(), "2026-11-16"),
    "A person at the back door this afternoon.": ("high", person_at_back_door(), "afternoon"),
    "A person at the front door.": ("high", person_at_back_door(), "front door"),
    "A person climbing the fence by the back door.": ("high", person_at_back_door(), "fence"),
    "A person at the back door near the garage.": ("high", person_at_back_door(), "garage"),
    "A person at the back door. A person at the back door.": (
        "high",
        person_at_back_door(),
        "repeats itself",
    ),
    "A person was at the back door and the person was at the back door and left.": (
        "high",
        person_at_back_door(),
        "repeats itself",
    ),
    "A person at the back door; nothing to worry about.": (
        "high",
        person_at_back_door(),
        "“nothing to worry”",
    ),
    "A person at the back door, no threat.": ("critical", person_at_back_door(), "no threat"),
    "A person at the back door, low risk.": ("high", person_at_back_door(), "“low risk”"),
    "A car in the driveway: dangerous, act now.": ("low", car_in_driveway(), "dangerous"),
    "Urgent: a car in the driveway.": ("low", car_in_driveway(), "urgent"),
    "A car in the driveway, high risk.": ("low", car_in_driveway(), "“high risk”"),
    "A car in the driveway at night.": ("low", car_in_driveway(), "night"),
    "A person got out of a car in the driveway.": ("low", car_in_driveway(), "mentions a person"),
    "A car in the driveway and then the": ("low", car_in_driveway(), "cut off"),
}


@pytest.mark.parametrize("text", GROUNDED)
def test_grounded_words_pass(text):
    level, facts = GROUNDED[text]
    assert problem(text, facts, level) is None


@pytest.mark.parametrize("text", UNGROUNDED)
def test_ungrounded_words_are_dropped_with_the_reason(text):
    level, facts, why = UNGROUNDED[text]
    reason = problem(text, facts, level)
    assert reason is not None
    assert why.lower() in reason.lower(), reason


def test_a_long_reasoning_must_end_its_sentence():
    cut = "A person stayed at the back door for four minutes at night which is longer than a"
    assert "cut off" in problem(cut, person_at_back_door(), "high", part="reasoning")
    full = "A person stayed at the back door for four minutes at night, longer than a visit."
    assert problem(full, person_at_back_door(), "high", part="reasoning") is None


def test_reasoning_need_not_name_the_object_but_may_not_invent_one():
    facts = person_at_back_door()
    assert (
        problem("Late at night, at an entry point, for minutes.", facts, "high", part="reasoning")
        is None
    )
    assert problem("Late at night; the dog barked.", facts, "high", part="reasoning")


def test_summary_and_reasoning_are_kept_or_dropped_each_on_its_own():
    answer = {
        "summary": "A person at the back door at 2 am.",
        "reasoning": "3:05 AM is a routine time for deliveries.",
    }
    words = grounded_words(answer, person_at_back_door(), "high")
    assert words["summary"] == answer["summary"]
    assert "reasoning" not in words  # the scorer's stands
    assert words["words_dropped"] == (
        "The LLM's reasoning was not shown: it gives the time 3:05 am, which is not the event's."
    )


def test_the_llms_own_factors_are_kept_only_when_they_claim_nothing_unseen():
    factors = ["night", "entry point", "dog barking", "two intruders", "seen at 11 pm"]
    kept, why = grounded_factors(factors, person_at_back_door(), "high")
    assert kept == ["night", "entry point"]
    assert why.startswith("Some of the LLM's factors were not shown: “dog barking”: it mentions")
    assert "“two intruders”: it speaks of 2 intruders" in why
    assert grounded_factors(["night"], person_at_back_door(), "high") == (["night"], "")


# What a model writes is untrusted input: times, dates, counts and names in any order,
# clocks most of all (25:00 once crashed the check, and with it the event's LLM stage).
# Whatever the text, the check answers a reason or None.
CLOCKS = st.builds(
    "{}{}{:02d}{}".format,
    st.integers(0, 99),
    st.sampled_from([":", ".", "h"]),
    st.integers(0, 99),
    st.sampled_from(["", " am", " p.m.", " o'clock"]),
)
WORDS = st.sampled_from([
    "a person", "people", "car", " at ", "the back door", "2", "14", "99 pm", "2026-13-45",
    "Tuesday", "May", " night", "three", " no ", ",", " ",
])  # fmt: skip


@given(
    st.lists(st.one_of(CLOCKS, WORDS, st.text(max_size=4)), max_size=10).map(" ".join),
    st.sampled_from(["summary", "reasoning", "factor"]),
    st.sampled_from(["low", "medium", "high", "critical"]),
)
@hypothesis_settings(max_examples=400, deadline=None, derandomize=True, database=None)
def test_no_text_a_model_writes_breaks_the_check(text, part, level):
    for facts in (person_at_back_door(), car_in_driveway()):
        reason = problem(text, facts, level, part=part)
        assert reason is None or reason.startswith("it "), reason
