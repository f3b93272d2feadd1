"""Only grounded words reach the user: an LLM's summary or reasoning is checked against
the batch's facts before it replaces the scorer's text.

Each check answers "why not?" in plain words (``None`` when the text passes). The checks
are deliberately strict: a dropped sentence costs nothing (the scorer's text is correct),
an invented stranger at the back door costs the household's trust.
"""

import re
from datetime import datetime, timedelta

from .observed import BatchFacts
from .scoring import ANIMALS, VEHICLES

# Words that name a kind of thing, and the detector's classes each may stand for.
NOUNS = {
    **{w: {"person"} for w in (
        "person", "people", "persons", "someone", "somebody", "man", "men", "woman", "women",
        "stranger", "strangers", "visitor", "visitors", "individual", "individuals", "figure",
        "pedestrian", "pedestrians", "child", "children", "kid", "kids", "intruder",
        "intruders", "burglar", "burglars", "thief", "thieves", "courier", "postman",
        "jogger", "walker", "driver", "neighbour", "neighbor", "guest", "guests", "human", "humans",
    )},
    **{w: set(VEHICLES) for w in ("vehicle", "vehicles")},
    **{w: {"car", "truck"} for w in ("van", "vans", "suv")},
    **{w: {"truck"} for w in ("truck", "trucks", "lorry", "lorries")},
    **{w: {"car"} for w in ("car", "cars", "automobile")},
    **{w: {"bus"} for w in ("bus", "buses")},
    **{w: {"motorcycle"} for w in ("motorcycle", "motorcycles", "motorbike", "scooter")},
    **{w: {"bicycle"} for w in ("bicycle", "bicycles", "bike", "bikes", "cyclist")},
    **{w: set(ANIMALS) for w in ("animal", "animals", "pet", "pets", "wildlife")},
    **{w: {"dog"} for w in ("dog", "dogs", "puppy")},
    **{w: {"cat"} for w in ("cat", "cats", "kitten")},
    **{w: {"bird"} for w in ("bird", "birds")},
    **{w: {"horse"} for w in ("horse", "horses")},
    # Things the detector never reports: named, they were invented.
    **{w: {"never"} for w in (
        "fox", "foxes", "deer", "cow", "cows", "sheep", "bear", "rat", "rats", "raccoon",
        "squirrel", "package", "parcel", "parcels", "weapon", "gun", "knife", "crowbar",
        "ladder", "drone", "boat", "train", "tractor",
    )},
}  # fmt: skip
# Places a text may name only when the camera's name, description or zones do.
PLACES = (
    "front door", "back door", "side door", "garage door", "patio door", "door", "doorstep",
    "doorway", "porch", "garage", "driveway", "garden", "backyard", "front yard", "yard",
    "gate", "fence", "window", "windows", "patio", "balcony", "roof", "shed", "kitchen",
    "living room", "bedroom", "hallway", "basement", "sidewalk", "pavement", "street", "road",
    "alley", "parking lot", "car park", "lawn", "pool", "terrace", "entrance", "office",
    "warehouse", "shop", "store", "lobby", "stairs",
)  # fmt: skip
ZONE_KIND_WORDS = {  # what a zone's kind lets a text call it, beside the zone's own name
    "entry_point": "door doorway entrance doorstep",
    "driveway": "driveway",
    "yard": "yard garden lawn",
    "sidewalk": "sidewalk pavement street road",
    "perimeter": "perimeter fence wall hedge",
}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "lone": 1, "two": 2, "pair": 2, "couple": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "several": 3, "multiple": 2, "many": 3, "group": 3, "crowd": 5,
}  # fmt: skip
CALM = ("no threat", "not a threat", "nothing to worry", "no cause for concern", "harmless",
        "no risk", "low risk", "no danger", "nothing suspicious", "not suspicious", "benign",
        "routine", "no concern", "safe to ignore", "nothing unusual")  # fmt: skip
ALARMED = (
    "urgent",
    "dangerous",
    "danger",
    "emergency",
    "call the police",
    "break-in",
    "breaking in",
    "critical",
    "act now",
    "serious threat",
)
DANGLING = {"a", "an", "the", "and", "or", "but", "of", "to", "with", "at", "in", "on",
            "for", "is", "was", "are", "including", "which", "that", "by", "from", "its",
            "their"}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")  # fmt: skip
