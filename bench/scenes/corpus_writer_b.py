#!/usr/bin/env python3
"""Writer B of the scene corpus: suspicious, threatening and ambiguous situations.

Builds bench/scenes/corpus/<family>--<variant>.json from small per-family functions.
Scenes describe only what the camera saw (boxes, faces, plates, times, mode,
household); they carry no "expect" band.  Each box is placed by the point where the
object stands (bottom centre of its box) and the zone meant there; `check()` verifies
that the bottom centre falls in that zone (highest priority wins), validates against
analysis/scene.schema.json, and checks face names and expected-visitor zones.

Run:  .venv/bin/python bench/scenes/corpus_writer_b.py
"""

import json
import os
import sys
from datetime import datetime, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAMS = json.load(open(os.path.join(ROOT, "bench/scenes/cameras.json")))
OUT = os.path.join(ROOT, "bench/scenes/corpus")
FD, BD, DW, GD = "Front Door", "Back Door", "Driveway", "Garden"

# ---- dates (London, Nov-Dec 2026; sunrise ~07:45, sunset ~16:00) -----------------
TUE, WED, THU, FRI, SAT, SUN = (
    "2026-11-24",
    "2026-11-25",
    "2026-11-26",
    "2026-11-27",
    "2026-11-28",
    "2026-11-29",
)
TUE2, WED2, THU2, FRI2, SAT2, SUN2, MON2 = (
    "2026-12-01",
    "2026-12-02",
    "2026-12-03",
    "2026-12-04",
    "2026-12-05",
    "2026-12-06",
    "2026-12-07",
)
MON3, WED3, THU3, FRI3, SAT3 = "2026-12-14", "2026-12-16", "2026-12-17", "2026-12-18", "2026-12-19"

# ---- the camera's routine: a family out ~07:30-18:00 on weekdays (30-day totals) --
HIST = {
    FD: [0, 0, 0, 0, 0, 0, 2, 18, 10, 6, 8, 9, 7, 6, 8, 9, 10, 14, 24, 12, 6, 3, 1, 0],
    DW: [0, 0, 0, 0, 0, 1, 4, 28, 8, 3, 3, 4, 3, 3, 4, 5, 6, 10, 30, 10, 4, 2, 1, 0],
    BD: [0, 0, 0, 0, 0, 0, 3, 12, 4, 1, 1, 2, 1, 1, 1, 2, 3, 6, 14, 12, 8, 4, 1, 0],
    GD: [0, 0, 0, 0, 0, 0, 1, 4, 3, 6, 6, 5, 3, 2, 2, 2, 2, 3, 6, 5, 2, 1, 0, 0],
}
NEW = "new"  # history=NEW -> {"new_install": true}

BASE_PEOPLE = [{"name": "Sam", "role": "household"}, {"name": "Alex", "role": "household"}]
JORDAN = {"name": "Jordan", "role": "unwanted"}
PRIYA = {"name": "Priya", "role": "regular"}
FAMILY_CAR = {"plate": "AB12CDE", "name": "Family car", "role": "household"}
PARCELS = {
    "name": "Parcel deliveries",
    "kind": "delivery",
    "object_types": ["person"],
    "start": "08:00",
    "end": "20:00",
    "zones": ["Front Door", "Path"],
}
GARDENER = {
    "name": "Gardener",
    "kind": "regular",
    "object_types": ["person"],
    "days": ["tue"],
    "start": "09:00",
    "end": "12:00",
    "zones": ["Garden", "Shed"],
}
WINDOW_CLEANER = {
    "name": "Window cleaner",
    "kind": "regular",
    "object_types": ["person"],
    "days": ["thu"],
    "start": "10:00",
    "end": "12:00",
    "zones": ["Kitchen Window", "Back Yard"],
}
DEFAULT_EXPECTED = {FD: [PARCELS], GD: [GARDENER], BD: [], DW: []}
CTX_WORK = "Sam and Alex live here. On weekdays both leave about 07:30 and are back about 18:00."
CTX_HOLIDAY = "Sam and Alex are away on holiday; nobody should be at the house."
CTX_JORDAN = (
    "Sam and Alex live here. Jordan is an ex-partner of Sam's who has been told "
    "not to come to the house."
)
CTX_PRIYA = "Sam and Alex live here. Priya is the next-door neighbour and has a key."


def r(v):
    return round(v, 3)


# ---- boxes ------------------------------------------------------------------------
def person(fx, fy, zone, face=None, conf=0.85, pose="stand", s=1.0):
    """A person standing (or bending/crouching/lying) with feet at (fx, fy)."""
    h0 = (0.05 + 0.42 * fy) * s
    w0 = h0 * 0.36
    w, h = {
        "stand": (w0, h0),
        "bend": (w0 * 1.5, h0 * 0.62),
        "crouch": (w0 * 1.3, h0 * 0.55),
        "lie": (h0 * 0.9, h0 * 0.3),
    }[pose]
    x, y = fx - w / 2, fy - h
    assert x >= 0 and x + w <= 1 and y >= 0 and fy <= 1, (fx, fy, pose)
    b = {"class": "person", "confidence": conf, "box": [r(x), r(y), r(w), r(h)], "_zone": zone}
    if face:
        b["face"] = face if face in ("unfamiliar", "not visible") else {"person": face}
    return b


def vehicle(fx, fy, zone, cls="car", plate=None, conf=0.9):
    w = 0.1 + 0.5 * fy
    h = w * 0.5
    if cls == "truck":
        w, h = w * 1.25, w * 1.25 * 0.6
    x, y = fx - w / 2, fy - h
    assert x >= 0 and x + w <= 1 and y >= 0 and fy <= 1, (fx, fy, cls)
    b = {"class": cls, "confidence": conf, "box": [r(x), r(y), r(w), r(h)], "_zone": zone}
    if plate:
        b["plate"] = plate
    return b


def bicycle(fx, fy, zone, conf=0.8):
    w = 0.05 + 0.2 * fy
    h = w * 0.6
    return {
        "class": "bicycle",
        "confidence": conf,
        "box": [r(fx - w / 2), r(fy - h), r(w), r(h)],
        "_zone": zone,
    }


def fr(date, start, steps, source="photo"):
    """steps: [(seconds after start, [boxes]), ...] -> frames."""
    t0 = datetime.fromisoformat(f"{date}T{start}")
    return [
        {"at": (t0 + timedelta(seconds=dt)).isoformat(), "source": source, "boxes": boxes}
        for dt, boxes in steps
    ]


def clip(date, start, boxes_list, step=1.5):
    return fr(date, start, [(round(i * step, 1), b) for i, b in enumerate(boxes_list)], "clip")


def lerp(a, b, n):
    """n points from a to b inclusive."""
    return [
        (a[0] + (b[0] - a[0]) * i / (n - 1), a[1] + (b[1] - a[1]) * i / (n - 1)) for i in range(n)
    ]


SCENES = []


def scene(
    family,
    variant,
    name,
    cam,
    frames,
    mode="home",
    history=None,
    people=(),
    expected=None,
    context=None,
    vehicles=None,
):
    hh = {}
    if context:
        hh["context"] = context
    hh["people"] = BASE_PEOPLE + list(people)
    hh["vehicles"] = [FAMILY_CAR] if vehicles is None else vehicles
    exp = DEFAULT_EXPECTED[cam] if expected is None else expected
    if exp:
        hh["expected"] = exp
    s = {"scene": 1, "name": name, "family": family, "camera": CAMS[cam]}
    if history is not None:
        s["history"] = (
            {"new_install": True} if history == NEW else {"days": 30, "events_per_hour": HIST[cam]}
        )
    s["house_mode"] = mode
    s["household"] = hh
    s["frames"] = frames
    SCENES.append((f"{family}--{variant}", s))


# ==== families ======================================================================


def loitering_front_path():
    f = "loitering-front-path"
    spots = [(0.25, 0.70), (0.26, 0.71), (0.24, 0.69), (0.27, 0.72), (0.25, 0.70), (0.23, 0.71)]
    fb = lambda face, pts=spots: [[person(x, y, "Path", face=face, conf=0.8)] for x, y in pts]
    b = fb("not visible")
    b[1][0]["face"] = "unfamiliar"
    scene(
        f,
        "night-0230-unfamiliar-6min",
        "person standing on the front path 02:30, 6 min, face unfamiliar in one photo",
        FD,
        fr(WED, "02:30:10", list(zip([0, 40, 95, 180, 290, 360], b))),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "day-1130-weekday-away-4min",
        "person standing on the front path 11:30 Wed, 4 min, face not visible, house away",
        FD,
        fr(THU, "11:30:00", list(zip([0, 50, 120, 170, 240], fb("not visible")[:5]))),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "evening-1815-sam-5min",
        "Sam standing on the front path 18:15, 5 min",
        FD,
        fr(FRI, "18:15:00", list(zip([0, 60, 130, 200, 300], fb("Sam")[:5]))),
        mode="home",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "dusk-1620-unfamiliar-25s",
        "person from the pavement onto the front path 16:20, 25 s, back to the pavement",
        FD,
        fr(
            TUE,
            "16:20:00",
            [
                (0, [person(0.2, 0.3, "Pavement", "not visible")]),
                (8, [person(0.25, 0.68, "Path", "unfamiliar")]),
                (25, [person(0.26, 0.69, "Path", "unfamiliar")]),
                (33, [person(0.3, 0.28, "Pavement", "not visible")]),
            ],
        ),
        mode="home",
        history=NEW,
    )
    scene(
        f,
        "night-0010-clip-no-face",
        "clip 00:10: person standing still on the front path, face not visible",
        FD,
        clip(
            SAT,
            "00:10:02",
            [
                [person(0.25 + 0.004 * (i % 3), 0.7, "Path", "not visible", conf=0.7)]
                for i in range(12)
            ],
            2,
        ),
        mode="night",
        history=NEW,
    )
    scene(
        f,
        "dawn-0710-vacation-8min",
        "person standing on the front path 07:10, 8 min, house on vacation",
        FD,
        fr(SUN, "07:10:00", list(zip([0, 90, 200, 320, 480], fb("not visible")[:5]))),
        mode="vacation",
        history=HIST,
        context=CTX_HOLIDAY,
    )


