"""The prompt: facts, not pictures of facts, and a rubric so scores spread out."""

from household import identities, visitors

from .observed import BatchFacts
from .scoring import Judgement, day_period

PROMPT_VERSION = "2026-12-07.1"

RUBRIC = """Score the risk from 0 to 100 using the whole range:
0-29 low: routine or harmless (animals, passers-by, expected visitors, deliveries by day,
household members and known vehicles recognised).
30-59 medium: worth a look (unexpected but plausible: a car idling, someone lingering by day).
60-84 high: likely unwanted (a stranger at a door at night, someone trying doors or windows).
85-100 critical: act now (forced entry, several strangers at night at entry points, a
person the household marked unwanted)."""


def messages(facts: BatchFacts, rules: Judgement, household: str, *, score: bool) -> list[dict]:
    """The chat for one batch. ``score``: the LLM sets the score; otherwise it explains the
    rule-based score it is given (HOMESEC_RISK_SOURCE=rules)."""
    lines = [f"Camera: {facts.camera_name}"]
    if facts.camera_description:
        lines.append(f"What it watches: {facts.camera_description}")
    usual = f"{facts.usual_events_at_this_hour:.2f}/day"
    if facts.learning:
        usual = "not known yet (the camera is still learning its routine)"
    lines += [
        f"Local time: {facts.local_time:%A %Y-%m-%d %H:%M} ({day_period(facts.local_time)})",
        f"Usual events for this camera in this hour: {usual}",
    ]
    for o in facts.objects:
        zones = ", ".join(f"{name} ({kind})" for name, kind in o.zones) or "no zone"
        seen = f", seen {o.first_seen:%H:%M:%S}-{o.last_seen:%H:%M:%S}" if o.first_seen else ""
        lines.append(
            f"- {o.label}: up to {o.count} at once, confidence {o.confidence:.0%}{seen}, "
            f"stayed {o.dwell_seconds:.0f} s, {'moving' if o.moved else 'still'}, in {zones}"
        )
    lines += identities.prompt_lines(facts.people)
    lines += visitors.prompt_lines(facts.expected, facts.house_mode)
    if household:
        lines.append(f"Household notes: {household}")
    if score:
        ask = "Answer with JSON: risk_score, summary (one sentence), reasoning, factors."
    else:
        lines.append(f"The risk score is {rules.score} ({rules.level}) because: {rules.reasoning}")
        ask = (
            f"Answer with JSON: risk_score ({rules.score}), summary (one sentence a household "
            "member reads on a phone), reasoning (why this score), factors."
        )
    return [
        {"role": "system", "content": "You judge home-security camera events.\n" + RUBRIC},
        {"role": "user", "content": "\n".join([*lines, ask])},
    ]