PERIODS = {  # a word for a part of the day, and the hours it can mean
    "morning": range(4, 12), "afternoon": range(12, 18), "evening": range(16, 24),
    "midnight": (23, 0, 1), "tonight": (*range(18, 24), *range(0, 6)),
    "night": (*range(18, 24), *range(0, 7)), "daytime": range(7, 19), "daylight": range(7, 19),
    "dawn": range(4, 9), "dusk": range(16, 21), "noon": range(11, 14),
}  # fmt: skip
CLOCK = re.compile(
    r"\b(\d{1,2})(?:[:.h](\d{2}))?\s*(a\.?m\.?|p\.?m\.?|o'clock)(?![a-z])"
    r"|\b(\d{1,2})[:h](\d{2})\b",
    re.IGNORECASE,
)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
NEGATIONS = {"no", "not", "without", "nor", "never", "neither"}
REPEATED_WORDS = 5  # the same five words twice in a row of text: the model is looping
LIMITS = {"summary": 160, "reasoning": 400}  # llm_client.JUDGEMENT_SCHEMA's maxLength


def problem(text: str, facts: BatchFacts, level: str, *, part: str = "summary") -> str | None:
    """Why ``text`` may not be shown for this batch at this level, or None when it may.
    ``part``: summary, reasoning, or factor (a short phrase: only what it claims counts)."""
    lower = " ".join(text.lower().split())
    words = WORD.findall(ISO_DATE.sub(" ", CLOCK.sub(" ", lower)))  # "2 am" counts nobody
    sentence = part != "factor"
    for check in (
        lambda: _says_something(words) if sentence else None,
        lambda: _cut_off(text, WORD.findall(lower), part) if sentence else None,
        lambda: _names_what_was_seen(words, facts) if part == "summary" else None,
        lambda: _names_where(lower, facts) if part == "summary" else None,
        lambda: _invents_things(words, facts),
        lambda: _counts(words, facts),
        lambda: _times(text, lower, facts),
        lambda: _places(lower, facts),
        lambda: _repeats(lower, words) if sentence else None,
        lambda: _contradicts(lower, level),
    ):
        if reason := check():
            return reason
    return None


def _seen(facts: BatchFacts) -> set[str]:
    return {o.label for o in facts.objects}


def _says_something(words: list[str]) -> str | None:
    return "it says nothing" if len(words) < 3 else None


def _cut_off(text: str, words: list[str], part: str) -> str | None:
    end = text.rstrip()
    if end.endswith(("-", ",", ":", ";", "(", "—", "–")) or words[-1] in DANGLING:
        return "it is cut off mid-sentence"
    closed = end.endswith((".", "!", "?", "…", ")", '"', "'"))
    if not closed and (len(end) >= LIMITS[part] or len(words) > 12):
        return "it is cut off (no closing full stop)"
    return None


def _mentions(words: list[str]) -> list[tuple[int, set[str]]]:
    """(position, classes) of each noun for a kind of thing, unless negated ("no car")."""
    found = []
    for i, word in enumerate(words):
        if word in NOUNS and not NEGATIONS & set(words[max(0, i - 3) : i]):
            found.append((i, NOUNS[word]))
    return found


def _names_what_was_seen(words: list[str], facts: BatchFacts) -> str | None:
    seen = _seen(facts)
    if not seen or any(classes & seen for _, classes in _mentions(words)):
        return None
    return f"it does not say what was seen ({', '.join(sorted(seen))})"


def _names_where(lower: str, facts: BatchFacts) -> str | None:
    """Where something stood in a zone, the summary names the place: the zone, its kind
    ("the door" for an entry point) or the camera."""
    zones = [(name, kind) for o in facts.objects for name, kind in o.zones]
    if not zones:
        return None
    places = [facts.camera_name, *(name for name, _ in zones)]
    places += [w for _, kind in zones for w in ZONE_KIND_WORDS.get(kind, "").split()]
    if any(re.search(rf"\b{re.escape(p.lower())}\b", lower) for p in places if p):
        return None
    return f"it does not say where ({zones[0][0]})"


def _invents_things(words: list[str], facts: BatchFacts) -> str | None:
    seen = _seen(facts)
    for i, classes in _mentions(words):
        if not classes & seen:
            return f"it mentions a {words[i]}, which was not seen"
    return None


def _counts(words: list[str], facts: BatchFacts) -> str | None:
    most = {o.label: o.count for o in facts.objects}
    for i, classes in _mentions(words):
        for before in words[max(0, i - 3) : i]:
            number = NUMBERS.get(before) or (int(before) if before.isdigit() else 0)
            allowed = max((most.get(label, 0) for label in classes), default=0)
            if number > max(allowed, 1):
                return f"it speaks of {number} {words[i]}, but at most {allowed} were seen at once"
    return None


