"""The judge's dimensions: a fixed set of named measures of a batch — where, the path,
when (against this household's routine), who, how long, how many, the house mode — each
a number the fitted model (analysis/model.py) turns into named points.

Each dimension says which way it may push: ``+`` (more of it never lowers the risk: more
time at a door, a deeper path into the property), ``-`` (never raises it: an expected
visitor, a household member's face), or ``±`` (the corpus decides). The fit
(bench/fit_judge.py) keeps those signs, so a reason always reads the way it counts.

Who comes first, as an operator reads a scene: where someone went, how long they stayed
and when count apart for people the household accounts for — a household member's or a
regular's face for each person seen at once, a visitor the schedule expects, or a path
that says who (out of the house by day, out of the household's car as it pulled in), with
no unfamiliar face and nobody unwanted among them — (``…_known``, their own weights) and
for everyone else. The same door at 23:00 is routine for the family and high for a
stranger: one sum of points cannot say both."""

import math
from dataclasses import dataclass

from household import visitors

from .observed import BatchFacts, ObjectFacts
from .scoring import PEOPLE, VEHICLES, day_period
from .tracks import RANK, Track

WHO_MATTERS = PEOPLE | VEHICLES  # what a camera's routine is about (not animals)
EMPTY_MODES = {"away", "vacation"}
BESIDE = 0.35  # how far (fractions of the image) from where a car stopped its driver gets out


@dataclass(frozen=True)
class Dimension:
    name: str
    sign: str  # "+", "-" or "±"
    reason: str  # what the event page says; {value} is filled in where it reads better


DIMENSIONS = [
    Dimension("person", "+", "a person on the property"),
    Dimension("person_public", "±", "a person only on public ground (pavement, street)"),
    Dimension("edge", "+", "at the property's edge (fence, wall, hedge, gate)"),
    Dimension("grounds", "+", "on the grounds (yard, driveway)"),
    Dimension("entry", "+", "at an entry point (door, window, garage)"),
    Dimension("over_perimeter", "+", "came over the perimeter onto the property"),
    Dimension("entry_minutes", "+", "time at an entry point"),
    Dimension("property_minutes", "+", "time on the property"),
    Dimension("still_minutes", "+", "standing still on the property"),
    Dimension("lying", "+", "a person lying down on the property"),
    Dimension("returned", "+", "came back after leaving"),
    Dimension("more_people", "+", "more than one person on the property"),
    Dimension("night", "+", "on the property at night"),
    Dimension("dusk_dawn", "+", "on the property in the evening or early morning"),
    Dimension("entry_at_night", "+", "at an entry point at night"),
    Dimension("inside_at_night", "+", "inside the property's edge at night"),
    Dimension("unusual_hour", "+", "unusual for this camera at this hour"),
    Dimension("house_empty", "+", "the house is away or on vacation: nobody should be here"),
    Dimension("asleep_entry", "+", "at an entry point while the house sleeps (night mode)"),
    Dimension("empty_entry", "+", "at an entry point while the house is away or on vacation"),
    Dimension("expected", "-", "expected now (the schedule)"),
    Dimension("household_face", "-", "a household member's face"),
    Dimension("regular_face", "-", "a regular visitor's face"),
    Dimension("unfamiliar_face", "+", "an unfamiliar face"),
    Dimension("unwanted", "+", "a person the household marked unwanted"),
    Dimension("known_plate", "-", "a known vehicle's plate"),
    Dimension("vehicle_property", "+", "a vehicle on the property"),
    Dimension("vehicle_night", "+", "a vehicle on the property at night"),
    Dimension("vehicle_minutes", "+", "time a vehicle stood on the property"),
    Dimension("vehicle_public", "±", "vehicles only on public ground"),
    Dimension("animals_only", "-", "only animals seen"),
]
# Where, how long and when: measured apart for people the household accounts for.
BY_WHO = [
    "person", "edge", "grounds", "entry", "over_perimeter", "entry_minutes",
    "property_minutes", "still_minutes", "returned", "night", "dusk_dawn", "entry_at_night",
    "inside_at_night", "unusual_hour", "house_empty", "asleep_entry", "empty_entry",
]  # fmt: skip
KNOWN = " (someone the household knows)"
DIMENSIONS += [
    Dimension(f"{d.name}_known", d.sign, d.reason + KNOWN) for d in DIMENSIONS if d.name in BY_WHO
]
NAMES = [d.name for d in DIMENSIONS]


