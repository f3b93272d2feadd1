"""The embedded default's LLM: llama.cpp's llama-server with SmolLM2-135M, really started."""

import pytest

from analysis.facts import batch_facts
from analysis.grounding import problem
from analysis.llm_client import JUDGEMENT_SCHEMA, LLMClient
from analysis.prompt import PROMPT_VERSION
from analysis.tasks import launch_analysis
from events.models import Event
from events.risk import risk_level_for
from runner import embedded
from tests.factories import EventListener, camera, closed_batch
from tests.servers import RUN_DIR


@pytest.fixture(scope="module")
def llama():
    server = embedded.start_llm(RUN_DIR / "llm-test")
    yield server
    server.stop()


@pytest.fixture
def llm_on(settings, llama):
    settings.LLM_ENABLED, settings.LLM_URL = True, llama.url
    settings.LLM_TIMEOUT_SECONDS = 240
    return llama


def conforms(value, schema) -> bool:
    """Does ``value`` satisfy the parts of JSON Schema that JUDGEMENT_SCHEMA uses?"""
    kind = schema["type"]
    if kind == "object":
        properties = schema["properties"]
        return (
            isinstance(value, dict)
            and set(schema["required"]) <= set(value) <= set(properties)
            and all(conforms(value[key], properties[key]) for key in value)
        )
    if kind == "array":
        return (
            isinstance(value, list)
            and len(value) <= schema.get("maxItems", len(value))
            and all(conforms(item, schema["items"]) for item in value)
        )
    if kind == "string":
        return isinstance(value, str) and len(value) <= schema.get("maxLength", len(value))
    if kind == "integer":
        return isinstance(value, int) and schema["minimum"] <= value <= schema["maximum"]
    raise AssertionError(f"unexpected schema type {kind}")


# A busy machine (another suite beside this one) makes the 135M model slow, not wrong: each
# answer may take minutes; what is asserted is what it answers.
@pytest.mark.timeout(900)
def test_llama_server_answers_under_the_schema(llama):
    client = LLMClient(url=llama.url, timeout=240)  # retried as in production: it may ramble
    for situation in ("a stranger at the back door at 2 am", "the postman at noon"):
        reply = client.complete_json(
            [{"role": "user", "content": f"Judge the home-security risk of {situation}."}],
            JUDGEMENT_SCHEMA,
            name="risk_judgement",
        )
        assert conforms(reply, JUDGEMENT_SCHEMA), reply


@pytest.mark.timeout(900)
@pytest.mark.django_db(transaction=True)
def test_a_closed_batch_becomes_an_event_judged_by_the_local_llm(llm_on, celery_worker):
    listener = EventListener()
    batch = closed_batch(camera("Back Door", "the door from the garden into the kitchen"))
    launch_analysis(batch.pk)
    first = listener.next(timeout=60)  # at once, from the scorer
    assert (first["type"], first["data"]["analysis_source"]) == ("event", "rules")
    message = listener.next(timeout=600)  # then the local LLM's verdict updates it
    assert (message["type"], message["data"]["analysis_source"]) == ("event_updated", "llm")
    event = Event.objects.get(batch=batch)
    assert event.analysis_source == "llm"
    assert event.judged_by == "SmolLM2-135M-Instruct"
    assert event.prompt_version == PROMPT_VERSION
    assert event.summary
    assert event.reasoning
    assert event.risk_level == risk_level_for(event.risk_score) == message["data"]["risk_level"]
    # What the event shows is grounded, or the scorer's with the reason the LLM's was dropped.
    facts = batch_facts(batch.camera, list(batch.detections.select_related("media")))
    for part in ("summary", "reasoning"):
        dropped = f"The LLM's {part} was not shown: " in event.words_dropped
        assert dropped or problem(getattr(event, part), facts, event.risk_level, part=part) is None
