"""An LLM that answers with ungrounded words: the event keeps the scorer's text, and the
page and the API say why the LLM's words were not shown."""

import json

import pytest

from analysis.tasks import analyze_batch
from events.models import Event
from runner import processes
from tests.factories import camera, closed_batch
from tests.scripted_llm import GOOD, chat

pytestmark = pytest.mark.django_db(transaction=True)

# The first demo event after `make run` (issue 18), word for word.
DEMO = {
    "risk_score": 79,
    "summary": "The camera's risk score is 79, which is a high score for a camera that can "
    "detect suspicious events. The camera's safety features, including the camera's built-",
    "reasoning": ",",
    "factors": [],
}


@pytest.fixture
def llm_on(settings, llm_server):
    settings.LLM_ENABLED, settings.LLM_URL, settings.LLM_RETRIES = True, llm_server.url, 0
    return llm_server


def judged_by_llm(batch) -> Event:
    analyze_batch.delay([], batch.pk).get(timeout=10)
    assert processes.wait_until(
        lambda: Event.objects.filter(batch=batch, analysis_source="llm").exists(), timeout=15
    )
    return Event.objects.get(batch=batch)


def test_the_demo_llms_ungrounded_words_never_reach_the_event(llm_on, celery_worker, client,
                                                              admin_user):  # fmt: skip
    llm_on.then(body=chat(json.dumps(DEMO)))
    scorer_first = Event.objects.get(pk=analyze_batch.delay([], closed_batch(camera()).pk).get(10))
    assert processes.wait_until(lambda: Event.objects.get().analysis_source == "llm", timeout=15)
    event = Event.objects.get()
    assert (event.summary, event.reasoning) == (scorer_first.summary, scorer_first.reasoning)
    assert event.summary.startswith("Person (Front Door)")
    assert event.words_dropped == (
        "The LLM's summary was not shown: it is cut off mid-sentence. "
        "The LLM's reasoning was not shown: it says nothing."
    )

    client.force_login(admin_user)
    api = client.get(f"/api/events/{event.pk}/").json()
    assert api["words_dropped"] == event.words_dropped
    assert api["summary"] == scorer_first.summary
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "The LLM&#x27;s summary was not shown: it is cut off mid-sentence." in page
    assert "The scorer's text is shown instead." in page
    assert "built-" not in page


def test_a_grounded_summary_is_kept_beside_an_invented_reasoning(llm_on, celery_worker):
    invented = {**GOOD, "reasoning": "3:05 AM is a routine time for deliveries at the gate."}
    llm_on.then(body=chat(json.dumps(invented)))
    scorer = Event.objects.get(pk=analyze_batch.delay([], closed_batch(camera()).pk).get(10))
    assert processes.wait_until(lambda: Event.objects.get().analysis_source == "llm", timeout=15)
    event = Event.objects.get()
    assert event.summary == GOOD["summary"]
    assert event.reasoning == scorer.reasoning
    assert event.words_dropped.startswith("The LLM's reasoning was not shown: it ")


def test_grounded_words_are_shown_and_nothing_is_dropped(llm_on, celery_worker):
    event = judged_by_llm(closed_batch(camera()))
    assert (event.summary, event.reasoning) == (GOOD["summary"], GOOD["reasoning"])
    assert event.words_dropped == ""


def test_when_the_llm_scores_its_invented_factors_are_not_shown(llm_on, settings, celery_worker):
    settings.RISK_SOURCE = "llm"
    llm_on.then(body=chat(json.dumps({**GOOD, "factors": ["a dog at the gate", "a person seen"]})))
    event = judged_by_llm(closed_batch(camera()))
    assert (event.scored_by, event.risk_score) == ("llm", GOOD["risk_score"])
    assert event.factors == ["a person seen"]
    assert event.words_dropped == (
        "Some of the LLM's factors were not shown: “a dog at the gate”: it mentions a dog, "
        "which was not seen."
    )