def measure(facts: BatchFacts) -> dict[str, float]:
    """Each dimension's value for a batch (0 where it does not apply)."""
    people = [o for o in facts.objects if o.label in PEOPLE]
    vehicles = [o for o in facts.objects if o.label in VEHICLES]
    tracks = [t for o in people for t in o.tracks]
    on_property = [t for t in tracks if t.deepest >= 1]  # in no zone drawn: not the home
    period = day_period(facts.local_time)
    deepest = max((t.deepest for t in on_property), default=-1)
    values = {name: 0.0 for name in NAMES}
    if people:
        values |= _where(tracks, on_property, deepest)
        values |= _when(facts, period, bool(on_property), deepest)
        values |= _who(facts, bool(on_property))
    values |= _vehicles(vehicles, period)
    if not people and not vehicles and facts.objects:
        values["animals_only"] = 1.0
    if _accounted_for(values, facts, on_property):
        for name in BY_WHO:
            values[f"{name}_known"], values[name] = values[name], 0.0
    return values


def _accounted_for(values: dict[str, float], facts: BatchFacts, people: list[Track]) -> bool:
    """The people seen are the household's to explain: no unfamiliar face or unwanted
    person among them, and a visitor the schedule expects, as many household members'
    and regulars' faces as people were seen at once (a member's face does not vouch for
    a stranger beside them whose face was not seen), or each person came out of the house
    or out of the household's own car (``_came_home``). ``people``: the tracks of people
    on the property."""
    if values["unfamiliar_face"] or values["unwanted"]:
        return False
    faces = {s.name for s in facts.people if s.kind == "person" and s.status == "known"
             and s.role in ("household", "regular")}  # fmt: skip
    together = values["more_people"] + 1
    return (
        bool(values["expected"])
        or bool(faces and len(faces) >= together)
        or _came_home(facts, people)
    )


def _came_home(facts: BatchFacts, people: list[Track]) -> bool:
    """Everyone on the property came out of the house (by day with the house at home: out of
    an empty house, in the dark or while the house sleeps, it may be anyone), or got out of
    the household's own car as it pulled in (not while the house is away or on vacation:
    nobody should be coming and going, and a plate can be copied)."""
    cars = _household_cars(facts) if facts.house_mode not in EMPTY_MODES else []
    by_day = facts.house_mode == "home" and day_period(facts.local_time) == "daytime"
    return bool(people) and all(
        any(_out_of(car, t) for car in cars) or (by_day and t.came_out) for t in people
    )


def _household_cars(facts: BatchFacts) -> list[Track]:
    """The tracks of vehicles that pulled in from the street onto the property with a
    household plate read on them (not a plate read on another vehicle, nor a car leaving)."""
    plates = {d for s in facts.people if s.kind == "vehicle" and s.status == "known"
              and s.role == "household" for d in s.detection_ids}  # fmt: skip
    return [
        t
        for o in facts.objects
        if o.label in VEHICLES
        for t in o.tracks
        if t.arrived and any(getattr(s.source, "pk", None) in plates for s in t.sightings)
    ]


def _out_of(car: Track, person: Track) -> bool:
    """The person was first seen after the car came onto the property, on the property (not
    from the street or over the edge, nor back after leaving), beside where it stopped: its
    driver or a passenger."""
    first, stopped = person.sightings[0], car.sightings[-1]
    came_in = next(s.at for s in car.sightings if s.rank >= RANK["yard"])
    beside = math.dist((first.x, first.y), (stopped.x, stopped.y)) <= BESIDE
    on_grounds = first.rank >= RANK["yard"]
    return first.at >= came_in and on_grounds and beside and not person.returned


