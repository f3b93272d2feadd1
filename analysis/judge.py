"""Judging a batch: the explainable scorer always, the LLM when it is on and answering.

HOMESEC_RISK_SOURCE=rules: the scorer sets score and factors, the LLM writes the words.
HOMESEC_RISK_SOURCE=llm: the LLM sets everything. Either way, when the LLM is off, down
or its circuit open, the scorer's own summary and reasoning stand (source "fallback").
The LLM's summary and reasoning are shown only when grounded in the facts (grounding.py);
otherwise the scorer's stand and ``words_dropped`` says why.
"""

import logging
from functools import cache

from django.conf import settings

from events.risk import risk_level_for
from household.models import Household

from . import grounding, model, prompt, scoring, vision
from .llm_client import JUDGEMENT_SCHEMA, LLMClient, LLMError, judgement

log = logging.getLogger(__name__)


def _client() -> LLMClient:
    """One client per process and configuration (a test may change the settings)."""
    return _client_for(
        settings.LLM_URL,
        settings.LLM_TIMEOUT_SECONDS,
        settings.LLM_RETRIES,
        settings.CIRCUIT_BREAKER_FAILURE_THRESHOLD,
        settings.CIRCUIT_BREAKER_RECOVERY_SECONDS,
    )


@cache
def _client_for(url: str, *_settings) -> LLMClient:
    return LLMClient(url=url)


def judge(
    facts: scoring.BatchFacts, *, ask_llm: bool = True, images: list[str] | None = None
) -> dict:
    """The verdict for a batch. ``ask_llm=False``: the scorer alone, at once, marked
    ``rules`` while the LLM's verdict is still to come (``fallback`` when the LLM is off).
    ``images``: the batch's best frames (vision.py), sent beside the facts."""
    rules = (model.score if settings.JUDGE == "fitted" else scoring.score)(facts)
    verdict = {
        "risk_score": rules.score,
        "summary": rules.summary,
        "reasoning": rules.reasoning,
        "factors": [f"{why} ({points:+d})" for why, points in rules.factors],
        "analysis_source": "fallback",
        "scored_by": "rules",
        "judged_by": "rules",
        "prompt_version": prompt.PROMPT_VERSION,
        "words_dropped": "",
        "calibration_key": facts.calibration_key,
    }
    if not settings.LLM_ENABLED:
        return verdict
    if not ask_llm:
        return {**verdict, "analysis_source": "rules"}
    try:
        chat = prompt.messages(
            facts, rules, Household.current().context, score=settings.RISK_SOURCE == "llm"
        )
        answer = judgement(
            _client().complete_json(
                vision.attach(chat, images or []), JUDGEMENT_SCHEMA, name="risk_judgement"
            )
        )
    except LLMError as exc:
        log.warning("LLM unavailable, the rules judge alone: %s", exc)
        return verdict
    verdict.update(analysis_source="llm", judged_by=settings.LLM_MODEL)
    if settings.RISK_SOURCE == "llm":
        verdict.update(risk_score=answer["risk_score"], scored_by="llm")
    level = risk_level_for(verdict["risk_score"])
    words = grounded_words(answer, facts, level)
    if settings.RISK_SOURCE == "llm":
        factors, dropped = grounded_factors(answer["factors"], facts, level)
        verdict["factors"] = factors or verdict["factors"]
        words["words_dropped"] = " ".join(filter(None, [words["words_dropped"], dropped]))
    return {**verdict, **words}


def grounded_words(answer: dict, facts: scoring.BatchFacts, level: str) -> dict:
    """The LLM's summary and reasoning that pass the grounding checks, each on its own;
    ``words_dropped`` says why any other was left out (the scorer's text stands)."""
    kept, dropped = {}, []
    for part in ("summary", "reasoning"):
        if not answer[part]:
            continue
        reason = grounding.problem(answer[part], facts, level, part=part)
        if reason:
            dropped.append(f"The LLM's {part} was not shown: {reason}.")
        else:
            kept[part] = answer[part]
    return {**kept, "words_dropped": " ".join(dropped)}


def grounded_factors(factors: list[str], facts: scoring.BatchFacts, level: str) -> tuple:
    """The LLM's factors (when it scores) that claim nothing ungrounded, and why any not."""
    reasons = {f: grounding.problem(f, facts, level, part="factor") for f in factors}
    kept = [f for f, reason in reasons.items() if reason is None]
    dropped = [f"“{f}”: {reason}" for f, reason in reasons.items() if reason]
    if not dropped:
        return kept, ""
    return kept, "Some of the LLM's factors were not shown: " + "; ".join(dropped) + "."
