"""The explainable scorer: a risk score from the facts of a batch, with its reasons.

It judges when the LLM is down (the fallback) and, with HOMESEC_RISK_SOURCE=rules,
always sets the score. Every point it gives is a named factor, so the event can say
exactly why it scored what it did.
"""

from dataclasses import dataclass
from datetime import datetime

from events.risk import risk_level_for
from household import identities, visitors

from . import routine, situations
from .observed import BatchFacts, ObjectFacts

PEOPLE = {"person"}
VEHICLES = {"car", "truck", "bus", "motorcycle", "bicycle"}
ANIMALS = {"dog", "cat", "horse", "bird"}
BASE = {"person": 25, "car": 15, "truck": 18, "bus": 8, "motorcycle": 15, "bicycle": 10}
ANIMAL_BASE = 4
SENSITIVE_ZONES = {"entry_point": 20, "driveway": 8, "yard": 6, "sidewalk": 0, "other": 0}


@dataclass
class Judgement:
    score: int
    level: str
    summary: str
    reasoning: str
    factors: list[tuple[str, int]]  # (why, points)


def day_period(moment: datetime) -> str:
    hour = moment.hour
    if 6 <= hour < 8:  # before 6 the household is asleep: a visit then is one at night
        return "early morning"
    if 8 <= hour < 18:
        return "daytime"
    if 18 <= hour < 22:
        return "evening"
    return "night"


def score(facts: BatchFacts) -> Judgement:
    factors: list[tuple[str, int]] = []
    people = next((o for o in facts.objects if o.label in PEOPLE), None)
    vehicles = [o for o in facts.objects if o.label in VEHICLES]
    animals = [o for o in facts.objects if o.label in ANIMALS]
    night = day_period(facts.local_time) == "night"

    for found in [o for o in facts.objects if o.label in BASE]:
        factors.append((f"{found.label} seen", BASE[found.label]))
    if animals and not people and not vehicles:
        factors.append(("only animals seen", ANIMAL_BASE))
    if people and people.count >= 2:
        factors.append((f"{people.count} people together", 8 if people.count == 2 else 14))
    if night and (people or vehicles):
        factors.append(("at night", 22 if people else 12))
    elif day_period(facts.local_time) in ("early morning", "evening") and people:
        factors.append((day_period(facts.local_time), 5))
    if people:
        factors += _person_factors(people, night=night)
    for vehicle in vehicles:
        if any(kind == "driveway" for _, kind in vehicle.zones) and night:
            factors.append((f"{vehicle.label} in the driveway at night", 8))
    if (people or vehicles) and facts.learning:
        factors.append((routine.LEARNING, 0))  # said, not scored: why "unusual" is absent
    elif (people or vehicles) and facts.usual_events_at_this_hour < 0.1:
        factors.append(("unusual for this camera at this hour", 10 if night else 4))
    factors += visitors.factors(facts.expected, facts.house_mode)

    factors += situations.factors(facts, day_period(facts.local_time))
    if facts.calibration:
        factors.append(facts.calibration)
    zones = people.zones if people else []
    so_far = sum(points for _, points in factors)
    factors += identities.factors(facts.people, zones, night=night, so_far=so_far)
    total = max(0, min(100, sum(points for _, points in factors)))
    level = risk_level_for(total)
    return Judgement(total, level, summary(facts, level), reasoning(factors), factors)


def _person_factors(people: ObjectFacts, *, night: bool) -> list[tuple[str, int]]:
    factors = []
    zone_points = max((SENSITIVE_ZONES.get(kind, 0) for _, kind in people.zones), default=0)
    if zone_points and (night or people.dwell_seconds >= 60):
        # At night any visit to a door counts; by day only one that stays.
        zone = max(people.zones, key=lambda z: SENSITIVE_ZONES.get(z[1], 0))[0]
        factors.append((f"person at {zone}", zone_points + 8 if night else zone_points // 2))
    if people.dwell_seconds >= 180:
        factors.append((f"lingered {people.dwell_seconds / 60:.0f} min", 22 if night else 12))
    elif people.dwell_seconds >= 60:
        factors.append(("stayed over a minute", 10 if night else 5))
    elif situations.passing(people) and not night:
        factors.append(("passed through quickly", -15))
    return factors


def summary(facts: BatchFacts, level: str) -> str:
    if not facts.objects:
        return f"Nothing of note at {facts.camera_name} — {level}"
    main = max(facts.objects, key=lambda o: BASE.get(o.label, ANIMAL_BASE))
    plural = "people" if main.label == "person" else f"{main.label}s"
    what = main.label if main.count == 1 else f"{main.count} {plural}"
    if main.label == "person" and main.count == 1:
        what = identities.who(facts.people) or what
    where = f" at {main.zones[0][0]}" if main.zones else ""
    lingering = " lingering" if main.dwell_seconds >= 60 else ""
    when = facts.local_time.strftime("%H:%M")
    what = what[:1].upper() + what[1:]  # a name keeps its capitals
    return f"{what}{lingering}{where} ({facts.camera_name}), {when} — {level}"


def reasoning(factors: list[tuple[str, int]]) -> str:
    if not factors:
        return "Nothing that raises the risk was seen."
    parts = [f"{why} ({points:+d})" for why, points in factors]
    return "Scored from the facts: " + "; ".join(parts) + "."
