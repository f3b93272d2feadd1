"""Who was seen in a batch (issue 17): for each person, known (name, role, similarity),
unfamiliar (a face that matched no one the household named) or face not visible; for each
vehicle, its plate known or unknown. The facts carry them; the scorer's named factors and
the prompt's lines come from here. The scorer reads only these facts, never the rows."""

from dataclasses import dataclass

from .models import Face, Person, PlateRead, Vehicle
from .plates import same_plate

HOUSEHOLD_POINTS = -40
REGULAR_POINTS = -20
KNOWN_PLATE_POINTS = -25
UNFAMILIAR_AT_ENTRY_AT_NIGHT = 15
CRITICAL_FROM = 85  # an unwanted person makes the event critical, whatever else counted
UNWANTED_AT_LEAST = 40
FACTOR = "recognised: "  # how the scorer's factors about a known person or plate start


@dataclass(frozen=True)
class Seen:
    """One person or vehicle of a batch, as far as faces and plates tell."""

    kind: str  # "person" or "vehicle"
    status: str  # person: known / unfamiliar / not visible; vehicle: known / unknown
    name: str = ""  # "Alice", "Unknown #3", "Family car"
    role: str = ""  # Person.Role or Vehicle.Role
    similarity: float | None = None  # 1 - embedding distance; a plate: the OCR confidence
    plate: str = ""
    person_id: int | None = None
    detection_ids: tuple[int, ...] = ()  # a plate: the detections it was read on

    def __str__(self) -> str:
        sure = f", similarity {self.similarity:.2f}" if self.similarity is not None else ""
        if self.kind == "vehicle":
            known = f"{self.name} ({self.role}), " if self.status == "known" else ""
            return f"plate {self.plate}: {known}{self.status}"
        if self.status == "known":
            return f"{self.name} ({self.role}{sure})"
        if self.status == "unfamiliar":
            return f"unfamiliar face ({self.name}{sure})"
        return "face not visible"


def seen_in(detection_ids: list[int]) -> list[Seen]:
    """Each person once (the nearest match of their faces), then faces not visible, then
    each plate once."""
    found: dict[int, Seen] = {}
    hidden = 0
    faces = Face.objects.filter(detection_id__in=detection_ids).select_related("person")
    for face in faces.order_by("distance"):
        if face.person is None:
            hidden += 1
        elif face.person_id not in found:
            found[face.person_id] = _person(face)
    plates = PlateRead.objects.filter(detection_id__in=detection_ids).exclude(text="")
    vehicles = list(Vehicle.objects.all())
    reads: dict[str, list[PlateRead]] = {}
    for read in plates.order_by("-confidence"):  # the surest read of each plate first
        reads.setdefault(read.text, []).append(read)
    return [
        *found.values(),
        *[Seen("person", "not visible")] * hidden,
        *[_vehicle(same, vehicles) for same in reads.values()],
    ]


def _person(face: Face) -> Seen:
    person = face.person
    similarity = round(1 - face.distance, 2) if face.distance is not None else None
    known = bool(person.name) or person.role != Person.Role.UNKNOWN
    status = "known" if known else "unfamiliar"
    return Seen("person", status, person.display_name, person.role, similarity, person_id=person.pk)


def _vehicle(reads: list[PlateRead], vehicles: list[Vehicle]) -> Seen:
    """One plate, from its reads (the surest first)."""
    read, on = reads[0], tuple(r.detection_id for r in reads)
    match = next((v for v in vehicles if same_plate(read.text, v.plate)), None)
    if match is None:
        return Seen("vehicle", "unknown", similarity=read.confidence, plate=read.text)
    return Seen(
        "vehicle", "known", match.name, match.role, read.confidence, match.plate, detection_ids=on
    )


def factors(seen: list[Seen], zones, *, night: bool, so_far: int) -> list[tuple[str, int]]:
    """The named factors: a household member (only when no stranger is with them) or a
    known plate lower the score a lot, a regular visitor less; an unfamiliar face at an
    entry point at night raises it; an unwanted person makes the event critical."""
    people = [s for s in seen if s.kind == "person" and s.status == "known"]
    unwanted = [s for s in people if s.role == Person.Role.UNWANTED]
    strangers = [s for s in seen if s.status == "unfamiliar"]
    found = []
    household = [s for s in people if s.role == Person.Role.HOUSEHOLD]
    if household and not strangers and not unwanted:
        found.append((f"{FACTOR}household member {household[0]}", HOUSEHOLD_POINTS))
    regular = [s for s in people if s.role == Person.Role.REGULAR]
    if regular and not household and not strangers and not unwanted:
        found.append((f"{FACTOR}regular visitor {regular[0]}", REGULAR_POINTS))
    known_plate = next((s for s in seen if s.kind == "vehicle" and s.status == "known"), None)
    if known_plate and not unwanted:
        found.append((f"{FACTOR}known vehicle {known_plate}", KNOWN_PLATE_POINTS))
    doors = [name for name, kind in zones if kind == "entry_point"]
    if strangers and doors and night:
        found.append((f"unfamiliar face at {doors[0]} at night", UNFAMILIAR_AT_ENTRY_AT_NIGHT))
    if unwanted:
        total = so_far + sum(points for _, points in found)
        points = max(UNWANTED_AT_LEAST, CRITICAL_FROM - total)
        found.append((f"unwanted person: {unwanted[0].name}", points))
    return found


def who(seen: list[Seen]) -> str | None:
    """How the summary names the one person seen: "Alice", "unfamiliar person"."""
    people = [s for s in seen if s.kind == "person" and s.status != "not visible"]
    if len(people) != 1:
        return None
    return people[0].name if people[0].status == "known" else "unfamiliar person"


def prompt_lines(seen: list[Seen]) -> list[str]:
    return [f"Who ({s.kind}): {s}" for s in seen]
