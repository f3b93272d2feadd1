"""The judgement benchmark's scenes, labelled as an experienced security operator would.

Each scene is a batch's facts (what was seen, where, when, for how long; the household's
schedule and the house mode) and the band the operator puts it in: low (routine, nobody
needs to look), medium (worth a look), high (likely unwanted: look now), critical (act
now). ``kind`` says what the scene is for the rates: ``benign`` (band low), ``watch``
(medium), ``incident`` (high or critical).

Deliberately not the 22 situations of tests/analysis/test_scoring.py. ``identity`` on an
object ("known", "unfamiliar", "unwanted") is carried for the household issue's facts
(faces, plates); until the scorer reads them, no scene relies on it.
"""

from dataclasses import dataclass, field
from datetime import datetime, time

# Zones of the benchmark's house: (name, kind), as cameras/models.py Zone.Kind names them.
ZONES = {
    "front_door": ("Front Door", "entry_point"),
    "back_door": ("Back Door", "entry_point"),
    "garage_door": ("Garage Door", "entry_point"),
    "window": ("Kitchen Window", "entry_point"),
    "driveway": ("Driveway", "driveway"),
    "garden": ("Garden", "yard"),
    "back_yard": ("Back Yard", "yard"),
    "pavement": ("Pavement", "sidewalk"),
    "back_fence": ("Back fence", "perimeter"),
    "side_gate": ("Side gate", "perimeter"),
    "shed": ("Shed", "other"),
}
CAMERAS = {  # name: what it watches (the camera's description)
    "Front Door": "the front porch, the path and the pavement beyond",
    "Back Door": "the back door, the back yard and the back fence",
    "Driveway": "the driveway, the garage door and the street",
    "Garden": "the side garden, the side gate and the shed",
}
BANDS = ("low", "medium", "high", "critical")
KIND_OF_BAND = {"low": "benign", "medium": "watch", "high": "incident", "critical": "incident"}
DAYS = {"mon": 16, "tue": 17, "wed": 18, "thu": 19, "fri": 20, "sat": 21, "sun": 22}  # Nov 2026


@dataclass(frozen=True)
class Seen:
    label: str
    zones: tuple[str, ...] = ()  # keys of ZONES
    dwell: float = 0.0
    count: int = 1
    moved: bool = False
    identity: str | None = None  # for the household issue's facts; unused today


@dataclass(frozen=True)
class Window:
    """A schedule entry (household.models.ExpectedVisitor): who, what, when, where."""

    name: str
    kind: str  # household, regular, delivery
    labels: tuple[str, ...]
    days: tuple[str, ...]  # empty: daily
    start: time
    end: time
    zones: tuple[str, ...] = ()  # keys of ZONES; empty: anywhere


@dataclass(frozen=True)
class Scene:
    name: str
    band: str
    camera: str
    day: str  # mon … sun
    clock: str  # "HH:MM", local
    seen: tuple[Seen, ...]
    usual: float = 0.0  # the camera's events a day in this hour
    schedule: tuple[Window, ...] = ()
    mode: str = "home"  # home, away, night, vacation
    notes: str = ""  # the household's free text, for the LLM
    tags: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> str:
        return KIND_OF_BAND[self.band]

    @property
    def local_time(self) -> datetime:
        hour, minute = map(int, self.clock.split(":"))
        return datetime(2026, 11, DAYS[self.day], hour, minute)


def t(clock: str) -> time:
    return time(*map(int, clock.split(":")))


PARCELS = Window(
    "Parcel deliveries",
    "delivery",
    ("person", "truck"),
    (),
    t("10:00"),
    t("16:00"),
    ("front_door", "driveway"),
)
MAIL = Window(
    "Mail",
    "delivery",
    ("person",),
    ("mon", "tue", "wed", "thu", "fri", "sat"),
    t("10:00"),
    t("12:00"),
    ("front_door",),
)
GARDENER = Window(
    "Gardener",
    "regular",
    ("person", "truck"),
    ("tue",),
    t("09:00"),
    t("12:00"),
    ("back_yard", "garden", "driveway"),
)
CLEANER = Window(
    "Cleaner", "regular", ("person",), ("fri",), t("08:30"), t("12:00"), ("front_door",)
)
CARER = Window("Carer", "regular", ("person",), (), t("07:00"), t("08:00"), ("front_door",))
FAMILY_CARS = Window(
    "Family cars", "household", ("car",), (), t("16:00"), t("20:00"), ("driveway",)
)
LATE_SHIFT = Window(
    "Late shift home",
    "household",
    ("car", "person"),
    ("mon", "tue", "wed", "thu", "fri"),
    t("22:00"),
    t("23:30"),
    ("driveway", "front_door"),
)
CHILDREN = Window(
    "Children playing",
    "household",
    ("person",),
    ("sat", "sun"),
    t("10:00"),
    t("18:00"),
    ("garden", "back_yard"),
)
HOUSEHOLD_NOTES = "We have a dog. The gardener comes on Tuesday mornings."
P, C = "person", "car"

