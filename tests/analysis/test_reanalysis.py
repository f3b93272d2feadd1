"""An LLM server that misbehaves on purpose: no event is lost or kept waiting, the circuit
opens and later closes, and the re-analysis replaces each fallback judgement once the server
answers well."""

import json
import time

import pytest

from analysis.tasks import aggregate, analyze_batch, analyze_fallbacks, pass_llm_deadlines
from detection.models import Batch
from events.models import Event
from events.risk import risk_level_for
from runner import processes
from tests.factories import EventListener, beat_until, camera, closed_batch, processed_upload
from tests.scripted_llm import GOOD, chat

pytestmark = pytest.mark.django_db(transaction=True)

TRUNCATED = json.dumps(GOOD)[:40]
MISBEHAVIOURS = {
    "server error": (500, b"Internal Server Error", 0),
    "timeout": (200, chat(json.dumps(GOOD)), 1.5),
    "garbage": (200, b"\x00\xffnot json at all", 0),
    "truncated JSON": (200, chat(TRUNCATED), 0),
    "<think> preamble and no answer": (200, chat("<think>Let me consider the door…"), 0),
    "empty choices": (200, {"choices": []}, 0),
}


@pytest.fixture
def llm_on(settings, llm_server):
    settings.LLM_ENABLED, settings.LLM_URL = True, llm_server.url
    settings.LLM_RETRIES, settings.LLM_TIMEOUT_SECONDS = 0, 0.5
    settings.CIRCUIT_BREAKER_FAILURE_THRESHOLD = len(MISBEHAVIOURS)
    settings.CIRCUIT_BREAKER_RECOVERY_SECONDS = 2
    return llm_server


def test_misbehaving_llm_events_fall_back_and_are_reanalysed_when_it_recovers(
    llm_on, celery_worker
):
    for status, body, delay in MISBEHAVIOURS.values():
        llm_on.then(status, body, delay)
    cameras = [camera(f"Camera {n}") for n in range(len(MISBEHAVIOURS) + 2)]
    batches = [closed_batch(cam) for cam in cameras]

    # Every event at once, from the scorer; then each misbehaviour costs one request, the
    # circuit opens, and nothing more is sent.
    listener = EventListener()
    for batch in batches:
        analyze_batch.delay([], batch.pk)
    messages = [listener.next() for _ in range(2 * len(batches))]
    per_event = {}
    for message in messages:
        per_event.setdefault(message["data"]["event_id"], []).append(
            (message["type"], message["data"]["analysis_source"])
        )
    assert len(per_event) == len(batches)
    for seen in per_event.values():  # first the scorer's, then: the LLM did not answer
        assert seen == [("event", "rules"), ("event_updated", "fallback")]
    assert len(llm_on.requests) == len(MISBEHAVIOURS)
    events = Event.objects.all()
    assert events.count() == len(batches)
    assert {e.analysis_source for e in events} == {"fallback"}
    assert all(e.summary and e.reasoning and e.judged_by == "rules" for e in events)
    assert set(Batch.objects.values_list("state", flat=True)) == {"analyzed"}

    # Still open: the re-analysis sends nothing and changes nothing.
    assert analyze_fallbacks.delay().get(timeout=30) == 0
    assert len(llm_on.requests) == len(MISBEHAVIOURS)

    # After the recovery time one request goes through, succeeds, and the circuit closes.
    listener = EventListener()
    time.sleep(2.1)
    assert analyze_fallbacks.delay().get(timeout=30) == len(batches)
    assert len(llm_on.requests) == len(MISBEHAVIOURS) + len(batches)
    updated = {listener.next()["data"]["event_id"] for _ in batches}
    assert updated == {e.pk for e in events}
    for event in Event.objects.all():
        assert event.analysis_source == "llm"
        assert (event.summary, event.reasoning) == (GOOD["summary"], GOOD["reasoning"])
        assert event.scored_by == "rules"  # HOMESEC_RISK_SOURCE=rules: the score stays the scorer's
        assert event.risk_level == risk_level_for(event.risk_score)
    assert analyze_fallbacks.delay().get(timeout=30) == 0  # nothing left to re-analyse


