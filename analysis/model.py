"""The fitted judge: the dimensions of a batch (analysis/dimensions.py) times weights
fitted on the labelled scene corpus (bench/fit_judge.py writes judge_weights.json),
each product a named factor, plus the household's own calibration on top, bounded as
the rules' is. The score is their sum, 0-100."""

import json
from functools import cache
from pathlib import Path

from django.conf import settings

from events.risk import risk_level_for
from household import identities, visitors

from . import dimensions, routine, scoring
from .observed import BatchFacts

WEIGHTS = Path(__file__).with_name("judge_weights.json")
MINUTES = {"entry_minutes", "property_minutes", "still_minutes", "vehicle_minutes"}
# The dimensions whose reasons name the zones they were measured in.
PLACES = {"edge": "perimeter", "grounds": "grounds", "over_perimeter": "perimeter"}
PLACES |= dict.fromkeys(["entry", "entry_at_night", "asleep_entry", "empty_entry"], "entry_point")


@cache
def weights() -> dict:
    return json.loads(WEIGHTS.read_text())


def factors(facts: BatchFacts, fitted: dict | None = None) -> list[tuple[str, int]]:
    """(reason, points) for each dimension that counted, the starting point first."""
    fitted = fitted or weights()
    values = dimensions.measure(facts)
    found = [("something was seen", round(fitted["bias"]))] if facts.objects else []
    for dimension in dimensions.DIMENSIONS:
        points = round(fitted["weights"].get(dimension.name, 0.0) * values[dimension.name])
        if points:
            found.append((_reason(dimension, values[dimension.name], facts), points))
    if facts.learning and any(o.label in dimensions.WHO_MATTERS for o in facts.objects):
        found.append((routine.LEARNING, 0))  # said, not scored: why "unusual" is absent
    if facts.calibration:
        found.append(facts.calibration)
    return found


def score(facts: BatchFacts, fitted: dict | None = None) -> scoring.Judgement:
    fitted = fitted or weights()
    found = factors(facts, fitted)
    raw = sum(points for _, points in found)
    if fitted.get("cuts") and found:
        scaled = on_scale(raw, fitted["cuts"])
        if scaled != raw:
            found.append(("on the scale of the reviewed scenes' bands", scaled - raw))
    total = max(0, min(100, sum(points for _, points in found)))
    level = risk_level_for(total)
    return scoring.Judgement(
        total, level, scoring.summary(facts, level), scoring.reasoning(found), found
    )


def on_scale(raw: float, cuts: list[float]) -> int:
    """The score of a sum of points, given the sums at which the reviewed scenes' bands
    begin (``cuts``, fitted): within a band a point is a point; each cut starts a band at
    its lowest score (HOMESEC_RISK_*_FROM)."""
    bands = settings.RISK_BANDS
    base = [0, bands["medium"], bands["high"], bands["critical"]]
    top = [bands["medium"] - 1, bands["high"] - 1, bands["critical"] - 1, 100]
    band = sum(raw >= cut for cut in cuts)
    start = cuts[0] - base[1] if band == 0 else cuts[band - 1]
    return round(max(base[band], min(top[band], base[band] + raw - start)))


def _reason(dimension: dimensions.Dimension, value: float, facts: BatchFacts) -> str:
    """The dimension's reason, naming who or what where the facts know: the event page
    and feedback read the expected visitor and the recognised person from these."""
    named = _named(dimension.name, facts)
    if named:
        return named
    base = dimension.name.removesuffix("_known")
    if base in PLACES:
        zones = _zones(facts, PLACES[base])
        return f"{dimension.reason}: {zones}" if zones else dimension.reason
    if base in MINUTES:
        minutes = 2**value - 1
        said = f"{minutes * 60:.0f} s" if minutes < 1 else f"{minutes:.0f} min"
        return f"{dimension.reason}: {said}"
    if dimension.name == "more_people":
        return f"{value + 1:.0f} people on the property"
    return dimension.reason


def _named(name: str, facts: BatchFacts) -> str | None:
    """The rules' own words for who (household/identities.py) and the schedule
    (household/visitors.py), so both judges' events read alike."""
    known = [s for s in facts.people if s.status == "known"]
    roles = {"household_face": "household member", "regular_face": "regular visitor"}
    if name in roles:
        person = next((s for s in known if s.kind == "person" and s.role == name[:-5]), None)
        return f"{identities.FACTOR}{roles[name]} {person}" if person else None
    if name == "unwanted":
        person = next((s for s in known if s.role == "unwanted"), None)
        return f"unwanted person: {person.name}" if person else None
    if name == "known_plate":
        plate = next((s for s in known if s.kind == "vehicle"), None)
        return f"{identities.FACTOR}known vehicle {plate}" if plate else None
    if name == "expected" and facts.expected:
        return f"{visitors.FACTOR}{facts.expected[0]}"
    return None


def _zones(facts: BatchFacts, kind: str) -> str:
    """The zones of ``kind`` people stood in, in the order first reached ("grounds": the
    yard, driveway and other zones)."""
    kinds = {"grounds": {"yard", "driveway", "other"}}.get(kind, {kind})
    names: list[str] = []
    for person in (o for o in facts.objects if o.label in dimensions.PEOPLE):
        for track in person.tracks:
            names += [n for n, k in track.path if k in kinds and n not in names]
    return ", ".join(names)