def window_peering():
    f = "window-peering"
    W = lambda face="not visible", c=0.85, x=0.72: person(x, 0.9, "Kitchen Window", face, c)
    scene(
        f,
        "night-0210-90s-then-back-door",
        "person crosses the back yard to the kitchen window 02:10, 90 s, then the back door",
        BD,
        fr(
            WED,
            "02:10:00",
            [
                (0, [person(0.2, 0.55, "Back Yard", "not visible", 0.75)]),
                (20, [W("unfamiliar")]),
                (65, [W("unfamiliar", x=0.73)]),
                (110, [W("not visible")]),
                (140, [person(0.45, 0.92, "Back Door", "unfamiliar")]),
            ],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "day-thu-1030-window-cleaner-expected",
        "person at the kitchen window Thu 10:30, 3 min, face not visible (window cleaner expected)",
        BD,
        fr(THU, "10:30:00", [(0, [W()]), (60, [W(x=0.7)]), (120, [W(x=0.75)]), (180, [W()])]),
        mode="away",
        history=HIST,
        expected=[WINDOW_CLEANER],
        context=CTX_WORK,
    )
    scene(
        f,
        "day-1400-away-unfamiliar-40s",
        "unfamiliar person at the kitchen window 14:00 weekday, 40 s, house away",
        BD,
        fr(
            MON2,
            "14:00:05",
            [
                (0, [person(0.9, 0.6, "Back Yard", "unfamiliar")]),
                (10, [W("unfamiliar")]),
                (50, [W("unfamiliar", x=0.74)]),
            ],
        ),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "night-2330-alex",
        "Alex at the kitchen window 23:30, 1 min",
        BD,
        fr(SAT, "23:30:00", [(0, [W("Alex")]), (30, [W("Alex")]), (60, [W("Alex", x=0.7)])]),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "dusk-1640-clip-vacation",
        "clip 16:40: person at the kitchen window, face not visible, house on vacation",
        BD,
        clip(
            WED2, "16:40:00", [[W("not visible", 0.8, x=0.70 + 0.01 * (i % 4))] for i in range(10)]
        ),
        mode="vacation",
        history=NEW,
        context=CTX_HOLIDAY,
    )


def car_door_trying():
    f = "car-door-trying"
    car = lambda: vehicle(0.45, 0.9, "Driveway", plate="AB12CDE")
    path = [
        (0.3, 0.4, "Street"),
        (0.2, 0.85, "Driveway"),
        (0.45, 0.98, "Driveway"),
        (0.72, 0.86, "Driveway"),
        (0.75, 0.8, "Driveway"),
        (0.85, 0.36, "Street"),
    ]
    mk = lambda face, conf=0.75: [
        [car(), person(x, y, z, face if z == "Driveway" else "not visible", conf)]
        for x, y, z in path
    ]
    scene(
        f,
        "night-0315-door-to-door",
        "person from the street round the family car door to door 03:15, 90 s, back to the street",
        DW,
        fr(WED, "03:15:00", list(zip([0, 15, 35, 55, 75, 92], mk("not visible")))),
        mode="night",
        history=HIST,
    )
    pts = (
        lerp((0.2, 0.85), (0.2, 0.97), 4)
        + lerp((0.3, 0.98), (0.7, 0.97), 5)
        + lerp((0.74, 0.92), (0.74, 0.8), 5)
    )
    scene(
        f,
        "night-0140-clip",
        "clip 01:40: person moving along the family car from the driver's side to the passenger side",
        DW,
        clip(
            THU, "01:40:00", [[car(), person(x, y, "Driveway", "not visible", 0.7)] for x, y in pts]
        ),
        mode="night",
        history=NEW,
    )
    scene(
        f,
        "day-1300-weekend-sam",
        "Sam going round the family car door to door Sat 13:00, 90 s",
        DW,
        fr(SAT, "13:00:00", list(zip([0, 15, 35, 55, 75, 92], mk("Sam", 0.9)))),
        mode="home",
        history=HIST,
    )
    two = [
        [
            car(),
            person(0.2, 0.85, "Driveway", "not visible", 0.7),
            person(0.74, 0.86, "Driveway", "not visible", 0.7),
        ],
        [
            car(),
            person(0.2, 0.95, "Driveway", "not visible", 0.7),
            person(0.76, 0.8, "Driveway", "not visible", 0.7),
        ],
        [car(), person(0.3, 0.4, "Street", None, 0.6), person(0.6, 0.38, "Street", None, 0.6)],
    ]
    scene(
        f,
        "night-0230-two-people-away",
        "two people at either side of the family car 02:30, 40 s, then the street; house away",
        DW,
        fr(FRI2, "02:30:00", list(zip([0, 25, 40], two))),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "dusk-1710-unfamiliar-away",
        "unfamiliar person round the family car door to door 17:10 weekday, 40 s, house away",
        DW,
        fr(TUE2, "17:10:00", list(zip([0, 6, 14, 22, 32, 40], mk("unfamiliar", 0.85)))),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )


def casing_phone():
    f = "casing-phone"
    P = lambda x, face="not visible", c=0.7: person(x, 0.28, "Pavement", face, c)
    scene(
        f,
        "day-1115-weekday-returns-after-40min",
        "person stops on the pavement opposite the house 11:15 for 70 s, returns 11:56 and stops again",
        FD,
        fr(
            WED,
            "11:15:00",
            [
                (0, [P(0.3)]),
                (30, [P(0.31)]),
                (70, [P(0.3)]),
                (2460, [P(0.6)]),
                (2490, [P(0.58)]),
                (2530, [P(0.58)]),
            ],
        ),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "dusk-1605-three-stops",
        "person stops three times along the pavement in front of the house 16:05, 4 min",
        FD,
        fr(
            THU2,
            "16:05:00",
            [
                (0, [P(0.15)]),
                (35, [P(0.16)]),
                (100, [P(0.45)]),
                (150, [P(0.45)]),
                (210, [P(0.8)]),
                (245, [P(0.81)]),
            ],
        ),
        mode="vacation",
        history=HIST,
        context=CTX_HOLIDAY,
    )
    scene(
        f,
        "night-2245-returns-0130",
        "person stops on the pavement facing the house 22:45 for 1 min, again 01:30",
        FD,
        fr(
            FRI,
            "22:45:00",
            [
                (0, [P(0.4, c=0.6)]),
                (30, [P(0.41, c=0.6)]),
                (60, [P(0.4, c=0.6)]),
                (9900, [P(0.42, c=0.6)]),
                (9950, [P(0.42, c=0.6)]),
            ],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "day-1000-saturday-single-stop-20s",
        "person stops on the pavement once, Sat 10:00, 20 s",
        FD,
        fr(SAT, "10:00:00", [(0, [P(0.3)]), (20, [P(0.31)]), (28, [P(0.6)])]),
        mode="home",
        history=HIST,
    )
    scene(
        f,
        "day-1420-returns-steps-to-hedge",
        "person stops on the pavement 14:20, returns 14:50 and steps to the front hedge",
        FD,
        fr(
            MON2,
            "14:20:00",
            [
                (0, [P(0.5)]),
                (40, [P(0.5)]),
                (1800, [P(0.3)]),
                (1830, [person(0.3, 0.4, "Front hedge", "unfamiliar", 0.8)]),
                (1875, [person(0.32, 0.41, "Front hedge", "unfamiliar", 0.8)]),
            ],
        ),
        mode="away",
        history=NEW,
        context=CTX_WORK,
    )


def tailgating_side_gate():
    f = "tailgating-side-gate"
    G = lambda y, face, c=0.85: person(0.1, y, "Side gate", face, c)
    Y = lambda x, y, face, c=0.85: person(x, y, "Garden", face, c)
    scene(
        f,
        "evening-1815-sam-followed-unfamiliar",
        "Sam through the side gate 18:15, an unfamiliar person through it 6 s later",
        GD,
        fr(
            WED,
            "18:15:00",
            [
                (0, [G(0.8, "Sam")]),
                (4, [Y(0.26, 0.7, "Sam"), G(0.8, "unfamiliar")]),
                (10, [Y(0.35, 0.55, "Sam"), Y(0.25, 0.7, "unfamiliar")]),
            ],
        ),
        mode="home",
        history=HIST,
    )
    frames = []
    for i in range(12):
        bx = [
            person(
                0.09 + 0.025 * i,
                0.85 - 0.035 * i,
                "Side gate" if i < 5 else "Garden",
                "Alex" if i < 6 else "not visible",
                0.8,
            )
        ]
        if i >= 3:
            j = i - 3
            bx.append(
                person(
                    0.09 + 0.025 * j,
                    0.85 - 0.035 * j,
                    "Side gate" if j < 5 else "Garden",
                    "not visible",
                    0.7,
                )
            )
        frames.append(bx)
    scene(
        f,
        "night-2230-alex-followed-clip",
        "clip 22:30: Alex through the side gate, a second person (no face) close behind",
        GD,
        clip(THU, "22:30:00", frames),
        mode="home",
        history=NEW,
    )
    scene(
        f,
        "day-1300-sam-and-alex",
        "Sam then Alex through the side gate Sun 13:00, 5 s apart",
        GD,
        fr(
            SUN,
            "13:00:00",
            [
                (0, [G(0.8, "Sam")]),
                (5, [Y(0.26, 0.7, "Sam"), G(0.8, "Alex")]),
                (11, [Y(0.35, 0.55, "Sam"), Y(0.25, 0.7, "Alex")]),
            ],
        ),
        mode="home",
        history=HIST,
    )
    scene(
        f,
        "night-2315-sam-followed-jordan",
        "Sam through the side gate 23:15, Jordan through it 8 s later",
        GD,
        fr(
            FRI,
            "23:15:00",
            [
                (0, [G(0.8, "Sam", 0.8)]),
                (8, [Y(0.26, 0.7, "Sam"), G(0.8, "Jordan", 0.8)]),
                (15, [Y(0.35, 0.55, "not visible"), Y(0.25, 0.7, "Jordan")]),
            ],
        ),
        mode="night",
        history=HIST,
        people=[JORDAN],
        context=CTX_JORDAN,
    )
    scene(
        f,
        "dawn-0720-sam-then-unfamiliar-30s-later",
        "Sam out through the garden 07:20, an unfamiliar person through the side gate 30 s later",
        GD,
        fr(
            TUE2,
            "07:20:00",
            [
                (0, [Y(0.35, 0.55, "Sam")]),
                (6, [G(0.8, "Sam")]),
                (36, [G(0.8, "unfamiliar")]),
                (44, [Y(0.26, 0.7, "unfamiliar")]),
            ],
        ),
        mode="home",
        history=HIST,
    )
    scene(
        f,
        "front-door-1830-alex-followed-to-door",
        "Alex up the path to the front door 18:30, an unfamiliar person 5 s behind",
        FD,
        fr(
            MON2,
            "18:30:00",
            [
                (0, [person(0.3, 0.3, "Pavement", "not visible")]),
                (
                    5,
                    [
                        person(0.45, 0.7, "Front Door", "Alex"),
                        person(0.3, 0.3, "Pavement", "not visible"),
                    ],
                ),
                (
                    9,
                    [
                        person(0.51, 0.92, "Front Door", "Alex"),
                        person(0.45, 0.7, "Front Door", "unfamiliar"),
                    ],
                ),
            ],
        ),
        mode="home",
        history=HIST,
        context=CTX_WORK,
    )


def forced_entry_back_door():
    f = "forced-entry-back-door"
    D = lambda face="not visible", pose="stand", c=0.8: person(
        0.45, 0.92, "Back Door", face, c, pose
    )
    scene(
        f,
        "night-0305-4min-then-gone",
        "person at the back door 03:05, 4 min, crouching at times, then gone from view",
        BD,
        fr(
            WED,
            "03:05:00",
            [
                (0, [person(0.3, 0.5, "Back Yard", "not visible", 0.7)]),
                (20, [D()]),
                (65, [D(pose="crouch")]),
                (130, [D(pose="crouch")]),
                (200, [D()]),
                (250, [D(pose="crouch")]),
            ],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "night-0140-clip-crouched",
        "clip 01:40: person crouched at the back door, face not visible",
        BD,
        clip(
            THU,
            "01:40:00",
            [
                [person(0.44 + 0.01 * (i % 3), 0.93, "Back Door", "not visible", 0.75, "crouch")]
                for i in range(14)
            ],
            2,
        ),
        mode="night",
        history=NEW,
    )
    scene(
        f,
        "day-1100-away-unfamiliar-3min",
        "unfamiliar person at the back door 11:00 weekday, 3 min, house away",
        BD,
        fr(
            FRI,
            "11:00:00",
            [
                (0, [D("unfamiliar")]),
                (45, [D("unfamiliar", "crouch")]),
                (110, [D("not visible")]),
                (180, [D("unfamiliar")]),
            ],
        ),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "night-0220-vacation-6min-then-window",
        "person at the back door 02:20 for 6 min, then the kitchen window; house on vacation",
        BD,
        fr(
            SAT2,
            "02:20:00",
            [
                (0, [D()]),
                (60, [D(pose="crouch")]),
                (150, [D()]),
                (260, [D(pose="crouch")]),
                (360, [D()]),
                (390, [person(0.72, 0.9, "Kitchen Window", "not visible", 0.75)]),
            ],
        ),
        mode="vacation",
        history=HIST,
        context=CTX_HOLIDAY,
    )
    scene(
        f,
        "night-2350-alex-30s",
        "Alex at the back door 23:50, 30 s",
        BD,
        fr(SUN2, "23:50:00", [(0, [D("Alex")]), (15, [D("Alex", "bend")]), (30, [D("Alex")])]),
        mode="night",
        history=HIST,
    )


def forced_entry_garage():
    f = "forced-entry-garage"
    G = lambda face="not visible", pose="stand", c=0.8, x=0.78: person(
        x, 0.7, "Garage Door", face, c, pose
    )
    scene(
        f,
        "night-0250-5min",
        "person at the garage door 02:50, 5 min, face not visible",
        DW,
        fr(
            WED,
            "02:50:00",
            [
                (0, [person(0.5, 0.4, "Street", None, 0.6)]),
                (20, [G()]),
                (80, [G(pose="crouch")]),
                (160, [G(pose="crouch")]),
                (240, [G()]),
                (300, [G(pose="crouch")]),
            ],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "night-0400-clip-crouched",
        "clip 04:00: person crouched at the bottom of the garage door",
        DW,
        clip(
            THU2,
            "04:00:00",
            [[G(pose="crouch", c=0.7, x=0.75 + 0.01 * (i % 4))] for i in range(12)],
            2,
        ),
        mode="night",
        history=NEW,
    )
    van = lambda: vehicle(0.4, 0.4, "Street", "truck", conf=0.85)
    scene(
        f,
        "night-0130-van-two-people",
        "van stopped in the street, two people at the garage door 01:30, 3 min",
        DW,
        fr(
            FRI,
            "01:30:00",
            [
                (0, [van(), person(0.65, 0.36, "Street", None, 0.6)]),
                (30, [van(), G(x=0.7), G(x=0.85)]),
                (90, [van(), G(x=0.7, pose="crouch"), G(x=0.86)]),
                (180, [van(), G(x=0.72), G(x=0.86, pose="crouch")]),
            ],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "day-1430-away-unfamiliar-2min",
        "unfamiliar person at the garage door 14:30 weekday, 2 min, house away",
        DW,
        fr(
            TUE,
            "14:30:00",
            [(0, [G("unfamiliar")]), (50, [G("unfamiliar", "bend")]), (120, [G("unfamiliar")])],
        ),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "night-2300-sam-1min",
        "Sam at the garage door 23:00, 1 min",
        DW,
        fr(SUN, "23:00:00", [(0, [G("Sam")]), (30, [G("Sam", "bend")]), (60, [G("Sam")])]),
        mode="home",
        history=HIST,
    )


def package_taken():
    f = "package-taken-front-door"
    walk = lambda face, c=0.8: [
        [person(0.3, 0.3, "Pavement", "not visible", c)],
        [person(0.45, 0.7, "Front Door", face, c)],
        [person(0.51, 0.92, "Front Door", face, c, "bend")],
        [person(0.45, 0.7, "Front Door", "not visible", c)],
        [person(0.6, 0.3, "Pavement", "not visible", c)],
    ]
    scene(
        f,
        "day-1410-weekday-away",
        "person to the front door 14:10, bends, back to the pavement within 20 s; no van",
        FD,
        fr(WED, "14:10:00", list(zip([0, 6, 10, 14, 20], walk("not visible")))),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    pts = (
        [(0.3, 0.3, "Pavement", "stand")]
        + [(0.4, 0.55 + 0.07 * i, "Path", "stand") for i in range(2)]
        + [
            (0.5, 0.85, "Front Door", "stand"),
            (0.51, 0.92, "Front Door", "bend"),
            (0.51, 0.92, "Front Door", "bend"),
            (0.5, 0.85, "Front Door", "stand"),
            (0.38, 0.62, "Path", "stand"),
            (0.35, 0.5, "Path", "stand"),
            (0.4, 0.3, "Pavement", "stand"),
        ]
    )
    scene(
        f,
        "dusk-1625-clip-unfamiliar",
        "clip 16:25: person up the path, bends at the front door, back down the path",
        FD,
        clip(
            THU,
            "16:25:00",
            [
                [person(x, y, z, "unfamiliar" if z != "Pavement" else "not visible", 0.8, p)]
                for x, y, z, p in pts
            ],
        ),
        mode="home",
        history=NEW,
    )
    w = walk("not visible")
    w[0].append(vehicle(0.5, 0.3, "Pavement", "truck"))
    w[4].append(vehicle(0.5, 0.3, "Pavement", "truck"))
    scene(
        f,
        "day-1130-van-in-street",
        "van in the street, person to the front door 11:30, bends, back within 20 s",
        FD,
        fr(FRI, "11:30:00", list(zip([0, 6, 10, 14, 20], w))),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "night-2140-no-face-10s",
        "person to the front door 21:40, bends, gone within 10 s",
        FD,
        fr(SAT, "21:40:00", list(zip([0, 3, 5, 7, 10], walk("not visible", 0.7)))),
        mode="home",
        history=HIST,
    )
    scene(
        f,
        "day-1230-alex",
        "Alex to the front door 12:30, bends, back to the pavement",
        FD,
        fr(SUN, "12:30:00", list(zip([0, 6, 10, 14, 20], walk("Alex")))),
        mode="home",
        history=HIST,
    )
    scene(
        f,
        "dawn-0735-weekend-unfamiliar",
        "unfamiliar person to the front door Sat 07:35, bends, leaves within 15 s",
        FD,
        fr(SAT2, "07:35:00", list(zip([0, 4, 7, 10, 15], walk("unfamiliar", 0.75)))),
        mode="night",
        history=NEW,
    )


def car_break_in():
    f = "car-break-in"
    car = lambda: vehicle(0.45, 0.9, "Driveway", plate="AB12CDE")
    Dr = lambda face="not visible", pose="stand", c=0.75: person(
        0.2, 0.86, "Driveway", face, c, pose
    )
    scene(
        f,
        "night-0230-4min-driver-door",
        "person at the family car's driver door 02:30, 4 min",
        DW,
        fr(
            WED,
            "02:30:00",
            [
                (0, [car(), Dr()]),
                (50, [car(), Dr(pose="bend")]),
                (120, [car(), Dr(pose="bend")]),
                (190, [car(), Dr()]),
                (240, [car(), Dr(pose="bend")]),
            ],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "night-0315-clip-leaning-in",
        "clip 03:15: person leaning in at the family car's driver side",
        DW,
        clip(
            THU2,
            "03:15:00",
            [[car(), Dr(pose="bend" if i % 3 else "stand", c=0.7)] for i in range(15)],
            2,
        ),
        mode="night",
        history=NEW,
    )
    sc = lambda: vehicle(0.3, 0.4, "Street", plate=None, conf=0.8)
    scene(
        f,
        "night-0100-car-waiting-in-street",
        "car stopped in the street, person at the family car's driver door 01:00, 3 min",
        DW,
        fr(
            FRI,
            "01:00:00",
            [
                (0, [car(), sc(), person(0.5, 0.42, "Street", None, 0.6)]),
                (20, [car(), sc(), Dr()]),
                (90, [car(), sc(), Dr(pose="bend")]),
                (180, [car(), sc(), Dr()]),
                (200, [car(), sc()]),
            ],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "dusk-1645-away-2min-unfamiliar",
        "unfamiliar person at the family car's driver door 16:45 weekday, 2 min, house away",
        DW,
        fr(
            MON3,
            "16:45:00",
            [
                (0, [car(), Dr("unfamiliar")]),
                (60, [car(), Dr("unfamiliar", "bend")]),
                (120, [car(), Dr("not visible")]),
            ],
        ),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "night-0045-alex-3min",
        "Alex at the family car's driver door 00:45, 3 min",
        DW,
        fr(
            SAT,
            "00:45:00",
            [
                (0, [car(), Dr("Alex", c=0.85)]),
                (80, [car(), Dr("not visible", "bend")]),
                (180, [car(), Dr("Alex", c=0.85)]),
            ],
        ),
        mode="night",
        history=HIST,
    )


def catalytic():
    f = "catalytic-converter"
    car = lambda: vehicle(0.45, 0.9, "Driveway", plate="AB12CDE")
    van = lambda: vehicle(0.35, 0.4, "Street", "truck", conf=0.85)
    L = lambda c=0.6, x=0.78: person(x, 0.88, "Driveway", "not visible", c, "lie")
    scene(
        f,
        "night-0240-van-lying-6min",
        "van in the street, person lying low beside the family car 02:40, 6 min",
        DW,
        fr(
            WED,
            "02:40:00",
            [
                (0, [car(), van(), person(0.55, 0.42, "Street", None, 0.6)]),
                (25, [car(), van(), person(0.78, 0.85, "Driveway", "not visible", 0.75)]),
                (60, [car(), van(), L()]),
                (150, [car(), van(), L()]),
                (260, [car(), van(), L(0.55)]),
                (360, [car(), van(), person(0.78, 0.85, "Driveway", "not visible", 0.75)]),
            ],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "night-0320-clip",
        "clip 03:20: van in the street, person lying beside the family car",
        DW,
        clip(
            FRI,
            "03:20:00",
            [[car(), van(), L(0.55 + 0.02 * (i % 3), x=0.77 + 0.005 * (i % 2))] for i in range(12)],
            2,
        ),
        mode="night",
        history=NEW,
    )
    scene(
        f,
        "night-0200-one-lying-one-standing",
        "one person lying beside the family car, another standing at the driveway's edge 02:00, 4 min",
        DW,
        fr(
            SUN,
            "02:00:00",
            [
                (0, [car(), L(), person(0.25, 0.55, "Driveway", "not visible", 0.7)]),
                (90, [car(), L(), person(0.3, 0.5, "Driveway", "not visible", 0.7)]),
                (240, [car(), L(), person(0.25, 0.55, "Driveway", "not visible", 0.7)]),
            ],
        ),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "day-1100-weekend-sam-under-car",
        "Sam by the family car, then lying beside it Sat 11:00, 20 min",
        DW,
        fr(
            SAT,
            "11:00:00",
            [
                (0, [car(), person(0.78, 0.85, "Driveway", "Sam", 0.9)]),
                (60, [car(), L(0.8)]),
                (600, [car(), L(0.8)]),
                (1200, [car(), person(0.78, 0.85, "Driveway", "Sam", 0.9)]),
            ],
        ),
        mode="home",
        history=HIST,
    )
    scene(
        f,
        "night-0415-no-van-3min-vacation",
        "person lying beside the family car 04:15, 3 min, no vehicle in the street; house on vacation",
        DW,
        fr(WED2, "04:15:00", [(0, [car(), L()]), (70, [car(), L()]), (180, [car(), L(0.55)])]),
        mode="vacation",
        history=HIST,
        context=CTX_HOLIDAY,
    )


def fence_climbing():
    f = "fence-climbing"
    F = lambda x=0.3, face="not visible", c=0.7: person(x, 0.3, "Back fence", face, c)
    Y = lambda x=0.3, y=0.55, face="not visible", c=0.75: person(x, y, "Back Yard", face, c)
    scene(
        f,
        "night-0150-fence-then-yard",
        "person at the back fence then in the back yard 01:50",
        BD,
        fr(WED, "01:50:00", [(0, [F()]), (8, [F(0.32)]), (20, [Y()]), (40, [Y(0.3, 0.58)])]),
        mode="night",
        history=HIST,
    )
    seq = [(0.3, 0.25, "Back fence")] * 3 + [
        (0.3, 0.32, "Back fence"),
        (0.3, 0.4, "Back Yard"),
        (0.31, 0.45, "Back Yard"),
        (0.32, 0.5, "Back Yard"),
        (0.32, 0.55, "Back Yard"),
        (0.31, 0.6, "Back Yard"),
        (0.3, 0.62, "Back Yard"),
    ]
    scene(
        f,
        "night-0305-clip",
        "clip 03:05: person at the back fence, then down into the back yard",
        BD,
        clip(THU, "03:05:00", [[person(x, y, z, "not visible", 0.65)] for x, y, z in seq]),
        mode="night",
        history=NEW,
    )
    scene(
        f,
        "day-1215-away-unfamiliar",
        "unfamiliar person at the back fence then in the back yard 12:15 weekday, house away",
        BD,
        fr(
            TUE2,
            "12:15:00",
            [
                (0, [F(0.6, "not visible", 0.8)]),
                (10, [Y(0.6, 0.5, "unfamiliar", 0.85)]),
                (30, [Y(0.62, 0.55, "unfamiliar", 0.85)]),
            ],
        ),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "dusk-1630-weekend-in-and-out-40s",
        "person over the back fence into the yard Sat 16:30, back over it within 40 s",
        BD,
        fr(
            SAT,
            "16:30:00",
            [
                (0, [F(0.7)]),
                (10, [Y(0.7, 0.5, "unfamiliar", 0.8)]),
                (25, [Y(0.75, 0.45, "unfamiliar", 0.8)]),
                (40, [F(0.7)]),
            ],
        ),
        mode="home",
        history=HIST,
    )
    scene(
        f,
        "night-0220-fence-yard-back-door",
        "person at the back fence, across the yard, to the back door 02:20",
        BD,
        fr(
            SUN2,
            "02:20:00",
            [
                (0, [F(0.2)]),
                (15, [Y(0.25, 0.55)]),
                (30, [person(0.45, 0.92, "Back Door", "unfamiliar", 0.8)]),
                (90, [person(0.45, 0.92, "Back Door", "not visible", 0.8)]),
            ],
        ),
        mode="vacation",
        history=HIST,
        context=CTX_HOLIDAY,
    )


def pool_trespass():
    f = "pool-trespass"
    P = lambda x, y, face="not visible", c=0.7: person(x, y, "Pool", face, c)
    three = lambda: [P(0.38, 0.8), P(0.5, 0.75), P(0.58, 0.85)]
    scene(
        f,
        "night-2330-three-people-8min",
        "three people at the pool 23:30, 8 min",
        GD,
        fr(
            FRI,
            "23:30:00",
            [
                (0, [person(0.1, 0.8, "Side gate", "not visible", 0.6)]),
                (30, three()),
                (180, three()),
                (330, three()),
                (480, [P(0.4, 0.8), P(0.52, 0.78)]),
            ],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "night-0130-one-person-clip",
        "clip 01:30: one person walking along the pool",
        GD,
        clip(
            WED, "01:30:00", [[P(x, y, c=0.65)] for x, y in lerp((0.33, 0.85), (0.62, 0.7), 10)], 2
        ),
        mode="night",
        history=NEW,
    )
    scene(
        f,
        "night-2215-vacation-two-people",
        "two people at the pool 22:15, 5 min, house on vacation",
        GD,
        fr(
            SAT2,
            "22:15:00",
            [
                (0, [P(0.4, 0.8), P(0.55, 0.8)]),
                (120, [P(0.42, 0.82), P(0.55, 0.7)]),
                (300, [P(0.45, 0.8), P(0.5, 0.75)]),
            ],
        ),
        mode="vacation",
        history=HIST,
        context=CTX_HOLIDAY,
    )
    scene(
        f,
        "day-1500-weekend-sam-alex",
        "Sam and Alex at the pool Sun 15:00, 10 min",
        GD,
        fr(
            SUN,
            "15:00:00",
            [
                (0, [P(0.4, 0.8, "Sam", 0.9), P(0.55, 0.8, "Alex", 0.9)]),
                (300, [P(0.42, 0.82, "Sam", 0.9), P(0.55, 0.7, "Alex", 0.9)]),
                (600, [P(0.45, 0.8, "Sam", 0.9), P(0.5, 0.75, "not visible", 0.9)]),
            ],
        ),
        mode="home",
        history=HIST,
    )
    scene(
        f,
        "night-0045-jordan",
        "Jordan at the pool 00:45, 2 min",
        GD,
        fr(
            THU2,
            "00:45:00",
            [
                (0, [P(0.4, 0.8, "Jordan", 0.8)]),
                (60, [P(0.5, 0.75, "not visible")]),
                (120, [P(0.45, 0.8, "Jordan", 0.8)]),
            ],
        ),
        mode="night",
        history=HIST,
        people=[JORDAN],
        context=CTX_JORDAN,
    )


def vandalism():
    f = "vandalism-repeat-visits"
    car = lambda: vehicle(0.45, 0.9, "Driveway", plate="AB12CDE")
    St = lambda x=0.3, face=None: person(x, 0.36, "Street", face, 0.6)
    Cr = lambda face="not visible": person(0.74, 0.86, "Driveway", face, 0.75)
    Gd = lambda face="not visible": person(0.8, 0.7, "Garage Door", face, 0.75)
    scene(
        f,
        "night-0110-three-brief-visits-car",
        "person to the family car for a few seconds three times 01:10-01:25",
        DW,
        fr(
            WED,
            "01:10:00",
            [
                (0, [car(), St()]),
                (5, [car(), Cr()]),
                (12, [car(), St(0.7)]),
                (400, [car(), St()]),
                (405, [car(), Cr()]),
                (411, [car(), St(0.7)]),
                (880, [car(), Cr()]),
                (886, [car(), St(0.7)]),
            ],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "night-2350-garage-door-twice",
        "person to the garage door for a few seconds twice 23:50 and 00:05",
        DW,
        fr(
            FRI,
            "23:50:00",
            [
                (0, [St(0.5)]),
                (6, [Gd()]),
                (12, [St(0.8)]),
                (900, [St(0.5)]),
                (905, [Gd()]),
                (910, [St(0.8)]),
            ],
        ),
        mode="night",
        history=NEW,
    )
    scene(
        f,
        "day-1330-away-car-twice",
        "unfamiliar person to the family car for a few seconds twice 13:30 and 13:42, house away",
        DW,
        fr(
            THU,
            "13:30:00",
            [
                (0, [car(), St()]),
                (4, [car(), Cr("unfamiliar")]),
                (10, [car(), St(0.7)]),
                (720, [car(), St()]),
                (724, [car(), Cr("unfamiliar")]),
                (730, [car(), St(0.7)]),
            ],
        ),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "night-0200-two-people-car-and-garage",
        "two people, one at the family car and one at the garage door, a few seconds, twice 02:00-02:10",
        DW,
        fr(
            SUN2,
            "02:00:00",
            [
                (0, [car(), St(0.3), St(0.4)]),
                (6, [car(), Cr(), Gd()]),
                (12, [car(), St(0.7), St(0.8)]),
                (600, [car(), Cr(), Gd()]),
                (606, [car(), St(0.7), St(0.8)]),
            ],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "dusk-1700-weekend-car-three-times",
        "unfamiliar person to the family car briefly three times Sat 17:00-17:20",
        DW,
        fr(
            SAT,
            "17:00:00",
            [
                (0, [car(), Cr("unfamiliar")]),
                (8, [car(), St(0.7)]),
                (500, [car(), Cr("unfamiliar")]),
                (507, [car(), St(0.7)]),
                (1200, [car(), Cr("unfamiliar")]),
                (1206, [car(), St(0.7)]),
            ],
        ),
        mode="home",
        history=HIST,
    )


def person_lying():
    f = "person-lying-down"
    scene(
        f,
        "front-path-night-0140-25min",
        "person lying on the front path 01:40, still 25 min later",
        FD,
        fr(
            WED,
            "01:40:00",
            [
                (0, [person(0.25, 0.6, "Path", "not visible", 0.75)]),
                (20, [person(0.26, 0.68, "Path", "not visible", 0.65, "lie")]),
                (600, [person(0.26, 0.68, "Path", "not visible", 0.6, "lie")]),
                (1500, [person(0.26, 0.68, "Path", "not visible", 0.6, "lie")]),
            ],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "back-yard-day-1300-15min-away",
        "person lying in the back yard 13:00, still 15 min later, house away",
        BD,
        fr(
            TUE,
            "13:00:00",
            [
                (0, [person(0.2, 0.7, "Back Yard", "not visible", 0.7, "lie")]),
                (420, [person(0.2, 0.7, "Back Yard", "not visible", 0.7, "lie")]),
                (900, [person(0.2, 0.7, "Back Yard", "not visible", 0.7, "lie")]),
            ],
        ),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "garden-dawn-0710-alex-20min",
        "Alex lying in the garden 07:10, still 20 min later",
        GD,
        fr(
            THU2,
            "07:10:00",
            [
                (0, [person(0.5, 0.45, "Garden", "Alex", 0.85)]),
                (15, [person(0.5, 0.5, "Garden", "Alex", 0.7, "lie")]),
                (600, [person(0.5, 0.5, "Garden", "not visible", 0.7, "lie")]),
                (1200, [person(0.5, 0.5, "Garden", "not visible", 0.7, "lie")]),
            ],
        ),
        mode="home",
        history=HIST,
    )
    scene(
        f,
        "front-path-day-1030-2min-then-stands",
        "person lying on the front path 10:30 for 2 min, then stands and walks off",
        FD,
        fr(
            SAT,
            "10:30:00",
            [
                (0, [person(0.75, 0.7, "Path", "not visible", 0.7, "lie")]),
                (60, [person(0.75, 0.7, "Path", "not visible", 0.7, "lie")]),
                (120, [person(0.75, 0.7, "Path", "unfamiliar", 0.85)]),
                (140, [person(0.8, 0.3, "Pavement", "not visible", 0.8)]),
            ],
        ),
        mode="home",
        history=NEW,
    )
    scene(
        f,
        "driveway-night-2310-40min",
        "person lying on the driveway 23:10, still 40 min later",
        DW,
        fr(
            SUN,
            "23:10:00",
            [
                (0, [person(0.3, 0.6, "Driveway", "not visible", 0.6, "lie")]),
                (1200, [person(0.3, 0.6, "Driveway", "not visible", 0.6, "lie")]),
                (2400, [person(0.3, 0.6, "Driveway", "not visible", 0.6, "lie")]),
            ],
        ),
        mode="night",
        history=HIST,
        vehicles=[FAMILY_CAR],
    )


def side_gate_trying():
    f = "side-gate-trying"
    G = lambda face="not visible", c=0.7, y=0.75, pose="stand": person(
        0.1, y, "Side gate", face, c, pose
    )
    scene(
        f,
        "night-0215-90s",
        "person at the side gate 02:15, 90 s, face not visible",
        GD,
        fr(WED, "02:15:00", [(0, [G()]), (30, [G(y=0.78)]), (60, [G(pose="bend")]), (90, [G()])]),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "night-2340-clip",
        "clip 23:40: person at the side gate, moving up and down it",
        GD,
        clip(FRI, "23:40:00", [[G(c=0.65, y=0.7 + 0.02 * (i % 5))] for i in range(12)]),
        mode="night",
        history=NEW,
    )
    scene(
        f,
        "night-0330-vacation-then-garden",
        "person at the side gate 03:30 for 1 min, then into the garden; house on vacation",
        GD,
        fr(
            TUE2,
            "03:30:00",
            [
                (0, [G()]),
                (30, [G(pose="bend")]),
                (60, [G()]),
                (80, [person(0.35, 0.5, "Garden", "not visible", 0.7)]),
            ],
        ),
        mode="vacation",
        history=HIST,
        context=CTX_HOLIDAY,
    )
    scene(
        f,
        "dusk-1650-weekday-away-unfamiliar",
        "unfamiliar person at the side gate 16:50 weekday, 40 s, house away",
        GD,
        fr(
            MON2,
            "16:50:00",
            [
                (0, [G("unfamiliar", 0.8)]),
                (20, [G("unfamiliar", 0.8, 0.8)]),
                (40, [G("not visible", 0.8)]),
            ],
        ),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "night-2300-sam",
        "Sam at the side gate 23:00, 40 s",
        GD,
        fr(
            THU,
            "23:00:00",
            [(0, [G("Sam", 0.85)]), (20, [G("Sam", 0.85, pose="bend")]), (40, [G("Sam", 0.85)])],
        ),
        mode="night",
        history=HIST,
    )


def group_driveway():
    f = "group-driveway-night"

    def walk(n, faces, steps=4, end=(0.75, 0.8)):
        out = []
        for k in range(steps):
            bx = []
            for i in range(n):
                y = 0.4 if k == 0 else 0.5 + (end[1] - 0.5) * k / (steps - 1)
                x = (0.35 + 0.1 * i) if k == 0 else 0.3 + 0.1 * i + (end[0] - 0.5) * k / (steps - 1)
                bx.append(
                    person(
                        x,
                        y,
                        "Street"
                        if k == 0
                        else ("Garage Door" if 0.6 < x < 0.95 and 0.4 < y < 0.75 else "Driveway"),
                        faces[i] if k else None,
                        0.7,
                    )
                )
            out.append(bx)
        return out

    scene(
        f,
        "night-0130-three-people",
        "three people from the street up the driveway 01:30",
        DW,
        fr(WED, "01:30:00", list(zip([0, 10, 20, 30], walk(3, ["not visible"] * 3)))),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "night-0245-two-people-clip",
        "clip 02:45: two people walking up the driveway",
        DW,
        clip(THU, "02:45:00", [b for b in walk(2, ["not visible"] * 2, 10)]),
        mode="night",
        history=NEW,
    )
    scene(
        f,
        "night-2210-weekend-alex-and-two",
        "Alex and two unfamiliar people up the driveway Sat 22:10",
        DW,
        fr(
            SAT,
            "22:10:00",
            list(zip([0, 10, 20, 30], walk(3, ["Alex", "unfamiliar", "unfamiliar"]))),
        ),
        mode="home",
        history=HIST,
    )
    g = lambda x: person(x, 0.7, "Garage Door", "not visible", 0.7)
    scene(
        f,
        "night-0300-two-to-garage-away",
        "two people up the driveway to the garage door 03:00, 2 min, house away",
        DW,
        fr(
            FRI,
            "03:00:00",
            [
                (0, [person(0.4, 0.4, "Street", None, 0.6), person(0.5, 0.4, "Street", None, 0.6)]),
                (
                    12,
                    [
                        person(0.4, 0.8, "Driveway", "not visible", 0.7),
                        person(0.5, 0.82, "Driveway", "not visible", 0.7),
                    ],
                ),
                (30, [g(0.7), g(0.85)]),
                (90, [g(0.72), g(0.86)]),
                (130, [g(0.7), g(0.8)]),
            ],
        ),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "night-2330-two-turn-back",
        "two people step onto the driveway 23:30 and turn back to the street after 10 s",
        DW,
        fr(
            SUN2,
            "23:30:00",
            [
                (0, [person(0.4, 0.4, "Street", None, 0.6), person(0.5, 0.4, "Street", None, 0.6)]),
                (
                    5,
                    [
                        person(0.4, 0.55, "Driveway", "not visible", 0.7),
                        person(0.5, 0.56, "Driveway", "not visible", 0.7),
                    ],
                ),
                (
                    15,
                    [
                        person(0.45, 0.4, "Street", None, 0.6),
                        person(0.55, 0.38, "Street", None, 0.6),
                    ],
                ),
            ],
        ),
        mode="night",
        history=HIST,
    )


def unknown_car_parks():
    f = "unknown-car-parks-night"

    def seq(plate, faces, tail=True):
        st = vehicle(0.4, 0.4, "Street", conf=0.85)
        mid = vehicle(0.45, 0.65, "Driveway", conf=0.9)
        park = lambda: vehicle(0.45, 0.9, "Driveway", plate=plate, conf=0.9)
        out = [[st], [mid], [park()]]
        out.append(
            [park()]
            + [person(0.2 + 0.08 * i, 0.86, "Driveway", faces[i], 0.75) for i in range(len(faces))]
        )
        if tail:
            out.append(
                [park()]
                + [
                    person(0.78 + 0.08 * i, 0.7, "Garage Door", "not visible", 0.7)
                    for i in range(len(faces))
                ]
            )
        return out

    scene(
        f,
        "night-0120-unknown-plate-person-out",
        "car with an unknown plate parks in the driveway 01:20, a person gets out and walks to the garage door",
        DW,
        fr(WED, "01:20:00", list(zip([0, 5, 12, 30, 45], seq("KX19LMR", ["unfamiliar"])))),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "night-2330-family-car-sam-out",
        "family car parks in the driveway 23:30, Sam gets out and walks to the garage door",
        DW,
        fr(FRI, "23:30:00", list(zip([0, 5, 12, 30, 45], seq("AB12CDE", ["Sam"])))),
        mode="night",
        history=HIST,
    )
    s = seq(None, ["not visible", "not visible"])
    scene(
        f,
        "night-0240-unread-plate-two-out",
        "car parks in the driveway 02:40, plate not read, two people get out",
        DW,
        fr(SUN, "02:40:00", list(zip([0, 5, 12, 25, 40], s))),
        mode="night",
        history=NEW,
    )
    park = lambda: vehicle(0.45, 0.9, "Driveway", plate="GF70XTB", conf=0.9)
    scene(
        f,
        "night-0200-vacation-stays-10min",
        "car with an unknown plate parks in the driveway 02:00, nobody gets out for 10 min; house on vacation",
        DW,
        fr(
            WED2,
            "02:00:00",
            [(0, [vehicle(0.4, 0.4, "Street")]), (8, [park()]), (300, [park()]), (600, [park()])],
        ),
        mode="vacation",
        history=HIST,
        context=CTX_HOLIDAY,
    )
    s = seq("LR68PZK", ["unfamiliar"], tail=False)
    s.append(
        [
            vehicle(0.45, 0.9, "Driveway", plate="LR68PZK"),
            person(0.75, 0.72, "Garage Door", "unfamiliar", 0.8),
        ]
    )
    s.append([vehicle(0.45, 0.65, "Driveway")])
    scene(
        f,
        "dusk-1630-unknown-plate-30s-leaves",
        "car with an unknown plate into the driveway 16:30, a person out to the garage door, car leaves after 40 s",
        DW,
        fr(THU2, "16:30:00", list(zip([0, 5, 10, 20, 30, 45], s))),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )


def shed_hiding():
    f = "shed-hiding"
    S = lambda face="not visible", pose="crouch", c=0.6, x=0.85: person(
        x, 0.62, "Shed", face, c, pose
    )
    scene(
        f,
        "night-0200-crouched-10min",
        "person crouched by the shed 02:00, still there 10 min later",
        GD,
        fr(
            WED,
            "02:00:00",
            [
                (0, [person(0.6, 0.5, "Garden", "not visible", 0.65)]),
                (15, [S()]),
                (240, [S()]),
                (420, [S()]),
                (600, [S()]),
            ],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "night-2250-clip-standing",
        "clip 22:50: person standing still beside the shed",
        GD,
        clip(THU, "22:50:00", [[S(pose="stand", c=0.6, x=0.9)] for _ in range(10)], 2),
        mode="night",
        history=NEW,
    )
    scene(
        f,
        "day-1400-away-unfamiliar-3min",
        "unfamiliar person by the shed 14:00 weekday, 3 min, house away",
        GD,
        fr(
            FRI,
            "14:00:00",
            [
                (0, [S("unfamiliar", "stand", 0.85)]),
                (70, [S("not visible", "crouch", 0.8)]),
                (180, [S("unfamiliar", "stand", 0.85)]),
            ],
        ),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "day-tue-1000-gardener-expected",
        "person by the shed Tue 10:00, 5 min, face not visible (gardener expected)",
        GD,
        fr(
            TUE,
            "10:00:00",
            [
                (0, [S("not visible", "stand", 0.85)]),
                (150, [S("not visible", "bend", 0.85)]),
                (300, [S("not visible", "stand", 0.85)]),
            ],
        ),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "dawn-0705-crouch-then-side-gate",
        "person crouched by the shed 07:05 for 4 min, then out through the side gate",
        GD,
        fr(
            SAT2,
            "07:05:00",
            [
                (0, [S()]),
                (120, [S()]),
                (240, [S(pose="stand")]),
                (260, [person(0.5, 0.55, "Garden", "unfamiliar", 0.7)]),
                (270, [person(0.1, 0.75, "Side gate", "not visible", 0.7)]),
            ],
        ),
        mode="night",
        history=HIST,
    )


def circling():
    f = "circling-house"
    scene(
        f,
        "back-door-cam-0205-fence-then-0209-door",
        "person at the back fence 02:05, gone, then at the back door 02:09",
        BD,
        fr(
            WED,
            "02:05:00",
            [
                (0, [person(0.1, 0.3, "Back fence", "not visible", 0.6)]),
                (10, [person(0.3, 0.3, "Back fence", "not visible", 0.6)]),
                (240, [person(0.45, 0.9, "Back Door", "not visible", 0.75)]),
                (270, [person(0.45, 0.9, "Back Door", "unfamiliar", 0.75)]),
            ],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "garden-cam-0212-side-gate-shed-pool",
        "person in through the side gate 02:12, past the shed and the pool, out of view",
        GD,
        fr(
            WED,
            "02:12:00",
            [
                (0, [person(0.1, 0.8, "Side gate", "not visible", 0.6)]),
                (12, [person(0.5, 0.5, "Garden", "not visible", 0.65)]),
                (25, [person(0.85, 0.6, "Shed", "not visible", 0.65)]),
                (45, [person(0.5, 0.8, "Pool", "not visible", 0.65)]),
                (60, [person(0.9, 0.9, "Garden", "not visible", 0.6)]),
            ],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "driveway-cam-0158-street-to-house-side",
        "person from the street up the driveway to the garage door 01:58, then along the house side",
        DW,
        fr(
            WED,
            "01:58:00",
            [
                (0, [person(0.5, 0.4, "Street", None, 0.6)]),
                (10, [person(0.4, 0.7, "Driveway", "not visible", 0.7)]),
                (25, [person(0.75, 0.7, "Garage Door", "not visible", 0.7)]),
                (45, [person(0.18, 0.6, "Driveway", "not visible", 0.65)]),
            ],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "front-door-cam-0150-across-path",
        "person across the front path from one side to the other 01:50, past the front door",
        FD,
        fr(
            WED,
            "01:50:00",
            [
                (0, [person(0.1, 0.6, "Path", "not visible", 0.65)]),
                (10, [person(0.3, 0.65, "Path", "not visible", 0.7)]),
                (20, [person(0.5, 0.7, "Front Door", "unfamiliar", 0.75)]),
                (35, [person(0.75, 0.65, "Path", "not visible", 0.7)]),
                (45, [person(0.93, 0.6, "Path", "not visible", 0.65)]),
            ],
        ),
        mode="night",
        history=NEW,
    )
    scene(
        f,
        "back-door-cam-day-1300-away-fence-window-door",
        "person at the back fence, the kitchen window, the back door 13:00 weekday, house away",
        BD,
        fr(
            WED3,
            "13:00:00",
            [
                (0, [person(0.8, 0.3, "Back fence", "not visible", 0.8)]),
                (20, [person(0.72, 0.9, "Kitchen Window", "unfamiliar", 0.85)]),
                (60, [person(0.72, 0.9, "Kitchen Window", "unfamiliar", 0.85)]),
                (80, [person(0.45, 0.92, "Back Door", "unfamiliar", 0.85)]),
                (110, [person(0.1, 0.5, "Back Yard", "not visible", 0.8)]),
            ],
        ),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )


def unwanted_front_door():
    f = "unwanted-person-front-door"
    D = lambda face="Jordan", c=0.85, pose="stand": person(0.51, 0.92, "Front Door", face, c, pose)
    kw = dict(people=[JORDAN], context=CTX_JORDAN)
    scene(
        f,
        "day-1400-weekday-away-2min",
        "Jordan at the front door 14:00 weekday, 2 min, house away",
        FD,
        fr(
            WED,
            "14:00:00",
            [
                (0, [person(0.3, 0.3, "Pavement", "not visible", 0.8)]),
                (8, [D()]),
                (60, [D("not visible")]),
                (120, [D()]),
            ],
        ),
        mode="away",
        history=HIST,
        **kw,
    )
    scene(
        f,
        "day-1100-weekend-home-30s",
        "Jordan at the front door Sat 11:00, 30 s",
        FD,
        fr(
            SAT,
            "11:00:00",
            [(0, [D()]), (15, [D()]), (30, [person(0.4, 0.3, "Pavement", "not visible", 0.8)])],
        ),
        mode="home",
        history=HIST,
        **kw,
    )
    scene(
        f,
        "dusk-1630-returns-after-20min",
        "Jordan at the front door 16:30, 40 s, and again 16:50",
        FD,
        fr(
            THU,
            "16:30:00",
            [
                (0, [D()]),
                (40, [D("not visible")]),
                (50, [person(0.3, 0.3, "Pavement", "not visible", 0.7)]),
                (1200, [D()]),
                (1240, [D()]),
            ],
        ),
        mode="home",
        history=NEW,
        **kw,
    )
    scene(
        f,
        "day-1500-stays-on-pavement-5min",
        "Jordan standing on the pavement in front of the house 15:00, 5 min",
        FD,
        fr(
            SUN,
            "15:00:00",
            [
                (0, [person(0.4, 0.3, "Pavement", "Jordan", 0.7)]),
                (120, [person(0.41, 0.3, "Pavement", "Jordan", 0.7)]),
                (300, [person(0.4, 0.3, "Pavement", "not visible", 0.7)]),
            ],
        ),
        mode="home",
        history=HIST,
        **kw,
    )
    scene(
        f,
        "night-2200-front-door",
        "Jordan at the front door 22:00, 1 min",
        FD,
        fr(FRI2, "22:00:00", [(0, [D(c=0.8)]), (30, [D(c=0.8, pose="bend")]), (60, [D(c=0.8)])]),
        mode="night",
        history=HIST,
        **kw,
    )


def stranger_back_door_away():
    f = "stranger-back-door-away"
    D = lambda face="unfamiliar", c=0.85, pose="stand": person(
        0.45, 0.92, "Back Door", face, c, pose
    )
    scene(
        f,
        "day-1115-weekday-unfamiliar-90s",
        "unfamiliar person at the back door 11:15 weekday, 90 s, house away",
        BD,
        fr(
            WED,
            "11:15:00",
            [
                (0, [person(0.2, 0.5, "Back Yard", "not visible", 0.8)]),
                (10, [D()]),
                (50, [D("not visible")]),
                (100, [D()]),
            ],
        ),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "day-1330-no-face-door-then-window",
        "person at the back door 13:30 weekday, then the kitchen window, face not visible, house away",
        BD,
        fr(
            THU,
            "13:30:00",
            [
                (0, [D("not visible")]),
                (30, [D("not visible", pose="bend")]),
                (60, [person(0.72, 0.9, "Kitchen Window", "not visible", 0.85)]),
            ],
        ),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "day-1230-sam-midday",
        "Sam at the back door 12:30 weekday, house away",
        BD,
        fr(FRI, "12:30:00", [(0, [D("Sam")]), (20, [D("Sam")])]),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "day-1400-vacation-unfamiliar-5min",
        "unfamiliar person at the back door 14:00, 5 min, house on vacation",
        BD,
        fr(
            WED2,
            "14:00:00",
            [
                (0, [D()]),
                (90, [D("not visible", pose="crouch")]),
                (200, [D()]),
                (300, [D("not visible")]),
            ],
        ),
        mode="vacation",
        history=HIST,
        context=CTX_HOLIDAY,
    )
    scene(
        f,
        "day-1000-weekday-away-new-install-20s",
        "unfamiliar person at the back door 10:00 weekday, 20 s, house away",
        BD,
        fr(MON3, "10:00:00", [(0, [D()]), (20, [D()])]),
        mode="away",
        history=NEW,
        context=CTX_WORK,
    )
    scene(
        f,
        "day-1100-vacation-priya",
        "Priya at the back door 11:00, 2 min, house on vacation",
        BD,
        fr(
            SAT3,
            "11:00:00",
            [(0, [D("Priya")]), (60, [D("not visible", pose="bend")]), (120, [D("Priya")])],
        ),
        mode="vacation",
        history=HIST,
        people=[PRIYA],
        context=CTX_HOLIDAY + " " + "Priya, the next-door neighbour, has a key.",
    )


def vehicle_lingering():
    f = "vehicle-lingering-street"
    C = lambda cls="car", plate=None: vehicle(0.55, 0.4, "Street", cls, plate, 0.85)
    scene(
        f,
        "night-0100-car-30min",
        "car stopped in the street in front of the house 01:00, still there 30 min later, nobody out",
        DW,
        fr(WED, "01:00:00", [(0, [C()]), (600, [C()]), (1200, [C()]), (1800, [C()])]),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "night-2315-car-20min-person-out-and-back",
        "car stopped in the street 23:15 for 20 min; a person gets out, looks at the driveway, gets back in",
        DW,
        fr(
            FRI,
            "23:15:00",
            [
                (0, [C()]),
                (400, [C(), person(0.3, 0.42, "Street", None, 0.6)]),
                (430, [C(), person(0.28, 0.55, "Driveway", "not visible", 0.65)]),
                (470, [C()]),
                (1200, [C()]),
            ],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "day-1400-car-10min-weekday-away",
        "car stopped in the street 14:00 weekday, 10 min, house away",
        DW,
        fr(TUE2, "14:00:00", [(0, [C()]), (300, [C()]), (600, [C()])]),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "night-0300-van-15min",
        "van stopped in the street 03:00, 15 min",
        DW,
        fr(THU2, "03:00:00", [(0, [C("truck")]), (450, [C("truck")]), (900, [C("truck")])]),
        mode="night",
        history=NEW,
    )
    scene(
        f,
        "evening-1805-family-car-in-street",
        "family car stopped in the street 18:05, 10 min",
        DW,
        fr(
            MON2, "18:05:00", [(0, [C(plate="AB12CDE")]), (300, [C(plate="AB12CDE")]), (600, [C()])]
        ),
        mode="home",
        history=HIST,
    )


def bicycle_taken():
    f = "bicycle-taken-driveway"
    B = lambda x=0.3, y=0.7, z="Driveway": bicycle(x, y, z)

    def seq(face, c=0.8):
        return [
            [B()],
            [B(), person(0.5, 0.4, "Street", None, 0.7)],
            [B(), person(0.33, 0.7, "Driveway", face, c)],
            [B(0.4, 0.6), person(0.45, 0.6, "Driveway", face, c)],
            [B(0.45, 0.42, "Street"), person(0.5, 0.42, "Street", None, 0.7)],
        ]

    scene(
        f,
        "day-1415-weekday-away",
        "person walks up the driveway 14:15, leaves with the bicycle, house away",
        DW,
        fr(WED, "14:15:00", list(zip([0, 30, 40, 48, 55], seq("unfamiliar")))),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    pts = lerp((0.33, 0.7), (0.45, 0.47), 8)
    scene(
        f,
        "night-0230-clip",
        "clip 02:30: person wheels the bicycle down the driveway to the street",
        DW,
        clip(
            THU,
            "02:30:00",
            [
                [bicycle(x + 0.04, y, "Driveway"), person(x, y, "Driveway", "not visible", 0.65)]
                for x, y in pts
            ],
        ),
        mode="night",
        history=NEW,
    )
    scene(
        f,
        "day-1100-weekend-alex",
        "Alex walks up the driveway Sat 11:00, leaves with the bicycle",
        DW,
        fr(SAT, "11:00:00", list(zip([0, 30, 40, 48, 55], seq("Alex", 0.9)))),
        mode="home",
        history=HIST,
    )
    scene(
        f,
        "dusk-1620-unfamiliar",
        "unfamiliar person walks up the driveway 16:20, leaves with the bicycle",
        DW,
        fr(SUN, "16:20:00", list(zip([0, 10, 18, 24, 30], seq("unfamiliar", 0.75)))),
        mode="home",
        history=HIST,
    )
    scene(
        f,
        "night-0130-vacation-two-bicycles",
        "two people up the driveway 01:30, leave with two bicycles; house on vacation",
        DW,
        fr(
            SAT2,
            "01:30:00",
            [
                (0, [B(), B(0.22, 0.72)]),
                (
                    20,
                    [
                        B(),
                        B(0.22, 0.72),
                        person(0.3, 0.66, "Driveway", "not visible", 0.65),
                        person(0.4, 0.68, "Driveway", "not visible", 0.65),
                    ],
                ),
                (
                    35,
                    [
                        B(0.42, 0.43, "Street"),
                        B(0.52, 0.43, "Street"),
                        person(0.45, 0.43, "Street", None, 0.6),
                        person(0.55, 0.43, "Street", None, 0.6),
                    ],
                ),
            ],
        ),
        mode="vacation",
        history=HIST,
        context=CTX_HOLIDAY,
    )


def hedge_watching():
    f = "front-hedge-watching"
    H = lambda x=0.7, face="not visible", c=0.65: person(x, 0.41, "Front hedge", face, c)
    scene(
        f,
        "night-0050-7min",
        "person standing at the front hedge 00:50, 7 min",
        FD,
        fr(
            WED,
            "00:50:00",
            [(0, [H()]), (90, [H(0.71)]), (200, [H()]), (320, [H(0.69)]), (420, [H()])],
        ),
        mode="night",
        history=HIST,
    )
    scene(
        f,
        "night-2300-clip",
        "clip 23:00: person standing still at the front hedge",
        FD,
        clip(FRI, "23:00:00", [[H(0.3 + 0.003 * (i % 3), c=0.6)] for i in range(12)], 2),
        mode="night",
        history=NEW,
    )
    scene(
        f,
        "dusk-1610-weekday-unfamiliar-3min",
        "unfamiliar person at the front hedge 16:10 weekday, 3 min, house away",
        FD,
        fr(
            MON3,
            "16:10:00",
            [
                (0, [H(face="unfamiliar", c=0.8)]),
                (80, [H(face="not visible", c=0.8)]),
                (180, [H(face="unfamiliar", c=0.8)]),
            ],
        ),
        mode="away",
        history=HIST,
        context=CTX_WORK,
    )
    scene(
        f,
        "day-1200-weekend-priya",
        "Priya at the front hedge Sat 12:00, 6 min",
        FD,
        fr(
            SAT,
            "12:00:00",
            [
                (0, [H(face="Priya", c=0.85)]),
                (180, [H(face="Priya", c=0.85)]),
                (360, [H(face="not visible", c=0.85)]),
            ],
        ),
        mode="home",
        history=HIST,
        people=[PRIYA],
        context=CTX_PRIYA,
    )
    scene(
        f,
        "night-0330-vacation-hedge-then-path",
        "person at the front hedge 03:30 for 2 min, then onto the front path; house on vacation",
        FD,
        fr(
            SUN2,
            "03:30:00",
            [
                (0, [H()]),
                (60, [H()]),
                (120, [H()]),
                (140, [person(0.3, 0.65, "Path", "not visible", 0.7)]),
                (160, [person(0.51, 0.9, "Front Door", "not visible", 0.75)]),
            ],
        ),
        mode="vacation",
        history=HIST,
        context=CTX_HOLIDAY,
    )


FAMILIES = [
    loitering_front_path,
    window_peering,
    car_door_trying,
    casing_phone,
    tailgating_side_gate,
    forced_entry_back_door,
    forced_entry_garage,
    package_taken,
    car_break_in,
    catalytic,
    fence_climbing,
    pool_trespass,
    vandalism,
    person_lying,
    side_gate_trying,
    group_driveway,
    unknown_car_parks,
    shed_hiding,
    circling,
    unwanted_front_door,
    stranger_back_door_away,
    vehicle_lingering,
    bicycle_taken,
    hedge_watching,
]


# ==== checks ========================================================================
def inside(pt, poly):
    x, y = pt
    ins = False
    n = len(poly)
    for i in range(n):
        (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            ins = not ins
    return ins


def zone_at(cam, pt):
    hits = [z for z in cam["zones"] if inside(pt, z["polygon"])]
    if not hits:
        return None
    top = max(z.get("priority", 0) for z in hits)
    best = [z["name"] for z in hits if z.get("priority", 0) == top]
    return best[0] if len(best) == 1 else "TIE:" + "/".join(best)


def check(name, s, validator):
    errs = []
    people = {p["name"] for p in s["household"]["people"]}
    zones = {z["name"] for z in s["camera"]["zones"]}
    for e in s["household"].get("expected", []):
        for z in e.get("zones", []):
            if z not in zones:
                errs.append(f"expected zone {z!r} not in camera")
    if "expect" in s:
        errs.append("has expect")
    if not 1 <= len(s["frames"]) <= 25:
        errs.append(f"{len(s['frames'])} frames")
    for fi, fm in enumerate(s["frames"]):
        for bi, b in enumerate(fm["boxes"]):
            x, y, w, h = b["box"]
            if x + w > 1.0001 or y + h > 1.0001:
                errs.append(f"frame {fi} box {bi} off the image")
            got = zone_at(s["camera"], (x + w / 2, y + h))
            want = b.pop("_zone")
            if got != want:
                errs.append(f"frame {fi} box {bi} {b['class']} stands in {got}, meant {want}")
            f = b.get("face")
            if isinstance(f, dict) and f["person"] not in people:
                errs.append(f"face {f['person']} not in household.people")
            if f is not None and b["class"] != "person":
                errs.append("face on non-person")
            if "plate" in b and b["class"] not in ("car", "truck", "bus", "motorcycle"):
                errs.append("plate on non-vehicle")
    errs += [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(s)
    ]
    return errs


def dumps(v, ind=0):
    """JSON with small objects and lists kept on one line (readable scenes)."""
    flat = json.dumps(v)
    if len(flat) + ind <= 110 or not isinstance(v, (dict, list)):
        return flat
    pad = " " * (ind + 2)
    if isinstance(v, dict):
        items = [f"{pad}{json.dumps(k)}: {dumps(x, ind + 2)}" for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * ind + "}"
    return "[\n" + ",\n".join(pad + dumps(x, ind + 2) for x in v) + "\n" + " " * ind + "]"


def main():
    from jsonschema import Draft202012Validator

    schema = json.load(open(os.path.join(ROOT, "analysis/scene.schema.json")))
    v = Draft202012Validator(schema)
    for fam in FAMILIES:
        fam()
    os.makedirs(OUT, exist_ok=True)
    bad = 0
    names = set()
    fams = {s["family"] for _, s in SCENES}
    for fname, s in SCENES:
        assert fname not in names, fname
        names.add(fname)
        assert all((c.isalnum() and c.islower()) or c.isdigit() or c == "-" for c in fname), fname
        errs = check(fname, s, v)
        if errs:
            bad += 1
            print(fname, *errs, sep="\n  ")
            continue
        path = os.path.join(OUT, fname + ".json")
        if os.path.exists(path) and json.load(open(path)).get("family") not in fams:
            print(fname, "exists and is not writer B's; left alone")
            bad += 1
            continue
        with open(path, "w") as fh:
            fh.write(dumps(s) + "\n")
    print(f"{len(SCENES) - bad} scenes written, {bad} rejected, {len(fams)} families")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