def test_with_the_llm_setting_the_score_a_recovered_llm_rescores(llm_on, settings, celery_worker):
    settings.RISK_SOURCE = "llm"
    llm_on.then(500, b"down", 0)
    event = Event.objects.get(pk=analyze_batch.delay([], closed_batch(camera("Gate")).pk).get(10))
    assert processes.wait_until(
        lambda: Event.objects.get().analysis_source == "fallback", timeout=10
    )
    event.refresh_from_db()
    assert event.scored_by == "rules"
    assert analyze_fallbacks.delay().get(timeout=30) == 1
    event.refresh_from_db()
    assert (event.analysis_source, event.scored_by, event.risk_score) == ("llm", "llm", 82)
    assert event.risk_level == "high"
    assert event.factors == GOOD["factors"]


def test_the_household_context_edited_in_the_admin_reaches_the_prompt(
    llm_on, admin_client, celery_worker
):
    page = admin_client.get("/admin/household/household/", follow=True)
    assert b"Read by the LLM with every event" in page.content
    notes = "We have a dog; the gardener comes on Tuesdays."
    saved = admin_client.post(
        page.redirect_chain[-1][0],
        {"context": notes, "fast_path_confidence": 0.9, "camera_offline_after_seconds": 600},
    )
    assert saved.status_code == 302
    analyze_batch.delay([], closed_batch(camera("Garden")).pk).get(timeout=10)
    assert processes.wait_until(lambda: llm_on.requests, timeout=10)  # ask_llm follows
    prompt = llm_on.requests[-1]["messages"][-1]["content"]
    assert f"Household notes: {notes}" in prompt
    assert "Camera: Garden" in prompt


def test_the_fast_path_never_waits_for_a_slow_llm(llm_on, settings, celery_worker):
    settings.LLM_TIMEOUT_SECONDS = 10
    settings.BATCH_WINDOW_SECONDS, settings.BATCH_IDLE_TIMEOUT_SECONDS = 30, 1
    llm_on.then(delay=4)  # a good answer, slowly
    listener = EventListener()
    began = time.monotonic()
    aggregate.delay(processed_upload(camera("Back Door"), confidence=0.95).pk)
    first = listener.next()
    assert time.monotonic() - began < 3
    assert (first["type"], first["data"]["analysis_source"]) == ("event", "rules")
    assert beat_until(lambda: Batch.objects.get().state == "analyzed")
    closed, answered = listener.next(), listener.next()  # the LLM answers in 4 s
    assert (closed["type"], closed["data"]["analysis_source"]) == ("event_updated", "rules")
    assert (answered["type"], answered["data"]["analysis_source"]) == ("event_updated", "llm")
    assert answered["data"]["summary"] == GOOD["summary"]
    assert first["data"]["event_id"] == closed["data"]["event_id"] == answered["data"]["event_id"]


def test_a_hung_llm_holds_no_event_past_its_deadline_and_a_late_answer_still_lands(
    llm_on, settings, celery_worker
):
    settings.LLM_TIMEOUT_SECONDS, settings.LLM_DEADLINE_SECONDS = 10, 1
    llm_on.then(delay=4)  # a good answer, late
    listener = EventListener()
    began = time.monotonic()
    analyze_batch.delay([], closed_batch(camera("Back Door")).pk)
    first = listener.next()
    assert time.monotonic() - began < 3  # published from the scorer as the batch closed
    assert (first["type"], first["data"]["analysis_source"]) == ("event", "rules")
    assert pass_llm_deadlines() == 0  # within its deadline
    time.sleep(1.1)
    assert pass_llm_deadlines() == 1  # past it: the scorer's verdict stands
    late = listener.next()
    assert (late["type"], late["data"]["analysis_source"]) == ("event_updated", "fallback")
    assert pass_llm_deadlines() == 0  # once
    answered = listener.next()
    assert (answered["type"], answered["data"]["analysis_source"]) == ("event_updated", "llm")
    assert answered["data"]["summary"] == GOOD["summary"]
    assert Event.objects.count() == 1
    assert Event.objects.get().analysis_source == "llm"