SCENES: list[Scene] = [
    # --- benign: routine, nobody needs to look ------------------------------------------
    Scene("courier at the front door in the delivery window", "low", "Front Door", "tue",
          "11:05", (Seen(P, ("front_door",), 45, moved=True),), 2, (PARCELS,)),
    Scene("courier at the front door by day, no schedule", "low", "Front Door", "wed", "14:20",
          (Seen(P, ("front_door",), 35, moved=True),), 1.5),
    Scene("the mail on Saturday morning", "low", "Front Door", "sat", "10:40",
          (Seen(P, ("front_door",), 20, moved=True),), 1, (MAIL,)),
    Scene("delivery van in the driveway and its driver at the door", "low", "Driveway", "thu",
          "13:10", (Seen("truck", ("driveway",), 120), Seen(P, ("driveway",), 60, moved=True)),
          1, (PARCELS,)),
    Scene("the gardener working in the back yard", "low", "Back Door", "tue", "10:15",
          (Seen(P, ("back_yard",), 1800, moved=True),), 0.3, (GARDENER,), notes=HOUSEHOLD_NOTES),
    Scene("the gardener's truck parked in the driveway", "low", "Driveway", "tue", "09:05",
          (Seen("truck", ("driveway",), 1500),), 0.3, (GARDENER,)),
    Scene("the cleaner arriving on Friday", "low", "Front Door", "fri", "08:50",
          (Seen(P, ("front_door",), 60, moved=True),), 0.5, (CLEANER,)),
    Scene("the carer arriving early in the morning", "low", "Front Door", "wed", "07:30",
          (Seen(P, ("front_door",), 30, moved=True),), 1, (CARER,)),
    Scene("a family car arriving at dusk", "low", "Driveway", "thu", "17:40",
          (Seen(C, ("driveway",), 40, moved=True),), 0.5, (FAMILY_CARS,)),
    Scene("a family car arriving at dusk, no schedule, as most days", "low", "Driveway", "mon",
          "17:20", (Seen(C, ("driveway",), 40, moved=True),), 1.0),
    Scene("the late-shift car home at 22:40", "low", "Driveway", "wed", "22:40",
          (Seen(C, ("driveway",), 50, moved=True),), 0.4, (LATE_SHIFT,)),
    Scene("a jogger on the pavement at dawn", "low", "Front Door", "thu", "06:40",
          (Seen(P, ("pavement",), 8, moved=True),), 0.5),
    Scene("a dog walker passing in the evening", "low", "Front Door", "mon", "21:30",
          (Seen(P, ("pavement",), 12, moved=True), Seen("dog", ("pavement",), 12, moved=True)),
          0.5),
    Scene("someone walking past on the pavement at midnight", "low", "Front Door", "fri",
          "23:50", (Seen(P, ("pavement",), 10, moved=True),)),
    Scene("two people walking past on the pavement at 01:30", "low", "Front Door", "sat",
          "01:30", (Seen(P, ("pavement",), 15, count=2, moved=True),)),
    Scene("a cyclist passing in the evening", "low", "Driveway", "tue", "19:00",
          (Seen("bicycle", ("pavement",), 5, moved=True),), 0.5),
    Scene("a car driving past at 02:10", "low", "Driveway", "wed", "02:10",
          (Seen(C, ("pavement",), 6, moved=True),)),
    Scene("a lorry driving past by day", "low", "Driveway", "thu", "15:00",
          (Seen("truck", ("pavement",), 6, moved=True),), 2),
    Scene("a motorcycle passing by day", "low", "Driveway", "fri", "12:30",
          (Seen("motorcycle", ("pavement",), 4, moved=True),), 2),
    Scene("a car parked on the street for twenty minutes by day", "low", "Driveway", "mon",
          "10:30", (Seen(C, ("pavement",), 1200),), 1),
    Scene("a cat crossing the back yard at 03:00", "low", "Back Door", "sun", "03:00",
          (Seen("cat", ("back_yard",), 25, moved=True),)),
    Scene("the family dog in the back yard at night", "low", "Back Door", "tue", "23:10",
          (Seen("dog", ("back_yard",), 300),), notes=HOUSEHOLD_NOTES),
    Scene("two cats in the garden in the evening", "low", "Garden", "wed", "20:10",
          (Seen("cat", ("garden",), 120, count=2),)),
    Scene("a bird on the back fence", "low", "Back Door", "thu", "09:15",
          (Seen("bird", ("back_fence",), 60),)),
    Scene("a dog on the front doorstep at night", "low", "Front Door", "fri", "01:20",
          (Seen("dog", ("front_door",), 60),)),
    Scene("the children playing in the garden on Saturday", "low", "Garden", "sat", "15:00",
          (Seen(P, ("garden",), 1200, count=2, moved=True),), 1, (CHILDREN,)),
    Scene("someone at the front door for a few seconds by day", "low", "Front Door", "tue",
          "12:10", (Seen(P, ("front_door",), 12, moved=True),), 2),
    Scene("an empty batch at noon (every detection filtered out)", "low", "Garden", "mon",
          "12:00", ()),
    # --- watch: worth a look -------------------------------------------------------------
    Scene("a short visit to the back door by day", "medium", "Back Door", "wed", "14:00",
          (Seen(P, ("back_door",), 20, moved=True),), 0.2),
    Scene("someone lingering at the front door for three minutes by day", "medium",
          "Front Door", "thu", "14:30", (Seen(P, ("front_door",), 180),), 0.2),
    Scene("an unknown car parked in the driveway for twenty minutes by day", "medium",
          "Driveway", "wed", "11:00", (Seen(C, ("driveway",), 1200),), 0.3),
    Scene("someone in the back yard for two minutes by day", "medium", "Back Door", "mon",
          "13:30", (Seen(P, ("back_yard",), 120, moved=True),), 0.2),
    Scene("someone at the side gate by day", "medium", "Garden", "fri", "11:40",
          (Seen(P, ("side_gate",), 20),), 0.2),
    Scene("a car idling on the street for ten minutes at night", "medium", "Driveway", "sat",
          "00:40", (Seen(C, ("pavement",), 600),)),
    Scene("someone in the garden in the evening", "medium", "Garden", "tue", "19:30",
          (Seen(P, ("garden",), 90, moved=True),), 0.2),
    Scene("the gardener's day, but the house is away", "medium", "Back Door", "tue", "10:15",
          (Seen(P, ("back_yard",), 1800, moved=True),), 0.3, (GARDENER,), mode="away"),
    Scene("a delivery at the front door in the evening", "medium", "Front Door", "mon",
          "20:30", (Seen(P, ("front_door",), 40, moved=True),)),
    Scene("two people at the front door for two minutes by day", "medium", "Front Door",
          "sat", "13:00", (Seen(P, ("front_door",), 120, count=2),), 0.5),
    Scene("someone in the driveway for two minutes at dawn", "medium", "Driveway", "thu",
          "06:15", (Seen(P, ("driveway",), 120, moved=True),), 0.1),
    Scene("a pickup stopping in the driveway at 22:30", "medium", "Driveway", "fri", "22:30",
          (Seen("truck", ("driveway",), 90),)),
    Scene("a courier at the front door while the house is away", "medium", "Front Door",
          "wed", "11:20", (Seen(P, ("front_door",), 40, moved=True),), 1.5, (PARCELS,),
          mode="away"),
    Scene("someone at the garage door for over a minute by day", "medium", "Driveway", "mon",
          "15:30", (Seen(P, ("garage_door",), 75),), 0.3),
    Scene("someone at the back door in the evening", "medium", "Back Door", "thu", "19:30",
          (Seen(P, ("back_door",), 90),), 0.1),
    Scene("someone coming back to the front door over four minutes by day", "medium",
          "Front Door", "fri", "16:10", (Seen(P, ("front_door", "pavement"), 240, moved=True),),
          0.5),
    Scene("the late-shift window, a person at the front door at 23:10", "medium",
          "Front Door", "thu", "23:10", (Seen(P, ("front_door",), 30, moved=True),), 0.1,
          (LATE_SHIFT,)),
    # --- incidents: high (look now) and critical (act now) -------------------------------
    Scene("a stranger at the back door at 01:30", "critical", "Back Door", "wed", "01:30",
          (Seen(P, ("back_door",), 45),)),
    Scene("someone at the front door at 03:10", "high", "Front Door", "thu", "03:10",
          (Seen(P, ("front_door",), 20, moved=True),)),
    Scene("someone crossing the back fence at 02:40", "critical", "Back Door", "fri", "02:40",
          (Seen(P, ("back_fence", "back_yard"), 25, moved=True),)),
    Scene("someone at the side gate at 23:30", "critical", "Garden", "sat", "23:30",
          (Seen(P, ("side_gate",), 30),)),
    Scene("someone in the garden at 00:30 for a minute and a half", "high", "Garden", "sun",
          "00:30", (Seen(P, ("garden",), 90, moved=True),)),
    Scene("someone lingering in the back yard at 04:00", "critical", "Back Door", "mon",
          "04:00", (Seen(P, ("back_yard",), 360),)),
    Scene("two people at the garage door at 02:00", "critical", "Driveway", "tue", "02:00",
          (Seen(P, ("garage_door",), 120, count=2),)),
    Scene("a car in the driveway and two people at the front door at 03:00", "critical",
          "Front Door", "wed", "03:00",
          (Seen(C, ("driveway",), 180), Seen(P, ("front_door",), 60, count=2))),
    Scene("someone at the kitchen window at 22:45", "critical", "Back Door", "thu", "22:45",
          (Seen(P, ("window",), 60),)),
    Scene("someone at the back door for four minutes, house on vacation", "high", "Back Door",
          "fri", "11:00", (Seen(P, ("back_door",), 240),), 0.2, mode="vacation"),
    Scene("someone in the back yard for two minutes, house away", "high", "Back Door", "mon",
          "13:30", (Seen(P, ("back_yard",), 120, moved=True),), 0.2, mode="away"),
    Scene("someone at the front door at 23:00 in night mode", "high", "Front Door", "sun",
          "23:00", (Seen(P, ("front_door",), 40),), 0.1, mode="night"),
    Scene("someone in the driveway beside the cars at 02:30", "high", "Driveway", "sat",
          "02:30", (Seen(P, ("driveway",), 180, moved=True), Seen(C, ("driveway",), 180))),
    Scene("an unknown car parked in the driveway at 01:00 for fifteen minutes", "high",
          "Driveway", "sun", "01:00", (Seen(C, ("driveway",), 900),)),
    Scene("two people standing on the pavement at 02:00 for five minutes", "high",
          "Front Door", "mon", "02:00", (Seen(P, ("pavement",), 300, count=2),)),
    Scene("someone trying the back door by day, house away", "high", "Back Door", "tue",
          "11:00", (Seen(P, ("back_door",), 30, moved=True),), 0.2, mode="away"),
    Scene("three people in the garden at 01:00", "critical", "Garden", "wed", "01:00",
          (Seen(P, ("garden",), 120, count=3, moved=True),)),
    Scene("someone at the garage door for two minutes at 05:30", "high", "Driveway", "thu",
          "05:30", (Seen(P, ("garage_door",), 120),), 0.1),
    Scene("a motorcycle and a rider in the driveway at 02:00", "high", "Driveway", "fri",
          "02:00", (Seen("motorcycle", ("driveway",), 90), Seen(P, ("driveway",), 60))),
    Scene("a truck backed into the driveway with two people at 02:30", "critical",
          "Driveway", "sat", "02:30",
          (Seen("truck", ("driveway",), 240), Seen(P, ("driveway", "garage_door"), 240, count=2))),
    Scene("someone climbing the side gate into the garden at 03:30", "critical", "Garden",
          "sun", "03:30", (Seen(P, ("side_gate", "garden"), 40, moved=True),)),
    Scene("someone at the back door at 01:00 on the gardener's schedule day", "critical",
          "Back Door", "tue", "01:00", (Seen(P, ("back_door",), 90),), 0, (GARDENER,)),
]  # fmt: skip
