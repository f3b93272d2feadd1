"""One client for any OpenAI-compatible server (vLLM, llama.cpp's llama-server, Ollama).

It asks for JSON under a schema (``response_format`` of type ``json_schema``, every
string bounded), retries with backoff and jitter, stops calling a failing server
(circuit breaker), and reads what comes back tolerantly: ``<think>`` blocks, code
fences, prose around the object, control characters, numbers out of range.
"""

import json
import logging
import random
import re
import time

import httpx
from django.conf import settings

from homesec import metrics
from homesec.circuit import CircuitBreaker

log = logging.getLogger(__name__)

JUDGEMENT_SCHEMA = {
    "type": "object",
    "properties": {
        "risk_score": {"type": "integer", "minimum": 0, "maximum": 100},
        "summary": {"type": "string", "maxLength": 160},
        "reasoning": {"type": "string", "maxLength": 400},
        "factors": {
            "type": "array",
            "items": {"type": "string", "maxLength": 80},
            "maxItems": 5,
        },
    },
    "required": ["risk_score", "summary", "reasoning", "factors"],
    "additionalProperties": False,
}
THINKING = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL | re.IGNORECASE)


class LLMError(Exception):
    """No usable answer from the LLM; the message says why."""


class CircuitOpenError(LLMError):
    """The LLM failed repeatedly; it is not called until the circuit half-opens."""


def parse_reply(text: str | None) -> dict:
    """The first JSON object in a model's reply, whatever surrounds it."""
    if not text or not text.strip():
        raise LLMError("the reply was empty")
    text = THINKING.sub("", text)
    decoder = json.JSONDecoder(strict=False)  # control characters inside strings
    for start in [m.start() for m in re.finditer(r"\{", text)]:
        try:
            value, _ = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            return value
    raise LLMError(f"no JSON object in the reply: {text.strip()[:80]!r}")


def judgement(data: dict) -> dict:
    """A judgement with every field present and in range (scores clamped to 0-100)."""
    try:
        score = round(float(data["risk_score"]))
    except (KeyError, TypeError, ValueError):
        raise LLMError(f"no usable risk_score in {str(data)[:80]!r}") from None
    factors = data.get("factors") or []
    return {
        "risk_score": max(0, min(100, score)),
        "summary": str(data.get("summary") or "").strip()[:160],
        "reasoning": str(data.get("reasoning") or "").strip()[:400],
        "factors": [str(f)[:80] for f in factors][:5] if isinstance(factors, list) else [],
    }


class LLMClient:
    def __init__(self, *, url: str | None = None, breaker: CircuitBreaker | None = None, **options):
        self.url = (url or settings.LLM_URL).rstrip("/") + "/chat/completions"
        self.model = options.get("model", settings.LLM_MODEL)
        self.api_key = options.get("api_key", settings.LLM_API_KEY)
        self.timeout = options.get("timeout", settings.LLM_TIMEOUT_SECONDS)
        self.retries = options.get("retries", settings.LLM_RETRIES)
        self.backoff = options.get("backoff", 1.0)
        self.breaker = breaker or CircuitBreaker(
            f"llm:{self.url}",
            failure_threshold=settings.CIRCUIT_BREAKER_FAILURE_THRESHOLD,
            recovery_seconds=settings.CIRCUIT_BREAKER_RECOVERY_SECONDS,
        )

    def complete_json(self, messages: list[dict], schema: dict, *, name: str) -> dict:
        """The model's answer as a dict; LLMError (or CircuitOpenError) when there is none."""
        if not self.breaker.allow():
            raise CircuitOpenError("the LLM failed repeatedly; waiting before trying again")
        body = {
            "model": self.model,
            "messages": messages,
            "temperature": settings.LLM_TEMPERATURE,
            "max_tokens": settings.LLM_MAX_TOKENS,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": schema, "strict": True},
            },
        }
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        error = None
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1) * (0.5 + random.random()))
            started = time.monotonic()
            try:
                reply = self._post(body, headers)
            except LLMError as exc:
                error = exc
                log.warning("LLM attempt %d failed: %s", attempt + 1, exc)
                continue
            self.breaker.record_success()
            metrics.STAGE_SECONDS.labels("llm").observe(time.monotonic() - started)
            return reply
        self.breaker.record_failure()
        metrics.ERRORS.labels("llm").inc()
        raise LLMError(f"after {self.retries + 1} attempt(s): {error}")

    def _post(self, body: dict, headers: dict) -> dict:
        try:
            response = httpx.post(self.url, json=body, headers=headers, timeout=self.timeout)
        except httpx.TimeoutException:
            raise LLMError(f"no answer within {self.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise LLMError(f"cannot reach {self.url}: {exc}") from None
        if response.status_code != 200:
            raise LLMError(f"HTTP {response.status_code}: {response.text[:120]!r}")
        try:
            choices = response.json().get("choices") or []
        except (ValueError, AttributeError):
            raise LLMError(f"the server's answer is not JSON: {response.text[:80]!r}") from None
        if not choices:
            raise LLMError("the server answered with no choices")
        message = choices[0].get("message") or {}
        try:
            return parse_reply(message.get("content"))
        except LLMError:
            if choices[0].get("finish_reason") == "length":
                raise LLMError(
                    f"the answer was cut off at {body['max_tokens']} tokens "
                    "(HOMESEC_LLM_MAX_TOKENS)"
                ) from None
            raise
