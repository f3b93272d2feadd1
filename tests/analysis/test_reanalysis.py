"""An LLM server that misbehaves on purpose: no event is lost or kept waiting, the circuit
opens and later closes, and the re-analysis replaces each fallback judgement once the server
answers well."""

import json
import time

import pytest

from analysis.models import Batch
from analysis.tasks import aggregate, analyze_batch, analyze_fallbacks
from events.models import Event
from events.risk import risk_level_for
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

    # Each misbehaviour costs one request; then the circuit is open and nothing is sent.
    began = time.monotonic()
    for batch in batches:
        assert analyze_batch.delay([], batch.pk).get(timeout=30)
    assert time.monotonic() - began < 10, "no event waits on a failing LLM"
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
    assert (event.analysis_source, event.scored_by) == ("fallback", "rules")
    assert analyze_fallbacks.delay().get(timeout=30) == 1
    event.refresh_from_db()
    assert (event.analysis_source, event.scored_by, event.risk_score) == ("llm", "llm", 82)
    assert event.risk_level == "high"
    assert event.factors == GOOD["factors"]


def test_the_household_context_edited_in_the_admin_reaches_the_prompt(
    llm_on, admin_client, celery_worker
):
    page = admin_client.get("/admin/analysis/household/", follow=True)
    assert b"Read by the LLM with every event" in page.content
    notes = "We have a dog; the gardener comes on Tuesdays."
    saved = admin_client.post(page.redirect_chain[-1][0], {
        "context": notes, "fast_path_confidence": 0.9, "camera_offline_after_seconds": 600
    })  # fmt: skip
    assert saved.status_code == 302
    analyze_batch.delay([], closed_batch(camera("Garden")).pk).get(timeout=10)
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
    assert beat_until(lambda: Batch.objects.get().state == "analyzed")  # LLM answers in 4 s
    update = listener.next()
    assert (update["type"], update["data"]["analysis_source"]) == ("event_updated", "llm")
    assert update["data"]["summary"] == GOOD["summary"]
    assert update["data"]["event_id"] == first["data"]["event_id"]
