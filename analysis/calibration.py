"""Calibration from the household's feedback: local, explainable, bounded.

Similar events are those of the same camera, the same kind of zone, the same main class
and the same part of the day (the event's ``calibration_key``). Each similar event counts
once, by its latest feedback: a false alarm −5, "should have been lower" −3, "should have
been higher" +5, "right level" 0; the sum is capped at ±20 and given to the scorer as one
named factor ("you marked 4 similar events here as false alarms: −20").

The bound: feedback alone never brings a person at an entry point at night below high.
"""

from dataclasses import dataclass

from django.conf import settings

from events.models import Feedback

from . import situations
from .observed import BatchFacts
from .scoring import ANIMAL_BASE, BASE, SENSITIVE_ZONES, day_period, score

CAP = 20
POINTS = {
    Feedback.Verdict.FALSE_ALARM: -5,
    Feedback.Verdict.TOO_HIGH: -3,
    Feedback.Verdict.TOO_LOW: 5,
    Feedback.Verdict.RIGHT: 0,
}
SAID = {  # how the factor's words name each verdict, by count
    Feedback.Verdict.FALSE_ALARM: ("a false alarm", "false alarms"),
    Feedback.Verdict.TOO_HIGH: ("too high", "too high"),
    Feedback.Verdict.TOO_LOW: ("too low", "too low"),
    Feedback.Verdict.RIGHT: ("right", "right"),
}


@dataclass
class Adjustment:
    key: str
    points: int
    marks: dict[str, int]  # verdict: similar events that got it

    @property
    def why(self) -> str:
        """ "you marked 4 similar events here as false alarms", or, mixed,
        "you marked 3 similar events here: 2 as false alarms and 1 as too low"."""
        said = [(n, SAID[v][0 if n == 1 else 1]) for v, n in self.marks.items() if n]
        total = sum(n for n, _ in said)
        marked = f"you marked {total} similar event{'' if total == 1 else 's'} here"
        if len(said) == 1:
            return f"{marked} as {said[0][1]}"
        return f"{marked}: " + " and ".join(f"{n} as {words}" for n, words in said)

    @property
    def parts(self) -> dict[str, str]:
        camera, zone, label, period = self.key.split("|")
        return {"camera": camera, "zone_kind": zone, "label": label, "day_period": period}


def key_of(camera_id: str, facts: BatchFacts) -> str:
    """What "similar" means: camera | zone kind | main class | part of day (and whether
    the house was empty: away or vacation)."""
    if not facts.objects:
        return ""
    main = max(facts.objects, key=lambda o: BASE.get(o.label, ANIMAL_BASE))
    kinds = [kind for _, kind in main.zones]
    zone = max(kinds, key=lambda k: SENSITIVE_ZONES.get(k, 0), default="none")
    # An empty house's events are their own kind: feedback on them ("the gardener, while
    # we were away: too high") must not lower the same scene while the family is home.
    empty = " (house empty)" if facts.house_mode in situations.EMPTY_MODES else ""
    return f"{camera_id}|{zone}|{main.label}|{day_period(facts.local_time)}{empty}"


def adjustment(key: str) -> Adjustment | None:
    """The adjustment learned for ``key``, or None when no feedback counts for it."""
    found = adjustments(key=key)
    return found[0] if found else None


def adjustments(*, key: str | None = None) -> list[Adjustment]:
    """Every learned adjustment (or ``key``'s), from each similar event's latest word."""
    rows = Feedback.objects.filter(calibrates=True).exclude(event__calibration_key="")
    if key is not None:
        rows = rows.filter(event__calibration_key=key)
    latest = (
        rows.order_by("event_id", "-created_at")
        .distinct("event_id")
        .values_list("event__calibration_key", "verdict")
    )
    marks: dict[str, dict[str, int]] = {}
    for found_key, verdict in latest:
        counts = marks.setdefault(found_key, dict.fromkeys(POINTS, 0))
        counts[verdict] += 1
    return [
        Adjustment(k, _capped(sum(POINTS[v] * n for v, n in counts.items())), counts)
        for k, counts in sorted(marks.items())
    ]


def _capped(points: int) -> int:
    return max(-CAP, min(CAP, points))


def factor(camera_id: str, facts: BatchFacts) -> tuple[str, int] | None:
    """The scorer's named factor for this batch, bounded; None when nothing was learned."""
    learned = adjustment(key_of(camera_id, facts))
    if learned is None or learned.points == 0:
        return None
    return bounded(learned.points, learned.why, facts)


def bounded(points: int, why: str, facts: BatchFacts) -> tuple[str, int] | None:
    """The factor for ``points`` learned for this batch, held by the bound (no database:
    the judgement benchmark simulates feedback through it)."""
    if points < 0 and _protected(facts):
        unadjusted = score(facts).score
        floor = min(0, settings.RISK_BANDS["high"] - unadjusted)
        if points < floor:
            points, why = floor, f"{why}, held at high: a person at an entry point at night"
    return (why, points) if points else None


def _protected(facts: BatchFacts) -> bool:
    """A person at an entry point at night: no amount of feedback makes it less than high."""
    return day_period(facts.local_time) == "night" and any(
        o.label == "person" and any(kind == "entry_point" for _, kind in o.zones)
        for o in facts.objects
    )


def reset(key: str | None = None) -> int:
    """Forget the feedback behind one adjustment (or all): the rows stay, uncounted."""
    rows = Feedback.objects.filter(calibrates=True)
    if key is not None:
        rows = rows.filter(event__calibration_key=key)
    return rows.update(calibrates=False)
