"""Situations the plain factors judged wrong, each with its reason (issue 18, item 4);
found by bench/judgement.py against an operator's bands.

- Someone walking past on the sidewalk at night is not a visit to the house: the night
  and the person already count, so the passing takes most of it back (a group's company
  too: two people walking home are no more a visit than one). Passing is where the boxes
  stand, not only how they move: a kind of object seen only in public zones (cameras'
  PUBLIC_KINDS) for under half a minute is passing, one photo of it too (issue 31, item 2).
- A vehicle driving past on the street at night is not a visit either.
- Someone in a perimeter zone (fence, wall, hedge) has crossed into the property's edge:
  worth a look by day, and at night, with the other night factors, critical.
- A short visit by day to a door that rarely sees anyone at this hour (the back door,
  not the front door the couriers use) is worth a look, however quick.
- While the house is away or on vacation, a person on the property is nobody of the
  household: what would be a visit becomes likely unwanted.
- A vehicle parked in the driveway for minutes, nobody expecting it, is worth a look by
  day and likely unwanted at night (seen only with a batch window of 5 min or more).
"""

from typing import TYPE_CHECKING

from cameras.models import PUBLIC_KINDS

if TYPE_CHECKING:
    from .observed import BatchFacts, ObjectFacts

PASSING_SECONDS = 30
PASSED_BY_AT_NIGHT = -30
IN_COMPANY = {2: 8, 3: 14}  # scoring's "people together", which a passing group takes back
DROVE_PAST_AT_NIGHT = -20
PERIMETER = {"night": 30, "evening": 15, "early morning": 15, "daytime": 10}
RARE_DOOR = 25  # cancels "passed through quickly" (-15) and leaves a visit worth a look
RARELY = 0.5  # events a day at this hour below which a camera's door is rarely visited
BRIEF_SECONDS = 60
HOUSE_EMPTY = 30
EMPTY_MODES = {"away", "vacation"}
ON_THE_PROPERTY = {"entry_point", "yard", "driveway", "perimeter"}
PARKED_SECONDS = 300
PARKED = {"night": 20, "evening": 15, "early morning": 15, "daytime": 15}
WHEN = {
    "night": "at night",
    "evening": "in the evening",
    "early morning": "early in the morning",
    "daytime": "by day",
}
VEHICLES = {"car", "truck", "bus", "motorcycle", "bicycle"}


def factors(facts: "BatchFacts", period: str) -> list[tuple[str, int]]:
    people = next((o for o in facts.objects if o.label == "person"), None)
    vehicles = [o for o in facts.objects if o.label in VEHICLES]
    found = _vehicle_factors(vehicles, facts, period, people=people is not None)
    if people is None:
        return found
    if period == "night" and _walked_past(people):
        company = IN_COMPANY[min(people.count, 3)] if people.count >= 2 else 0
        together = " together" if company else ""
        found.append(
            (
                f"walked past on the sidewalk{together}, not to the house",
                PASSED_BY_AT_NIGHT - company,
            )
        )
    crossed = [name for name, kind in people.zones if kind == "perimeter"]
    if crossed:
        found.append((f"person at the perimeter ({crossed[0]}) {WHEN[period]}", PERIMETER[period]))
    if door := _rare_door_visit(facts, people, period):
        found.append((f"a visit to {door}, which rarely sees anyone at this hour", RARE_DOOR))
    if facts.house_mode in EMPTY_MODES and {k for _, k in people.zones} & ON_THE_PROPERTY:
        found.append(
            (f"the house is {facts.house_mode}: nobody of the household is here", HOUSE_EMPTY)
        )
    return found


def _vehicle_factors(vehicles, facts: "BatchFacts", period: str, *, people: bool) -> list:
    found = []
    if period == "night" and vehicles and not people and all(map(_drove_past, vehicles)):
        found.append(("drove past on the street, not to the house", DROVE_PAST_AT_NIGHT))
    for vehicle in vehicles:
        parked = not vehicle.moved and vehicle.dwell_seconds >= PARKED_SECONDS
        driveway = any(kind == "driveway" for _, kind in vehicle.zones)
        if parked and driveway and not _expected(facts, vehicle.label):
            minutes = f"{vehicle.dwell_seconds / 60:.0f} min"
            found.append(
                (f"{vehicle.label} parked in the driveway {minutes}, not expected", PARKED[period])
            )
    return found


def passing(found: "ObjectFacts") -> bool:
    """Gone within half a minute, and either seen moving or seen only in public zones: a
    single photo of someone on the pavement has no movement, and is no visit either."""
    short = found.dwell_seconds < PASSING_SECONDS
    return short and (found.moved or found.only_public)


def _walked_past(people: "ObjectFacts") -> bool:
    """Seen only in public zones (the sidewalk, the street), passing."""
    return people.only_public and passing(people)


def _drove_past(vehicle: "ObjectFacts") -> bool:
    """On the street (or in no zone), passing."""
    kinds = {kind for _, kind in vehicle.zones}
    return kinds <= PUBLIC_KINDS and passing(vehicle)


def _rare_door_visit(facts: "BatchFacts", people: "ObjectFacts", period: str) -> str | None:
    """The door of a brief daytime visit, when this camera rarely sees anyone at this hour
    and nobody is expected (at night every door visit already counts in full). "Rarely"
    needs the camera's routine learned: on a new install every door is rarely visited."""
    door = next((name for name, kind in people.zones if kind == "entry_point"), None)
    brief = people.dwell_seconds < BRIEF_SECONDS and period != "night"
    rarely = facts.usual_events_at_this_hour < RARELY and not facts.learning
    rarely = rarely and not _expected(facts, "person")
    return door if brief and rarely else None


def _expected(facts: "BatchFacts", label: str) -> bool:
    """Did the schedule expect this kind of object now (and does it count)?"""
    return facts.house_mode not in EMPTY_MODES and any(e.label == label for e in facts.expected)
