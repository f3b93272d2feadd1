"""Expected visitors in a batch's judgement: which schedule windows match what was seen
(class, day, local time, camera, zone), and what that does to the score.

The scorer reads only the facts (``Expected``, the house mode), never the schedule."""

import re
from dataclasses import dataclass
from datetime import datetime

from .models import ExpectedVisitor
from .schedule import in_window

EXPECTED_POINTS = -25
NOBODY_EXPECTED = {"away", "vacation"}  # house modes in which the schedule does not count
FACTOR = "expected: "  # how the scorer's factor starts: the event page finds it by this
POINTS = re.compile(r" \([+-]\d+\)$")


@dataclass(frozen=True)
class Expected:
    """One schedule window that matches one kind of object seen in a batch."""

    name: str
    kind: str  # ExpectedVisitor.Kind
    label: str  # the object class it covers, e.g. "person"
    window: str  # "Tue 09:00–12:00"
    place: str = ""  # its zones, zone kinds or else cameras: "Back Yard"; empty: anywhere

    def __str__(self) -> str:
        where = f", {self.place}" if self.place else ""
        return f"{self.name}, {self.window}{where}"


def matching(camera, objects, local: datetime) -> list[Expected]:
    """The enabled windows that hold at ``local`` for an object seen where they expect it."""
    visitors = ExpectedVisitor.objects.filter(enabled=True).prefetch_related("cameras", "zones")
    found = []
    for visitor in visitors:
        if not in_window(visitor.days, visitor.start_time, visitor.end_time, local):
            continue
        cameras = list(visitor.cameras.all())
        if cameras and camera.pk not in {c.pk for c in cameras}:
            continue
        for seen in objects:
            if seen.label in visitor.object_types and _in_place(visitor, camera, seen.zones):
                where = _place_text(visitor, cameras)
                found.append(
                    Expected(visitor.name, visitor.kind, seen.label, visitor.window, where)
                )
    return found


def _in_place(visitor: ExpectedVisitor, camera, zones: list[tuple[str, str]]) -> bool:
    names = {zone.name for zone in visitor.zones.all() if zone.camera_id == camera.pk}
    if not visitor.zones.all() and not visitor.zone_kinds:
        return True  # anywhere the cameras see
    return any(name in names or kind in visitor.zone_kinds for name, kind in zones)


def _place_text(visitor: ExpectedVisitor, cameras) -> str:
    places = [zone.name for zone in visitor.zones.all()]
    places += [kind.replace("_", " ") for kind in visitor.zone_kinds]
    return ", ".join(places or [camera.name for camera in cameras])


def factors(expected: list[Expected], house_mode: str) -> list[tuple[str, int]]:
    """One reduction per kind of object expected, or, when the house is away, a zero that
    says why the schedule did not count."""
    factors, covered = [], set()
    for match in expected:
        if match.label in covered:
            continue
        covered.add(match.label)
        if house_mode in NOBODY_EXPECTED:
            factors.append((f"{FACTOR}{match} — not counted, the house is {house_mode}", 0))
        else:
            factors.append((f"{FACTOR}{match}", EXPECTED_POINTS))
    return factors


def named_in(event_factors: list[str]) -> list[str]:
    """The expected visitors an event's factors name ("Gardener, Tue 09:00–12:00, Back
    Yard"), as the scorer recorded them when it judged: later schedule edits change nothing."""
    return [
        POINTS.sub("", factor)[len(FACTOR) :]
        for factor in event_factors
        if factor.startswith(FACTOR)
    ]


def prompt_lines(expected: list[Expected], house_mode: str) -> list[str]:
    lines = [f"House mode: {house_mode}"]
    away = house_mode in NOBODY_EXPECTED
    for match in expected:
        if away:
            lines.append(f"Scheduled, not expected (house mode {house_mode}): {match}")
        else:
            lines.append(f"Expected now ({match.label}, {match.kind}): {match}")
    return lines
