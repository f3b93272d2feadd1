"""Situations the plain factors judged wrong, each with its reason (issue 18, item 4).

- Someone walking past on the sidewalk at night is not a visit to the house: the night
  and the person already count, so the passing takes most of it back.
- Someone in a perimeter zone (fence, wall, hedge) has crossed into the property's edge:
  worth a look by day, and at night, with the other night factors, critical.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .scoring import BatchFacts, ObjectFacts

PASSING_SECONDS = 30
PASSED_BY_AT_NIGHT = -30
PERIMETER = {"night": 30, "evening": 15, "early morning": 15, "daytime": 10}
WHEN = {"night": "at night", "evening": "in the evening", "early morning": "early in the morning",
        "daytime": "by day"}  # fmt: skip


def factors(facts: "BatchFacts", period: str) -> list[tuple[str, int]]:
    people = next((o for o in facts.objects if o.label == "person"), None)
    if people is None:
        return []
    found = []
    if period == "night" and _walked_past(people):
        found.append(("walked past on the sidewalk, not to the house", PASSED_BY_AT_NIGHT))
    crossed = [name for name, kind in people.zones if kind == "perimeter"]
    if crossed:
        found.append((f"person at the perimeter ({crossed[0]}) {WHEN[period]}", PERIMETER[period]))
    return found


def _walked_past(people: "ObjectFacts") -> bool:
    """Seen only on the sidewalk, moving, and gone within half a minute."""
    kinds = {kind for _, kind in people.zones}
    return kinds == {"sidewalk"} and people.moved and people.dwell_seconds < PASSING_SECONDS
