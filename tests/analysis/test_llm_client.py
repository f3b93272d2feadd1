"""The LLM client against a real local HTTP server that misbehaves on purpose."""

import json
import time
import uuid

import pytest

from analysis.llm_client import (
    JUDGEMENT_SCHEMA,
    CircuitOpenError,
    LLMClient,
    LLMError,
    judgement,
    parse_reply,
)
from homesec.circuit import CircuitBreaker
from tests.scripted_llm import GOOD, chat


def breaker(**options) -> CircuitBreaker:
    """A circuit of its own (the state lives in Redis, under its name)."""
    return CircuitBreaker(
        f"test-{uuid.uuid4().hex}", **{"failure_threshold": 2, "recovery_seconds": 0.5, **options}
    )


def client(llm_server, **options) -> LLMClient:
    breaker_ = options.pop("breaker", None) or breaker()
    return LLMClient(
        url=llm_server.url,
        breaker=breaker_,
        timeout=options.pop("timeout", 2),
        retries=options.pop("retries", 1),
        backoff=0.05,
        **options,
    )


def ask(llm: LLMClient) -> dict:
    return llm.complete_json([{"role": "user", "content": "judge"}], JUDGEMENT_SCHEMA, name="j")


def test_a_good_answer_comes_back_and_the_request_asks_for_the_schema(llm_server):
    assert ask(client(llm_server)) == GOOD
    request = llm_server.requests[0]
    assert request["response_format"]["type"] == "json_schema"
    schema = request["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["summary"]["maxLength"] == 160
    assert schema["properties"]["factors"]["items"]["maxLength"] == 80


@pytest.mark.parametrize(
    "content",
    [
        "<think>The person is at the door at 2am, so...</think>\n" + json.dumps(GOOD),
        "```json\n" + json.dumps(GOOD) + "\n```",
        "Here is my assessment: " + json.dumps(GOOD) + " Stay safe!",
        json.dumps(GOOD).replace("One person", "One\tperson\x01"),
    ],
    ids=["think", "fence", "prose", "control-characters"],
)
def test_replies_wrapped_in_noise_are_read(llm_server, content):
    llm_server.then(body=chat(content))
    assert ask(client(llm_server))["risk_score"] == 82


@pytest.mark.parametrize(("raw", "expected"), [(150, 100), (-5, 0), ("87", 87), (42.6, 43)])
def test_scores_are_brought_into_range(raw, expected):
    assert judgement({**GOOD, "risk_score": raw})["risk_score"] == expected


def test_a_judgement_without_a_score_is_an_error():
    with pytest.raises(LLMError, match="no usable risk_score"):
        judgement({"summary": "hm"})


def test_server_errors_are_retried(llm_server):
    llm_server.then(500, b"overloaded").then(200)
    assert ask(client(llm_server)) == GOOD
    assert len(llm_server.requests) == 2


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (200, chat(""), "the reply was empty"),
        (200, {"choices": []}, "no choices"),
        (200, chat('{"risk_score": 8'), "no JSON object"),
        (200, b"<html>gateway</html>", "not JSON"),
        (502, b"bad gateway", "HTTP 502"),
    ],
    ids=["empty", "no-choices", "truncated", "garbage", "502"],
)
def test_unusable_answers_are_errors_after_the_retries(llm_server, status, body, message):
    llm_server.then(status, body).then(status, body)
    with pytest.raises(LLMError, match=message):
        ask(client(llm_server))
    assert len(llm_server.requests) == 2


def test_a_server_that_does_not_answer_in_time_is_an_error(llm_server):
    llm_server.then(delay=1.5).then(delay=1.5)
    began = time.monotonic()
    with pytest.raises(LLMError, match=r"no answer within 0\.5 s"):
        ask(client(llm_server, timeout=0.5))
    assert time.monotonic() - began < 3


def test_the_circuit_opens_after_repeated_failures_and_closes_when_the_server_recovers(llm_server):
    llm = client(llm_server, retries=0)
    for _ in range(2):
        llm_server.then(500, b"down")
        with pytest.raises(LLMError, match="HTTP 500"):
            ask(llm)
    calls = len(llm_server.requests)
    with pytest.raises(CircuitOpenError):
        ask(llm)  # open: the llm_server is not even called
    assert len(llm_server.requests) == calls
    time.sleep(0.6)  # recovery time: one call is let through (half-open)
    llm_server.then(500, b"still down")
    with pytest.raises(LLMError, match="HTTP 500"):
        ask(llm)
    with pytest.raises(CircuitOpenError):
        ask(llm)  # the test call failed: open again
    time.sleep(0.6)
    assert ask(llm) == GOOD  # the llm_server answers well: closed
    assert ask(llm) == GOOD


def test_the_circuit_is_shared_by_every_process(llm_server):
    """Two clients with their own breaker objects, as two worker processes have, on one
    circuit: one's failures spare the other the wait, and only one of them probes."""
    name = f"test-{uuid.uuid4().hex}"
    first, second = (
        client(
            llm_server,
            retries=0,
            breaker=CircuitBreaker(name, failure_threshold=2, recovery_seconds=0.5),
        )
        for _ in range(2)
    )
    llm_server.then(500, b"down")
    with pytest.raises(LLMError):
        ask(first)
    llm_server.then(500, b"down")
    with pytest.raises(LLMError):
        ask(second)
    calls = len(llm_server.requests)
    for llm in (first, second):
        with pytest.raises(CircuitOpenError):
            ask(llm)
    assert len(llm_server.requests) == calls
    assert first.breaker.state == "open"
    time.sleep(0.6)
    assert first.breaker.allow()  # the probe's turn, taken by the first
    assert not second.breaker.allow()  # the second waits for its outcome
    assert second.breaker.state == "half_open"
    first.breaker.record_success()
    assert ask(second) == GOOD
    assert second.breaker.state == "closed"


def test_parse_reply_refuses_a_list():
    with pytest.raises(LLMError):
        parse_reply("[1, 2, 3]")