def _where(tracks: list[Track], on_property: list[Track], deepest: int) -> dict[str, float]:
    if not on_property:
        return {"person_public": float(any(t.only_public for t in tracks))}
    entry = sum(t.seconds_in("entry_point") for t in on_property)
    property_seconds = sum(_seconds_on_property(t) for t in on_property)
    still = sum(t.still_seconds for t in on_property)
    return {
        "person": 1.0,
        "edge": float(deepest == RANK["perimeter"]),
        "grounds": float(deepest == RANK["yard"]),
        "entry": float(deepest == RANK["entry_point"]),
        "over_perimeter": float(any(t.crossed_perimeter for t in on_property)),
        "entry_minutes": _minutes(entry),
        "property_minutes": _minutes(property_seconds),
        "still_minutes": _minutes(still),
        "lying": float(any(t.lying_seconds >= 60 for t in on_property)),
        "returned": float(any(t.returned for t in on_property)),
        "more_people": float(min(3, _most_at_once(on_property) - 1)),
    }


def _when(facts: BatchFacts, period: str, on_property: bool, deepest: int) -> dict:
    if not on_property:
        return {}
    usual = facts.usual_events_at_this_hour
    night, empty = period == "night", facts.house_mode in EMPTY_MODES
    return {
        "night": float(night),
        "entry_at_night": float(night and deepest == RANK["entry_point"]),
        "inside_at_night": float(night and deepest >= RANK["yard"]),
        "empty_entry": float(empty and deepest == RANK["entry_point"]),
        "dusk_dawn": float(period in ("evening", "early morning")),
        "unusual_hour": float(not facts.learning and usual < 0.1),
        "house_empty": float(facts.house_mode in EMPTY_MODES),
        "asleep_entry": float(facts.house_mode == "night" and deepest == RANK["entry_point"]),
        "expected": float(
            facts.house_mode not in visitors.NOBODY_EXPECTED
            and any(e.label == "person" for e in facts.expected)
        ),
    }


def _who(facts: BatchFacts, on_property: bool) -> dict[str, float]:
    people = [s for s in facts.people if s.kind == "person"]
    known = [s for s in people if s.status == "known"]
    plates = [s for s in facts.people if s.kind == "vehicle" and s.status == "known"]
    return {
        "household_face": float(any(s.role == "household" for s in known) and on_property),
        "regular_face": float(any(s.role == "regular" for s in known) and on_property),
        "unfamiliar_face": float(any(s.status == "unfamiliar" for s in people) and on_property),
        "unwanted": float(any(s.role == "unwanted" for s in known)),
        "known_plate": float(bool(plates)),
    }


def _vehicles(vehicles: list[ObjectFacts], period: str) -> dict[str, float]:
    tracks = [t for v in vehicles for t in v.tracks]
    parked = [t for t in tracks if t.deepest >= 1]
    if not tracks:
        return {}
    if not parked:
        return {"vehicle_public": 1.0}
    return {
        "vehicle_property": 1.0,
        "vehicle_night": float(period == "night"),
        "vehicle_minutes": _minutes(max(_seconds_on_property(t) for t in parked)),
    }


def _most_at_once(tracks: list[Track]) -> int:
    """The most of these tracks seen in one picture (a photo, or a clip's frame): people
    together, not one person seen again and again."""
    pictures: dict[tuple, set[int]] = {}
    for n, track in enumerate(tracks):
        for s in track.sightings:
            picture = (
                getattr(s.source, "media_id", None),
                getattr(s.source, "frame_seconds", None),
                s.at,
            )
            pictures.setdefault(picture, set()).add(n)
    return max((len(seen) for seen in pictures.values()), default=0)


def _seconds_on_property(track: Track) -> float:
    times = [s.at for s in track.sightings if s.rank >= 1]
    return (max(times) - min(times)).total_seconds() if times else 0.0


def _minutes(seconds: float) -> float:
    """log2(1 + minutes): the first minutes count most (0 s: 0, 1 min: 1, 3 min: 2)."""
    return math.log2(1 + seconds / 60)
