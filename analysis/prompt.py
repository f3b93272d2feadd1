"""The prompt: facts, not pictures of facts, and a rubric so scores spread out."""

from .scoring import BatchFacts, Judgement, day_period

PROMPT_VERSION = "2026-11-21.1"

RUBRIC = """Score the risk from 0 to 100 using the whole range:
0-29 low: routine or harmless (animals, passers-by, expected visitors, deliveries by day).
30-59 medium: worth a look (unexpected but plausible: a car idling, someone lingering by day).
60-84 high: likely unwanted (a stranger at a door at night, someone trying doors or windows).
85-100 critical: act now (forced entry, several strangers at night at entry points)."""


def messages(facts: BatchFacts, rules: Judgement, household: str) -> list[dict]:
    lines = [
        f"Camera: {facts.camera_name}",
        f"Local time: {facts.local_time:%A %Y-%m-%d %H:%M} ({day_period(facts.local_time)})",
        f"Usual events for this camera in this hour: {facts.usual_events_at_this_hour:.2f}/day",
    ]
    for o in facts.objects:
        zones = ", ".join(f"{name} ({kind})" for name, kind in o.zones) or "no zone"
        lines.append(
            f"- {o.label}: up to {o.count} at once, confidence {o.confidence:.0%}, "
            f"stayed {o.dwell_seconds:.0f} s, {'moving' if o.moved else 'still'}, in {zones}"
        )
    if household:
        lines.append(f"Household notes: {household}")
    lines.append(f"A rule-based scorer gave {rules.score} because: {rules.reasoning}")
    return [
        {"role": "system", "content": "You judge home-security camera events.\n" + RUBRIC},
        {
            "role": "user",
            "content": "\n".join(lines)
            + "\nAnswer with JSON: risk_score, summary (one sentence), reasoning, factors.",
        },
    ]