def _moments(facts: BatchFacts) -> tuple[datetime, datetime]:
    times = [facts.local_time]
    times += [t for o in facts.objects for t in (o.first_seen, o.last_seen) if t is not None]
    return min(times) - timedelta(minutes=1), max(times) + timedelta(minutes=1)


def _times(text: str, lower: str, facts: BatchFacts) -> str | None:
    first, last = _moments(facts)
    span = int((last - first).total_seconds() // 60)
    hours = {(first + timedelta(minutes=m)).hour for m in range(span + 1)}
    for match in CLOCK.finditer(lower):
        hour = int(match.group(1) or match.group(4))
        minute = match.group(2) or match.group(5)
        suffix = (match.group(3) or "").replace(".", "")
        if not any(_within(h, minute, first, last, hours) for h in _hours_meant(hour, suffix)):
            return f"it gives the time {match.group(0).strip()}, which is not the event's"
    for match in ISO_DATE.finditer(lower):
        if match.group(0) != f"{facts.local_time:%Y-%m-%d}":
            return f"it gives the date {match.group(0)}, which is not the event's"
    for name in (*WEEKDAYS, *MONTHS):  # as names are written: "may" is not "May"
        if re.search(rf"\b{name.capitalize()}\b", text) and name not in _dates(facts.local_time):
            return f"it says {name.capitalize()}, which is not the event's day"
    for word, possible in PERIODS.items():
        if re.search(rf"\b{word}\b", lower) and not hours & set(possible):
            return f"it says {word}, but the event was at {facts.local_time:%H:%M}"
    return None


def _hours_meant(hour: int, suffix: str) -> set[int]:
    """The 24-hour hours "3 pm", "3 o'clock" or "15:00" can mean."""
    if suffix.startswith("a"):
        return {hour % 12}
    if suffix.startswith("p"):
        return {hour % 12 + 12}
    if suffix == "o'clock":
        return {hour % 12, hour % 12 + 12}
    return {hour}


def _within(hour: int, minute: str | None, first: datetime, last: datetime, hours) -> bool:
    """Is hour:minute (or the hour alone) within the event? A time no clock shows (25:00,
    2:75) never is."""
    if minute is None:
        return hour in hours
    if hour > 23 or int(minute) > 59:
        return False
    moment = first.replace(hour=hour, minute=int(minute), second=0, microsecond=0)
    return any(first <= moment + timedelta(days=d) <= last for d in (-1, 0, 1))


def _dates(moment: datetime) -> set[str]:
    return {WEEKDAYS[moment.weekday()], MONTHS[moment.month - 1]}


def _places(lower: str, facts: BatchFacts) -> str | None:
    zones = [(name, kind) for o in facts.objects for name, kind in o.zones]
    known = " ".join(
        [facts.camera_name, facts.camera_description]
        + [f"{name} {ZONE_KIND_WORDS.get(kind, '')}" for name, kind in zones]
    ).lower()
    rest = lower
    for place in sorted(PLACES, key=len, reverse=True):  # "back door" before "door"
        pattern = rf"\b{place}\b"
        if re.search(pattern, rest):
            if not re.search(pattern, known):
                return f"it names the {place}, which is not where anything was seen"
            rest = re.sub(pattern, " ", rest)
    return None


def _repeats(lower: str, words: list[str]) -> str | None:
    sentences = [s.strip() for s in re.split(r"[.!?]+", lower) if len(s.split()) >= 3]
    if len(sentences) != len(set(sentences)):
        return "it repeats itself"
    runs = [tuple(words[i : i + REPEATED_WORDS]) for i in range(len(words) - REPEATED_WORDS + 1)]
    return "it repeats itself" if len(runs) != len(set(runs)) else None


LEVEL_SAID = re.compile(
    r"\b(low|medium|moderate|high|critical)[- ](?:risk|level|threat|priority)\b"
)


def _contradicts(lower: str, level: str) -> str | None:
    for match in LEVEL_SAID.finditer(lower):
        said = "medium" if match.group(1) == "moderate" else match.group(1)
        if said != level:
            return f"it says “{match.group(0)}” of a {level}-risk event"
    if level in ("high", "critical"):
        said = next((p for p in CALM if re.search(rf"\b{p}\b", lower)), None)
    elif level == "low":
        said = next((p for p in ALARMED if re.search(rf"\b{p}\b", lower)), None)
    else:
        said = None
    return f"it says “{said}” of a {level}-risk event" if said else None
