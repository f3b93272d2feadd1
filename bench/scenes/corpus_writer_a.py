"""Writer A: benign and routine scenes for the judgement bench.

Builds bench/scenes/corpus/<family>--<variant>.json from small per-family functions,
validates each against analysis/scene.schema.json and checks that every box's bottom
centre lies in the zone it was meant to stand in.  No verdicts ("expect") are written.

    .venv/bin/python bench/scenes/corpus_writer_a.py
"""

import copy
import datetime as dt
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "bench", "scenes", "corpus")
CAMS = json.load(open(os.path.join(ROOT, "bench", "scenes", "cameras.json")))

# --- dates (London, late Nov / early Dec 2026; sunrise ~07:45, sunset ~16:00) -------
DAY = {
    "mon": "2026-11-23",
    "tue": "2026-11-24",
    "wed": "2026-11-25",
    "thu": "2026-11-26",
    "fri": "2026-11-27",
    "sat": "2026-11-28",
    "sun": "2026-11-29",
    "tue2": "2026-12-01",
    "wed2": "2026-12-02",
    "thu2": "2026-12-03",
    "fri2": "2026-12-04",
    "sat2": "2026-12-05",
    "sun2": "2026-12-06",
    "mon2": "2026-12-07",
}

# --- the camera's routine over 30 days: a family that leaves ~07:30, returns ~18:00 ---
HIST = {
    "Front Door": [
        0,
        0,
        0,
        0,
        0,
        1,
        5,
        24,
        20,
        10,
        11,
        13,
        12,
        10,
        9,
        11,
        13,
        15,
        27,
        16,
        9,
        5,
        2,
        1,
    ],
    "Back Door": [0, 0, 0, 0, 0, 1, 4, 14, 8, 4, 5, 6, 6, 5, 5, 6, 8, 12, 20, 16, 10, 5, 2, 1],
    "Back Door pets": [
        3,
        2,
        2,
        2,
        3,
        4,
        9,
        20,
        10,
        6,
        7,
        8,
        7,
        7,
        6,
        8,
        11,
        15,
        24,
        20,
        14,
        9,
        6,
        4,
    ],
    "Driveway": [
        3,
        2,
        1,
        1,
        2,
        6,
        18,
        44,
        30,
        20,
        18,
        19,
        20,
        18,
        19,
        24,
        30,
        36,
        42,
        25,
        15,
        10,
        6,
        4,
    ],
    "Garden": [0, 0, 0, 0, 0, 0, 1, 4, 3, 6, 9, 10, 9, 8, 7, 4, 2, 2, 3, 2, 1, 0, 0, 0],
    "Garden wildlife": [2, 3, 3, 2, 2, 3, 4, 5, 3, 6, 9, 10, 9, 8, 7, 4, 3, 3, 4, 3, 2, 2, 2, 2],
}

SAM = {"name": "Sam", "role": "household"}
ALEX = {"name": "Alex", "role": "household"}
FAMILY_CAR = {"plate": "AB12CDE", "name": "Family car", "role": "household"}


def history(key):
    if key == "new":
        return {"new_install": True}
    return {"days": 30, "events_per_hour": list(HIST[key])}


# --- expected visitors (zones are names of the scene's camera) ----------------------
def gardener(cam):
    zones = {"Garden": ["Garden", "Shed", "Side gate"], "Back Door": ["Back Yard"]}[cam]
    return {
        "name": "Gardener",
        "kind": "regular",
        "object_types": ["person"],
        "days": ["tue"],
        "start": "09:00",
        "end": "12:00",
        "zones": zones,
    }


def pool_service():
    return {
        "name": "Pool service",
        "kind": "regular",
        "object_types": ["person"],
        "days": ["thu"],
        "start": "10:00",
        "end": "11:00",
        "zones": ["Pool", "Garden", "Side gate"],
    }


def deliveries():
    return {
        "name": "Parcel deliveries",
        "kind": "delivery",
        "object_types": ["person", "truck", "car"],
        "start": "08:00",
        "end": "20:00",
        "zones": ["Front Door", "Path"],
    }


def postman():
    return {
        "name": "Postman",
        "kind": "delivery",
        "object_types": ["person"],
        "days": ["mon", "tue", "wed", "thu", "fri", "sat"],
        "start": "09:00",
        "end": "13:00",
        "zones": ["Front Door", "Path"],
    }


def household(people=(), expected=(), context=None, vehicles=()):
    h = {}
    if context:
        h["context"] = context
    h["people"] = [dict(SAM), dict(ALEX)] + [dict(p) for p in people]
    h["vehicles"] = [dict(FAMILY_CAR)] + [dict(v) for v in vehicles]
    if expected:
        h["expected"] = list(expected)
    return h


# --- boxes, placed by where the object stands (bottom centre) -------------------------
def obj(cls, fx, fy, w, h, zone, conf=0.85, face=None, plate=None):
    x, y = fx - w / 2, fy - h
    assert x >= -1e-9 and y >= -1e-9 and x + w <= 1 + 1e-9 and fy <= 1 + 1e-9, (cls, fx, fy, w, h)
    b = {
        "class": cls,
        "confidence": conf,
        "box": [round(max(x, 0), 3), round(max(y, 0), 3), round(w, 3), round(h, 3)],
        "_zone": zone,
    }
    if face is not None:
        b["face"] = {"person": face} if face not in ("unfamiliar", "not visible") else face
    if plate is not None:
        b["plate"] = plate
    return b


def P(fx, fy, zone, face=None, conf=0.85, h=None, scale=1.0):
    """A standing person; taller when nearer the bottom of the image."""
    h = h or min(0.45, 0.06 + 0.4 * fy) * scale
    h = min(h, fy)
    return obj("person", fx, fy, round(h * 0.32, 3), h, zone, conf, face)


def car(fx, fy, zone, conf=0.9, w=None, h=None, plate=None, cls="car"):
    w = w or min(0.55, 0.12 + 0.45 * fy)
    h = h or w * 0.5
    h = min(h, fy)
    return obj(cls, fx, fy, w, h, zone, conf, plate=plate)


def animal(cls, fx, fy, zone, size=1.0, conf=0.75):
    base = {
        "dog": (0.1, 0.08),
        "cat": (0.06, 0.05),
        "bird": (0.03, 0.03),
        "horse": (0.16, 0.17),
        "cow": (0.17, 0.15),
        "sheep": (0.12, 0.1),
        "bear": (0.1, 0.07),
        "sports ball": (0.03, 0.03),
        "bicycle": (0.1, 0.09),
        "kite": (0.05, 0.05),
        "frisbee": (0.04, 0.02),
    }[cls]
    k = size * (0.5 + fy)
    return obj(cls, fx, fy, base[0] * k, min(base[1] * k, fy), zone, conf)


def t(day, hhmmss, plus=0):
    base = dt.datetime.fromisoformat(DAY[day] + "T" + hhmmss)
    return (base + dt.timedelta(seconds=plus)).isoformat()


def frames(day, start, steps, source="photo"):
    """steps: [(seconds after start, [boxes])]"""
    out = []
    for s, boxes in steps:
        out.append({"at": t(day, start, s), "source": source, "boxes": boxes})
    return out


SCENES = {}


def S(family, variant, name, cam, frs, mode="home", hist="routine", hh=None):
    camera = copy.deepcopy(CAMS[cam])
    if hist == "routine":
        hist = cam
    sc = {
        "scene": 1,
        "name": name,
        "family": family,
        "camera": camera,
        "history": history(hist),
        "house_mode": mode,
        "household": hh or household(),
        "frames": frs,
    }
    fn = f"{family}--{variant}"
    assert re.fullmatch(r"[a-z0-9-]+", fn), fn
    assert fn not in SCENES, fn
    assert 1 <= len(frs) <= 25, (fn, len(frs))
    SCENES[fn] = sc


# =====================================================================================
# families
# =====================================================================================


def pool_service_visit():
    f = "pool-service-visit"
    ctx = "The pool service comes on Thursday mornings; they let themselves in by the side gate."
    hh = household(expected=[pool_service()], context=ctx)

    def visit(face, conf=0.85):
        return [
            (0, [P(0.1, 0.8, "Side gate", face="not visible", conf=conf)]),
            (40, [P(0.38, 0.93, "Garden", face=face, conf=conf)]),
            (300, [P(0.45, 0.85, "Pool", face="not visible", conf=conf)]),
            (900, [P(0.6, 0.8, "Pool", face="not visible", conf=conf)]),
            (1500, [P(0.3, 0.97, "Garden", face=face, conf=conf)]),
            (1560, [P(0.1, 0.85, "Side gate", face="not visible", conf=conf)]),
        ]

    S(
        f,
        "thu-1015-in-window-away",
        "person enters by side gate, at the pool edge 25 min, Thu 10:15, pool-service window, house away, 6 photos",
        "Garden",
        frames("thu", "10:15:00", visit("unfamiliar")),
        mode="away",
        hh=hh,
    )
    S(
        f,
        "thu-1015-in-window-vacation",
        "person enters by side gate, at the pool edge 25 min, Thu 10:15, pool-service window, house on vacation, 6 photos",
        "Garden",
        frames("thu2", "10:15:00", visit("not visible")),
        mode="vacation",
        hh=hh,
    )
    hh_named = household(
        people=[{"name": "Dan", "role": "regular"}],
        expected=[pool_service()],
        context=ctx + " Dan is our pool man.",
    )
    S(
        f,
        "thu-1020-named-regular",
        "Dan (regular) at the pool edge 25 min, Thu 10:20, pool-service window, 6 photos",
        "Garden",
        frames("thu", "10:20:00", visit("Dan")),
        mode="away",
        hh=hh_named,
    )
    S(
        f,
        "sat-1400-outside-schedule",
        "person enters by side gate, at the pool edge 25 min, Sat 14:00, unfamiliar face, 6 photos",
        "Garden",
        frames("sat", "14:00:00", visit("unfamiliar")),
        mode="home",
        hh=hh,
    )
    S(
        f,
        "thu-2230-night",
        "person enters by side gate, at the pool edge 25 min, Thu 22:30, no face visible, 6 photos",
        "Garden",
        frames("thu", "22:30:00", visit("not visible", 0.62)),
        mode="night",
        hh=hh,
    )
    clip = [(i * 2, [P(0.4 + i * 0.02, 0.84, "Pool", face="not visible")]) for i in range(6)]
    S(
        f,
        "thu-1040-clip-new-install",
        "person walking along the pool edge, Thu 10:40, pool-service window, 12 s clip, new camera",
        "Garden",
        frames("thu", "10:40:00", clip, "clip"),
        mode="away",
        hist="new",
        hh=hh,
    )


def household_pets():
    f = "household-pets-yard"
    ctx = "We have a dog (Biscuit, a labrador) and a cat (Pepper); both use the back garden and a cat flap in the back door."
    hh = household(context=ctx)
    S(
        f,
        "dog-back-yard-sat-day",
        "dog moving around the back yard, Sat 11:30, 4 photos over 3 min",
        "Back Door",
        frames(
            "sat",
            "11:30:00",
            [
                (0, [animal("dog", 0.2, 0.7, "Back Yard")]),
                (50, [animal("dog", 0.5, 0.5, "Back Yard")]),
                (120, [animal("dog", 0.88, 0.8, "Back Yard")]),
                (180, [animal("dog", 0.45, 0.9, "Back Door")]),
            ],
        ),
        hist="Back Door pets",
        hh=hh,
    )
    S(
        f,
        "dog-at-back-door-dusk",
        "dog waiting at the back door, weekday 16:20, 3 photos over 2 min",
        "Back Door",
        frames(
            "wed",
            "16:20:00",
            [
                (0, [animal("dog", 0.44, 0.92, "Back Door", conf=0.8)]),
                (60, [animal("dog", 0.46, 0.93, "Back Door", conf=0.82)]),
                (120, [animal("dog", 0.45, 0.9, "Back Door", conf=0.79)]),
            ],
        ),
        mode="away",
        hist="Back Door pets",
        hh=hh,
    )
    S(
        f,
        "cat-back-yard-night",
        "cat crossing the back yard to the back door, 02:40, night mode, 3 photos",
        "Back Door",
        frames(
            "tue",
            "02:40:00",
            [
                (0, [animal("cat", 0.15, 0.5, "Back Yard", conf=0.66)]),
                (20, [animal("cat", 0.3, 0.75, "Back Yard", conf=0.7)]),
                (35, [animal("cat", 0.45, 0.9, "Back Door", conf=0.72)]),
            ],
        ),
        mode="night",
        hist="Back Door pets",
        hh=hh,
    )
    S(
        f,
        "dog-and-cat-garden-sun",
        "dog and cat in the side garden together, Sun 13:10, 3 photos",
        "Garden",
        frames(
            "sun",
            "13:10:00",
            [
                (0, [animal("dog", 0.4, 0.5, "Garden"), animal("cat", 0.8, 0.6, "Shed")]),
                (30, [animal("dog", 0.55, 0.55, "Garden"), animal("cat", 0.85, 0.62, "Shed")]),
                (75, [animal("dog", 0.25, 0.95, "Garden")]),
            ],
        ),
        hh=hh,
    )
    S(
        f,
        "dog-garden-night-new-install",
        "dog-sized animal in the side garden, 23:20, house away, new camera, 2 photos",
        "Garden",
        frames(
            "fri",
            "23:20:00",
            [
                (0, [animal("dog", 0.5, 0.45, "Garden", conf=0.64)]),
                (25, [animal("dog", 0.45, 0.72, "Pool", conf=0.6)]),
            ],
        ),
        mode="away",
        hist="new",
        hh=hh,
    )
    S(
        f,
        "resident-lets-dog-out-night",
        "Sam at the back door and a dog in the back yard, 22:05, 3 photos over 4 min",
        "Back Door",
        frames(
            "thu",
            "22:05:00",
            [
                (
                    0,
                    [
                        P(0.45, 0.97, "Back Door", face="Sam", conf=0.8),
                        animal("dog", 0.25, 0.8, "Back Yard"),
                    ],
                ),
                (90, [animal("dog", 0.2, 0.55, "Back Yard", conf=0.7)]),
                (
                    240,
                    [
                        P(0.46, 0.97, "Back Door", face="Sam", conf=0.82),
                        animal("dog", 0.42, 0.93, "Back Door"),
                    ],
                ),
            ],
        ),
        hist="Back Door pets",
        hh=hh,
    )


def wildlife_fox():
    f = "wildlife-fox"
    ctx = "Foxes cross the gardens round here most nights."
    S(
        f,
        "back-yard-0230-as-dog",
        "fox-sized animal (detected as dog) crossing the back yard, 02:30, 3 photos",
        "Back Door",
        frames(
            "wed",
            "02:30:00",
            [
                (0, [animal("dog", 0.08, 0.5, "Back Yard", size=0.8, conf=0.58)]),
                (12, [animal("dog", 0.5, 0.55, "Back Yard", size=0.8, conf=0.63)]),
                (25, [animal("dog", 0.93, 0.45, "Back Yard", size=0.8, conf=0.55)]),
            ],
        ),
        mode="night",
        hh=household(context=ctx),
    )
    S(
        f,
        "garden-shed-0310-as-cat",
        "small animal (detected as cat) by the shed, 03:10, 2 photos",
        "Garden",
        frames(
            "thu",
            "03:10:00",
            [
                (0, [animal("cat", 0.85, 0.66, "Shed", size=1.3, conf=0.57)]),
                (40, [animal("cat", 0.6, 0.5, "Garden", size=1.3, conf=0.6)]),
            ],
        ),
        mode="night",
        hist="Garden wildlife",
    )
    S(
        f,
        "driveway-0100-as-dog",
        "dog-like animal on the driveway, 01:00, one photo",
        "Driveway",
        frames(
            "sun", "01:00:00", [(0, [animal("dog", 0.45, 0.7, "Driveway", size=0.8, conf=0.54)])]
        ),
        mode="night",
        hh=household(context=ctx),
    )
    S(
        f,
        "back-fence-dawn-0720",
        "dog-like animal on the back fence line, 07:20, 2 photos",
        "Back Door",
        frames(
            "fri",
            "07:20:00",
            [
                (0, [animal("dog", 0.3, 0.3, "Back fence", size=0.7, conf=0.6)]),
                (15, [animal("dog", 0.6, 0.25, "Back fence", size=0.7, conf=0.62)]),
            ],
        ),
        hh=household(context=ctx),
    )
    pts = [
        (0.25, 0.4, "Garden"),
        (0.33, 0.45, "Garden"),
        (0.4, 0.55, "Garden"),
        (0.45, 0.7, "Pool"),
        (0.55, 0.85, "Pool"),
        (0.7, 0.93, "Garden"),
        (0.85, 0.96, "Garden"),
    ]
    clip = [(i, [animal("dog", x, y, z, conf=0.55 + 0.02 * i)]) for i, (x, y, z) in enumerate(pts)]
    S(
        f,
        "garden-0415-clip-vacation",
        "dog-like animal trotting across the garden past the pool, 04:15, house on vacation, 7 s clip",
        "Garden",
        frames("tue2", "04:15:00", clip, "clip"),
        mode="vacation",
        hist="Garden wildlife",
    )


def wildlife_deer_birds():
    f = "wildlife-deer-badger-birds"
    S(
        f,
        "deer-as-horse-garden-dawn",
        "large animal (detected as horse) grazing in the side garden, 07:35, 3 photos over 5 min",
        "Garden",
        frames(
            "sat",
            "07:35:00",
            [
                (0, [animal("horse", 0.5, 0.45, "Garden", conf=0.58)]),
                (150, [animal("horse", 0.55, 0.5, "Garden", conf=0.61)]),
                (300, [animal("horse", 0.15, 0.6, "Side gate", conf=0.56)]),
            ],
        ),
        hist="Garden wildlife",
    )
    S(
        f,
        "deer-as-cow-sheep-dusk",
        "two animals (detected as cow and sheep) in the side garden, 16:25, 2 photos",
        "Garden",
        frames(
            "wed",
            "16:25:00",
            [
                (
                    0,
                    [
                        animal("cow", 0.5, 0.45, "Garden", conf=0.52),
                        animal("sheep", 0.6, 0.4, "Garden", conf=0.55),
                    ],
                ),
                (60, [animal("cow", 0.45, 0.5, "Garden", conf=0.56)]),
            ],
        ),
        mode="away",
        hist="Garden wildlife",
    )
    S(
        f,
        "birds-back-fence-day",
        "birds on the back fence, 11:05, weekday, 2 photos",
        "Back Door",
        frames(
            "mon",
            "11:05:00",
            [
                (
                    0,
                    [
                        animal("bird", 0.3, 0.25, "Back fence", conf=0.7),
                        animal("bird", 0.36, 0.24, "Back fence", conf=0.66),
                    ],
                ),
                (20, [animal("bird", 0.33, 0.25, "Back fence", conf=0.68)]),
            ],
        ),
        mode="away",
    )
    S(
        f,
        "pigeon-at-back-door",
        "bird on the step at the back door, 13:40, one photo",
        "Back Door",
        frames(
            "tue", "13:40:00", [(0, [animal("bird", 0.46, 0.95, "Back Door", size=1.4, conf=0.77)])]
        ),
        mode="away",
    )
    flock = [
        animal("bird", 0.3 + 0.07 * i, 0.42 + (i % 3) * 0.05, "Garden", conf=0.6 + 0.03 * (i % 4))
        for i in range(6)
    ]
    S(
        f,
        "birds-flock-lawn",
        "six birds on the lawn, Sun 09:20, one photo",
        "Garden",
        frames("sun", "09:20:00", [(0, flock)]),
        hist="Garden wildlife",
    )
    S(
        f,
        "badger-as-bear-night",
        "low animal (detected as bear) digging in the back yard, 01:50, 3 photos over 6 min",
        "Back Door",
        frames(
            "thu",
            "01:50:00",
            [
                (0, [animal("bear", 0.25, 0.6, "Back Yard", conf=0.52)]),
                (180, [animal("bear", 0.27, 0.62, "Back Yard", conf=0.55)]),
                (360, [animal("bear", 0.4, 0.45, "Back Yard", conf=0.5)]),
            ],
        ),
        mode="night",
    )


def neighbour_walking_past():
    f = "neighbour-walking-past"
    hh = household(people=[{"name": "Priya", "role": "regular"}], context="Priya lives next door.")
    S(
        f,
        "weekday-1130-no-face",
        "person walking along the pavement, weekday 11:30, no face visible, 2 photos",
        "Front Door",
        frames(
            "wed",
            "11:30:00",
            [
                (0, [P(0.15, 0.3, "Pavement", face="not visible")]),
                (6, [P(0.75, 0.3, "Pavement", face="not visible")]),
            ],
        ),
        mode="away",
        hh=hh,
    )
    S(
        f,
        "priya-named-1745",
        "Priya (regular) walking along the pavement, 17:45, 2 photos",
        "Front Door",
        frames(
            "thu",
            "17:45:00",
            [
                (0, [P(0.2, 0.32, "Pavement", face="Priya", conf=0.8)]),
                (7, [P(0.8, 0.3, "Pavement", face="not visible", conf=0.8)]),
            ],
        ),
        mode="away",
        hh=hh,
    )
    S(
        f,
        "night-2130-one-photo",
        "person on the pavement, 21:30, one photo, no face visible",
        "Front Door",
        frames(
            "fri", "21:30:00", [(0, [P(0.55, 0.28, "Pavement", face="not visible", conf=0.66)])]
        ),
        hh=hh,
    )
    S(
        f,
        "sat-0900-unfamiliar",
        "person walking along the pavement, Sat 09:00, unfamiliar face, 3 photos",
        "Front Door",
        frames(
            "sat",
            "09:00:00",
            [
                (0, [P(0.1, 0.3, "Pavement", face="unfamiliar")]),
                (4, [P(0.45, 0.31, "Pavement", face="unfamiliar")]),
                (8, [P(0.85, 0.3, "Pavement", face="not visible")]),
            ],
        ),
        hh=hh,
    )
    S(
        f,
        "vacation-1300",
        "person walking along the pavement, 13:00, house on vacation, 2 photos",
        "Front Door",
        frames(
            "wed2",
            "13:00:00",
            [
                (0, [P(0.85, 0.29, "Pavement", face="not visible")]),
                (6, [P(0.3, 0.3, "Pavement", face="unfamiliar")]),
            ],
        ),
        mode="vacation",
        hh=hh,
    )


def hooded_jogger():
    f = "jogger-hooded-night"

    def run(y, zone, x0=0.05, dx=0.3, n=4, conf=0.7):
        return [(i, [P(x0 + dx * i, y, zone, face="not visible", conf=conf)]) for i in range(n)]

    S(
        f,
        "pavement-2215-clip",
        "person in a hood running along the pavement, 22:15, 4 s clip",
        "Front Door",
        frames("tue", "22:15:00", run(0.3, "Pavement", dx=0.28), "clip"),
    )
    S(
        f,
        "street-0630-dawn-clip",
        "person in a hood running along the street, 06:30, 4 s clip",
        "Driveway",
        frames("wed", "06:30:00", run(0.38, "Street", x0=0.9, dx=-0.27, conf=0.65), "clip"),
    )
    S(
        f,
        "pavement-2340-night-mode",
        "person in a hood running along the pavement, 23:40, night mode, 2 photos",
        "Front Door",
        frames(
            "thu",
            "23:40:00",
            [
                (0, [P(0.8, 0.3, "Pavement", face="not visible", conf=0.62)]),
                (3, [P(0.3, 0.31, "Pavement", face="not visible", conf=0.6)]),
            ],
        ),
        mode="night",
    )
    S(
        f,
        "street-2100-vacation",
        "person in a hood running along the street, 21:00, house on vacation, 3 s clip",
        "Driveway",
        frames("thu2", "21:00:00", run(0.36, "Street", x0=0.1, dx=0.3, n=3, conf=0.63), "clip"),
        mode="vacation",
    )
    steps = [
        (0, [P(0.2, 0.3, "Pavement", face="not visible", conf=0.7)]),
        (5, [P(0.5, 0.5, "Path", face="not visible", conf=0.75)]),
        (12, [P(0.52, 0.95, "Front Door", face="not visible", conf=0.8)]),
        (40, [P(0.52, 0.96, "Front Door", face="Alex", conf=0.8)]),
    ]
    S(
        f,
        "runner-turns-in-to-door-2105",
        "person in a hood runs in from the pavement to the front door, 21:05, face Alex at the door, 4 photos",
        "Front Door",
        frames("mon", "21:05:00", steps),
    )


def neighbour_power_tools():
    f = "neighbour-power-tools-fence"
    ctx = "Our back fence backs onto the neighbours' garden; Mark next door is doing up his shed."
    hh = household(people=[{"name": "Mark", "role": "regular"}], context=ctx)

    def work(zone, y, face, n=8, gap=150, conf=0.6):
        out = []
        for i in range(n):
            x = 0.25 + 0.04 * ((i * 3) % 5)
            out.append(
                (
                    i * gap,
                    [
                        P(
                            x,
                            y,
                            zone,
                            face=face if i % 3 == 0 else "not visible",
                            conf=conf,
                            h=min(y, 0.1 + y * 0.5),
                        )
                    ],
                )
            )
        return out

    S(
        f,
        "beyond-fence-2230",
        "person moving about just beyond the back fence, 22:30, 8 photos over 18 min",
        "Back Door",
        frames("wed", "22:30:00", work(None, 0.13, "not visible")),
        mode="home",
        hh=hh,
    )
    S(
        f,
        "at-fence-line-2310-night",
        "person standing at the back fence line, 23:10, night mode, 8 photos over 18 min",
        "Back Door",
        frames("thu", "23:10:00", work("Back fence", 0.28, "unfamiliar", conf=0.58)),
        mode="night",
        hh=hh,
    )
    S(
        f,
        "at-fence-line-mark-1930",
        "Mark (regular) at the back fence line, 19:30, 6 photos over 12 min",
        "Back Door",
        frames("tue", "19:30:00", work("Back fence", 0.28, "Mark", n=6, conf=0.66)),
        hh=hh,
    )
    S(
        f,
        "beyond-fence-2200-vacation",
        "person moving about just beyond the back fence, 22:00, house on vacation, 6 photos over 15 min",
        "Back Door",
        frames("tue2", "22:00:00", work(None, 0.13, "not visible", n=6, gap=180)),
        mode="vacation",
        hh=hh,
    )
    S(
        f,
        "at-fence-line-sat-2100-new-install",
        "person at the back fence line, Sat 21:00, new camera, 5 photos over 10 min",
        "Back Door",
        frames("sat", "21:00:00", work("Back fence", 0.3, "not visible", n=5)),
        hist="new",
        hh=hh,
    )


def resident_face_covered():
    f = "resident-face-covered-arrives"
    hh = household(context="It's winter; we wrap up in scarves and hats.")
    walk = [
        (0, [P(0.15, 0.3, "Pavement", face="not visible", conf=0.78)]),
        (8, [P(0.5, 0.5, "Path", face="not visible", conf=0.82)]),
        (15, [P(0.51, 0.96, "Front Door", face="not visible", conf=0.86)]),
        (45, [P(0.51, 0.97, "Front Door", face="not visible", conf=0.86)]),
    ]
    S(
        f,
        "weekday-1810-routine",
        "person with face covered walks from the pavement to the front door and stays 30 s, weekday 18:10, 4 photos",
        "Front Door",
        frames("tue", "18:10:00", walk),
        mode="away",
        hh=hh,
    )
    S(
        f,
        "weekday-1810-new-install",
        "person with face covered walks from the pavement to the front door and stays 30 s, weekday 18:10, new camera, 4 photos",
        "Front Door",
        frames("wed", "18:10:00", walk),
        mode="away",
        hist="new",
        hh=hh,
    )
    S(
        f,
        "night-2330-night-mode",
        "person with face covered walks from the pavement to the front door and stays 30 s, 23:30, night mode, 4 photos",
        "Front Door",
        frames("fri", "23:30:00", walk),
        mode="night",
        hh=hh,
    )
    walk2 = walk[:3] + [(50, [P(0.51, 0.97, "Front Door", face="Alex", conf=0.86)])]
    S(
        f,
        "face-alex-at-door-1805",
        "person with face covered walks to the front door; face Alex recognised at the door, 18:05, 4 photos",
        "Front Door",
        frames("thu", "18:05:00", walk2),
        mode="away",
        hh=hh,
    )
    drive = [
        (0, [car(0.55, 0.85, "Driveway", plate="AB12CDE")]),
        (20, [car(0.55, 0.85, "Driveway"), P(0.4, 0.8, "Driveway", face="not visible")]),
        (35, [car(0.55, 0.85, "Driveway"), P(0.78, 0.72, "Garage Door", face="not visible")]),
    ]
    S(
        f,
        "driveway-family-car-1815",
        "family car parks; a person with face covered walks to the garage door, weekday 18:15, 3 photos",
        "Driveway",
        frames("mon", "18:15:00", drive),
        mode="away",
        hh=hh,
    )


def neighbour_flashlight():
    f = "neighbour-flashlight-night"
    hh = household(context="Our street has no streetlights; neighbours walk with torches.")
    S(
        f,
        "pavement-2100-slow",
        "person walking slowly along the pavement, 21:00, 3 photos over 20 s",
        "Front Door",
        frames(
            "mon",
            "21:00:00",
            [
                (0, [P(0.1, 0.3, "Pavement", face="not visible", conf=0.6)]),
                (10, [P(0.4, 0.31, "Pavement", face="not visible", conf=0.63)]),
                (20, [P(0.7, 0.3, "Pavement", face="not visible", conf=0.58)]),
            ],
        ),
        hh=hh,
    )
    S(
        f,
        "pavement-0200-night-mode",
        "person walking along the pavement, 02:00, night mode, 2 photos",
        "Front Door",
        frames(
            "sat",
            "02:00:00",
            [
                (0, [P(0.3, 0.29, "Pavement", face="not visible", conf=0.55)]),
                (12, [P(0.75, 0.3, "Pavement", face="not visible", conf=0.57)]),
            ],
        ),
        mode="night",
        hh=hh,
    )
    S(
        f,
        "pavement-with-dog-2230",
        "person and dog on the pavement, 22:30, 3 photos over 30 s",
        "Front Door",
        frames(
            "wed",
            "22:30:00",
            [
                (
                    0,
                    [
                        P(0.2, 0.3, "Pavement", face="not visible", conf=0.62),
                        animal("dog", 0.28, 0.31, "Pavement", conf=0.55),
                    ],
                ),
                (
                    15,
                    [
                        P(0.45, 0.3, "Pavement", face="not visible", conf=0.6),
                        animal("dog", 0.5, 0.32, "Pavement", conf=0.58),
                    ],
                ),
                (30, [P(0.8, 0.3, "Pavement", face="not visible", conf=0.6)]),
            ],
        ),
        hh=hh,
    )
    S(
        f,
        "street-2000-vacation",
        "person walking along the street, 20:00, house on vacation, 2 photos",
        "Driveway",
        frames(
            "wed2",
            "20:00:00",
            [
                (0, [P(0.2, 0.37, "Street", face="not visible", conf=0.6)]),
                (14, [P(0.55, 0.36, "Street", face="not visible", conf=0.6)]),
            ],
        ),
        mode="vacation",
        hh=hh,
    )


def gardener_scheduled():
    f = "gardener-scheduled"
    ctx = "Tom the gardener comes on Tuesday mornings; he keeps his tools in the shed."
    hh_g = household(
        people=[{"name": "Tom", "role": "regular"}], expected=[gardener("Garden")], context=ctx
    )
    hh_b = household(
        people=[{"name": "Tom", "role": "regular"}], expected=[gardener("Back Door")], context=ctx
    )

    def work(face_first, conf=0.85):
        return [
            (0, [P(0.1, 0.8, "Side gate", face=face_first, conf=conf)]),
            (60, [P(0.85, 0.66, "Shed", face="not visible", conf=conf)]),
            (400, [P(0.5, 0.45, "Garden", face="not visible", conf=conf)]),
            (1200, [P(0.3, 0.55, "Garden", face="not visible", conf=conf)]),
            (2400, [P(0.75, 0.95, "Garden", face=face_first, conf=conf)]),
            (3600, [P(0.6, 0.5, "Garden", face="not visible", conf=conf)]),
            (4800, [P(0.85, 0.65, "Shed", face="not visible", conf=conf)]),
            (4900, [P(0.1, 0.85, "Side gate", face="not visible", conf=conf)]),
        ]

    S(
        f,
        "tue-0930-tom-in-window",
        "Tom (regular) working in the garden and at the shed, Tue 09:30-10:52, 8 photos",
        "Garden",
        frames("tue", "09:30:00", work("Tom")),
        mode="away",
        hh=hh_g,
    )
    S(
        f,
        "tue-0930-no-face-vacation",
        "person working in the garden and at the shed, Tue 09:30-10:52, no face visible, house on vacation, 8 photos",
        "Garden",
        frames("tue2", "09:30:00", work("not visible")),
        mode="vacation",
        hh=hh_g,
    )
    S(
        f,
        "tue-0930-unfamiliar-in-window",
        "person with an unfamiliar face working in the garden and at the shed, Tue 09:30-10:52, 8 photos",
        "Garden",
        frames("tue", "09:30:00", work("unfamiliar")),
        mode="away",
        hh=hh_g,
    )
    S(
        f,
        "tue-2300-same-activity",
        "person at the side gate, the shed and in the garden, Tue 23:00-00:22, no face visible, 8 photos",
        "Garden",
        frames("tue", "23:00:00", work("not visible", 0.6)),
        mode="night",
        hh=hh_g,
    )
    S(
        f,
        "wed-1000-tom-other-day",
        "Tom (regular) working in the garden and at the shed, Wed 10:00-11:22, 8 photos",
        "Garden",
        frames("wed", "10:00:00", work("Tom")),
        mode="away",
        hh=hh_g,
    )
    back = [
        (0, [P(0.1, 0.5, "Back Yard", face="Tom")]),
        (600, [P(0.3, 0.6, "Back Yard", face="not visible")]),
        (1500, [P(0.9, 0.7, "Back Yard", face="not visible")]),
        (2400, [P(0.5, 0.4, "Back Yard", face="not visible")]),
    ]
    S(
        f,
        "tue-1120-back-yard-overruns",
        "Tom (regular) raking the back yard, Tue 11:20-12:00, 4 photos",
        "Back Door",
        frames("tue", "11:20:00", back),
        mode="away",
        hh=hh_b,
    )


def delivery_driver():
    f = "delivery-driver"
    hh = household(
        expected=[deliveries()],
        context="We get parcels most days; couriers leave them on the porch.",
    )

    def drop(face="not visible", conf=0.85, vehicle="truck"):
        v = car(0.75, 0.3, "Pavement", cls=vehicle, w=0.34, h=0.2, conf=0.88)
        return [
            (0, [v, P(0.55, 0.32, "Pavement", face="not visible", conf=conf)]),
            (8, [v, P(0.5, 0.5, "Path", face=face, conf=conf)]),
            (15, [v, P(0.51, 0.95, "Front Door", face=face, conf=conf)]),
            (35, [v, P(0.35, 0.65, "Path", face="not visible", conf=conf)]),
            (45, [v, P(0.6, 0.32, "Pavement", face="not visible", conf=conf)]),
        ]

    S(
        f,
        "weekday-1120-truck",
        "van in the street; person walks the path to the front door, 20 s at the door, leaves, weekday 11:20, 5 photos",
        "Front Door",
        frames("wed", "11:20:00", drop()),
        mode="away",
        hh=hh,
    )
    S(
        f,
        "sat-1400-unfamiliar-face",
        "van in the street; person with an unfamiliar face walks to the front door and leaves, Sat 14:00, 5 photos",
        "Front Door",
        frames("sat", "14:00:00", drop("unfamiliar")),
        hh=hh,
    )
    S(
        f,
        "weekday-1940-dark-in-window",
        "van in the street; person walks to the front door and leaves, weekday 19:40, 5 photos",
        "Front Door",
        frames("thu", "19:40:00", drop(conf=0.7)),
        mode="away",
        hh=hh,
    )
    S(
        f,
        "weekday-2045-after-window",
        "car in the street; person walks to the front door and leaves, weekday 20:45, 5 photos",
        "Front Door",
        frames("fri", "20:45:00", drop(conf=0.68, vehicle="car")),
        hh=hh,
    )
    S(
        f,
        "vacation-1215",
        "van in the street; person walks to the front door and leaves, 12:15, house on vacation, 5 photos",
        "Front Door",
        frames("thu2", "12:15:00", drop("unfamiliar")),
        mode="vacation",
        hh=hh,
    )
    clip = [
        (
            i * 2,
            [P(0.5 + 0.002 * i, 0.95, "Front Door", face="unfamiliar" if i < 2 else "not visible")],
        )
        for i in range(5)
    ]
    clip += [
        (10, [P(0.36, 0.7, "Path", face="not visible")]),
        (12, [P(0.5, 0.5, "Path", face="not visible")]),
    ]
    S(
        f,
        "weekday-1005-clip-door",
        "person at the front door bends down then walks away down the path, weekday 10:05, 12 s clip",
        "Front Door",
        frames("mon", "10:05:00", clip, "clip"),
        mode="away",
        hh=hh,
    )


def resident_arrives_by_car():
    f = "resident-arrives-by-car"

    def arrive(face, plate="AB12CDE", conf=0.85):
        return [
            (0, [car(0.5, 0.38, "Street", conf=0.9)]),
            (10, [car(0.55, 0.8, "Driveway", plate=plate, conf=0.9)]),
            (
                40,
                [
                    car(0.55, 0.85, "Driveway", conf=0.9),
                    P(0.35, 0.85, "Driveway", face=face, conf=conf),
                ],
            ),
            (
                55,
                [
                    car(0.55, 0.85, "Driveway", conf=0.9),
                    P(0.78, 0.72, "Garage Door", face="not visible", conf=conf),
                ],
            ),
        ]

    S(
        f,
        "weekday-1805-sam",
        "car with the household plate pulls in; Sam walks to the garage door, weekday 18:05, 4 photos",
        "Driveway",
        frames("tue", "18:05:00", arrive("Sam")),
        mode="away",
    )
    S(
        f,
        "night-2315-no-face",
        "car with the household plate pulls in; person walks to the garage door, 23:15, no face visible, 4 photos",
        "Driveway",
        frames("fri", "23:15:00", arrive("not visible", conf=0.7)),
        mode="night",
    )
    S(
        f,
        "weekday-1810-plate-unread",
        "car pulls in (plate not read); person walks to the garage door, weekday 18:10, no face visible, 4 photos",
        "Driveway",
        frames("wed", "18:10:00", arrive("not visible", plate=None)),
        mode="away",
    )
    S(
        f,
        "vacation-return-1500-alex",
        "car with the household plate pulls in; Alex walks to the garage door, 15:00, house still on vacation, 4 photos",
        "Driveway",
        frames("sun2", "15:00:00", arrive("Alex")),
        mode="vacation",
    )
    S(
        f,
        "sat-1230-sam",
        "car with the household plate pulls in; Sam walks to the garage door, Sat 12:30, 4 photos",
        "Driveway",
        frames("sat", "12:30:00", arrive("Sam")),
    )
    S(
        f,
        "weekday-1805-new-install",
        "car with the household plate pulls in; person walks to the garage door, weekday 18:05, new camera, 4 photos",
        "Driveway",
        frames("mon", "18:05:00", arrive("not visible")),
        mode="away",
        hist="new",
    )


def resident_yard_work():
    f = "resident-yard-work"
    S(
        f,
        "sat-1100-sam-raking",
        "Sam raking leaves in the side garden, Sat 11:00-11:40, 6 photos",
        "Garden",
        frames(
            "sat",
            "11:00:00",
            [
                (
                    i * 480,
                    [
                        P(
                            0.3 + 0.1 * (i % 4),
                            0.4 + 0.06 * (i % 3),
                            "Garden",
                            face="Sam" if i % 2 == 0 else "not visible",
                        )
                    ],
                )
                for i in range(6)
            ],
        ),
    )
    S(
        f,
        "sun-1530-alex-at-shed",
        "Alex at the shed then in the garden, Sun 15:30-15:50, 4 photos",
        "Garden",
        frames(
            "sun",
            "15:30:00",
            [
                (0, [P(0.85, 0.65, "Shed", face="Alex")]),
                (300, [P(0.85, 0.66, "Shed", face="not visible")]),
                (700, [P(0.55, 0.5, "Garden", face="not visible")]),
                (1200, [P(0.85, 0.64, "Shed", face="Alex")]),
            ],
        ),
    )
    S(
        f,
        "weekday-0800-alex-back-yard",
        "Alex in the back yard by the kitchen window then the back door, weekday 08:00, 3 photos",
        "Back Door",
        frames(
            "mon",
            "08:00:00",
            [
                (0, [P(0.2, 0.55, "Back Yard", face="Alex")]),
                (120, [P(0.72, 0.9, "Kitchen Window", face="not visible")]),
                (200, [P(0.45, 0.95, "Back Door", face="Alex")]),
            ],
        ),
    )
    S(
        f,
        "sat-1020-no-face-side-gate",
        "person working by the side gate, back to camera, Sat 10:20-10:45, no face visible, 4 photos",
        "Garden",
        frames(
            "sat",
            "10:20:00",
            [
                (0, [P(0.1, 0.7, "Side gate", face="not visible")]),
                (500, [P(0.12, 0.75, "Side gate", face="not visible")]),
                (1000, [P(0.08, 0.72, "Side gate", face="not visible")]),
                (1500, [P(0.4, 0.5, "Garden", face="not visible")]),
            ],
        ),
    )
    S(
        f,
        "sun-1620-dusk-clip",
        "Sam carrying things to the shed, Sun 16:20, 8 s clip",
        "Garden",
        frames(
            "sun",
            "16:20:00",
            [
                (
                    i * 2,
                    [
                        P(
                            0.5 + 0.09 * i,
                            0.5 + 0.01 * i,
                            "Garden" if i < 3 else "Shed",
                            face="Sam" if i == 0 else "not visible",
                            conf=0.72,
                        )
                    ],
                )
                for i in range(5)
            ],
            "clip",
        ),
    )


def children_playing():
    f = "children-playing-garden"
    kids = [{"name": "Mia", "role": "household"}, {"name": "Leo", "role": "household"}]
    hh = household(
        people=kids,
        context="Our children Mia (9) and Leo (6) play in the garden after school and at weekends.",
    )

    def kid(fx, fy, zone, face, conf=0.8):
        return P(fx, fy, zone, face=face, conf=conf, scale=0.65)

    S(
        f,
        "sat-1400-mia-leo-ball",
        "two children with a ball in the side garden, Sat 14:00-14:20, 5 photos",
        "Garden",
        frames(
            "sat",
            "14:00:00",
            [
                (
                    i * 300,
                    [
                        kid(0.3 + 0.08 * i, 0.5, "Garden", "Mia" if i % 2 == 0 else "not visible"),
                        kid(0.68 - 0.08 * i, 0.55, "Garden", "Leo"),
                        animal("sports ball", 0.55, 0.45, "Garden", conf=0.6),
                    ],
                )
                for i in range(5)
            ],
        ),
        hh=hh,
    )
    S(
        f,
        "weekday-1545-after-school",
        "two children in the back yard, weekday 15:45, 3 photos",
        "Back Door",
        frames(
            "wed",
            "15:45:00",
            [
                (0, [kid(0.3, 0.6, "Back Yard", "Mia"), kid(0.7, 0.5, "Back Yard", "Leo")]),
                (
                    60,
                    [kid(0.2, 0.7, "Back Yard", "not visible"), kid(0.9, 0.55, "Back Yard", "Leo")],
                ),
                (180, [kid(0.45, 0.95, "Back Door", "Mia")]),
            ],
        ),
        hh=hh,
    )
    S(
        f,
        "sun-1100-friends-unfamiliar",
        "Mia and two children with unfamiliar faces playing in the side garden, Sun 11:00, 3 photos",
        "Garden",
        frames(
            "sun",
            "11:00:00",
            [
                (
                    0,
                    [
                        kid(0.3, 0.5, "Garden", "Mia"),
                        kid(0.5, 0.55, "Garden", "unfamiliar"),
                        kid(0.62, 0.42, "Garden", "unfamiliar"),
                    ],
                ),
                (
                    120,
                    [
                        kid(0.4, 0.55, "Garden", "unfamiliar"),
                        kid(0.6, 0.5, "Garden", "not visible"),
                    ],
                ),
                (
                    240,
                    [
                        kid(0.25, 0.95, "Garden", "Mia"),
                        animal("frisbee", 0.5, 0.35, "Garden", conf=0.55),
                    ],
                ),
            ],
        ),
        hh=hh,
    )
    S(
        f,
        "sat-1030-bikes-driveway",
        "two children riding bicycles on the driveway, Sat 10:30, 3 photos",
        "Driveway",
        frames(
            "sat",
            "10:30:00",
            [
                (
                    0,
                    [
                        kid(0.4, 0.7, "Driveway", "Leo"),
                        animal("bicycle", 0.4, 0.7, "Driveway", size=1.5),
                    ],
                ),
                (
                    30,
                    [
                        kid(0.7, 0.85, "Driveway", "not visible"),
                        animal("bicycle", 0.7, 0.85, "Driveway", size=1.5),
                        kid(0.3, 0.6, "Driveway", "Mia"),
                    ],
                ),
                (60, [kid(0.5, 0.9, "Driveway", "Mia")]),
            ],
        ),
        hh=hh,
    )
    S(
        f,
        "weekday-1630-dusk-no-faces",
        "two small people running in the side garden at dusk, weekday 16:30, no faces visible, 2 photos",
        "Garden",
        frames(
            "thu",
            "16:30:00",
            [
                (
                    0,
                    [
                        kid(0.4, 0.5, "Garden", "not visible", 0.62),
                        kid(0.68, 0.55, "Garden", "not visible", 0.6),
                    ],
                ),
                (20, [kid(0.5, 0.8, "Pool", "not visible", 0.6)]),
            ],
        ),
        hh=hh,
    )


def cars_passing():
    f = "cars-passing-street"
    S(
        f,
        "weekday-1110-one-car",
        "one car passing on the street, weekday 11:10, 2 photos",
        "Driveway",
        frames(
            "wed",
            "11:10:00",
            [
                (0, [car(0.2, 0.36, "Street", w=0.28, h=0.12)]),
                (3, [car(0.75, 0.36, "Street", w=0.28, h=0.12)]),
            ],
        ),
        mode="away",
    )
    S(
        f,
        "weekday-0815-rush",
        "several cars passing on the street, weekday 08:15, 4 photos over 2 min",
        "Driveway",
        frames(
            "tue",
            "08:15:00",
            [
                (
                    0,
                    [
                        car(0.2, 0.35, "Street", w=0.28, h=0.12),
                        car(0.7, 0.3, "Street", w=0.22, h=0.1),
                    ],
                ),
                (40, [car(0.5, 0.36, "Street", w=0.28, h=0.12)]),
                (
                    80,
                    [
                        car(0.3, 0.3, "Street", w=0.22, h=0.1),
                        car(0.85, 0.36, "Street", w=0.28, h=0.12),
                    ],
                ),
                (120, [car(0.5, 0.35, "Street", cls="truck", w=0.35, h=0.2)]),
            ],
        ),
        mode="away",
    )
    S(
        f,
        "night-0130-single-car",
        "one car passing slowly on the street, 01:30, 2 photos 5 s apart",
        "Driveway",
        frames(
            "sun",
            "01:30:00",
            [
                (0, [car(0.3, 0.36, "Street", w=0.28, h=0.12, conf=0.7)]),
                (5, [car(0.6, 0.36, "Street", w=0.28, h=0.12, conf=0.72)]),
            ],
        ),
        mode="night",
    )
    S(
        f,
        "unknown-plate-near-kerb",
        "car with an unknown plate passing close along the kerb, weekday 14:20, 2 photos",
        "Driveway",
        frames(
            "thu",
            "14:20:00",
            [
                (0, [car(0.35, 0.42, "Street", w=0.36, h=0.16, plate="LK19XRT")]),
                (4, [car(0.7, 0.385, "Street", w=0.34, h=0.16)]),
            ],
        ),
        mode="away",
    )
    S(
        f,
        "vacation-1400-bus",
        "bus and car passing on the street, 14:00, house on vacation, 2 photos",
        "Driveway",
        frames(
            "wed2",
            "14:00:00",
            [
                (0, [car(0.4, 0.35, "Street", cls="bus", w=0.5, h=0.25)]),
                (6, [car(0.6, 0.36, "Street", w=0.28, h=0.12)]),
            ],
        ),
        mode="vacation",
    )


def taxi_drop_off():
    f = "taxi-drop-off-night"
    ctx = "We often come home by taxi after an evening out."

    def ride(face_door, conf=0.72, guest=None):
        taxi = car(0.4, 0.3, "Pavement", w=0.34, h=0.17, conf=0.85)
        steps = [
            (0, [taxi]),
            (15, [taxi, P(0.45, 0.32, "Pavement", face="not visible", conf=conf)]),
            (25, [P(0.5, 0.5, "Path", face="not visible", conf=conf)]),
            (35, [P(0.51, 0.96, "Front Door", face=face_door, conf=conf)]),
        ]
        if guest:
            steps[2][1].append(P(0.68, 0.58, "Path", face="unfamiliar", conf=conf))
            steps[3][1].append(P(0.68, 0.9, "Path", face=guest, conf=conf))
        return steps

    S(
        f,
        "2340-alex",
        "car stops in the street; person walks to the front door, face Alex, 23:40, 4 photos",
        "Front Door",
        frames("sat", "23:40:00", ride("Alex")),
        hh=household(context=ctx),
    )
    S(
        f,
        "0115-no-face-night-mode",
        "car stops in the street; person walks to the front door, 01:15, night mode, no face visible, 4 photos",
        "Front Door",
        frames("sun", "01:15:00", ride("not visible", 0.6)),
        mode="night",
        hh=household(context=ctx),
    )
    S(
        f,
        "2230-sam-with-guest",
        "car stops in the street; Sam and a person with an unfamiliar face walk to the front door, 22:30, 4 photos",
        "Front Door",
        frames("fri", "22:30:00", ride("Sam", guest="unfamiliar")),
        hh=household(context=ctx),
    )
    S(
        f,
        "0030-sam-away-mode",
        "car stops in the street; person walks to the front door, face Sam, 00:30, house away, 4 photos",
        "Front Door",
        frames("sat", "00:30:00", ride("Sam")),
        mode="away",
        hh=household(context=ctx),
    )
    S(
        f,
        "weekday-1900-unfamiliar",
        "car stops in the street; person with an unfamiliar face walks to the front door, weekday 19:00, 4 photos",
        "Front Door",
        frames("tue", "19:00:00", ride("unfamiliar", 0.75)),
        mode="away",
        hh=household(context=ctx),
    )


def postman_visit():
    f = "postman"
    hh = household(
        people=[{"name": "Pete", "role": "regular"}],
        expected=[postman()],
        context="Pete is our postman.",
    )

    def round_(face, conf=0.85):
        return [
            (0, [P(0.2, 0.3, "Pavement", face="not visible", conf=conf)]),
            (6, [P(0.5, 0.5, "Path", face=face, conf=conf)]),
            (12, [P(0.51, 0.95, "Front Door", face=face, conf=conf)]),
            (25, [P(0.66, 0.6, "Path", face="not visible", conf=conf)]),
        ]

    S(
        f,
        "mon-1030-pete",
        "Pete (regular) walks to the front door and back, Mon 10:30, 4 photos",
        "Front Door",
        frames("mon", "10:30:00", round_("Pete")),
        mode="away",
        hh=hh,
    )
    S(
        f,
        "sat-1110-unfamiliar",
        "person with an unfamiliar face walks to the front door and back, Sat 11:10, 4 photos",
        "Front Door",
        frames("sat", "11:10:00", round_("unfamiliar")),
        hh=hh,
    )
    S(
        f,
        "wed-1345-pete-late",
        "Pete (regular) walks to the front door and back, Wed 13:45, 4 photos",
        "Front Door",
        frames("wed", "13:45:00", round_("Pete")),
        mode="away",
        hh=hh,
    )
    S(
        f,
        "vacation-1015-pete",
        "Pete (regular) walks to the front door and back, Tue 10:15, house on vacation, 4 photos",
        "Front Door",
        frames("tue2", "10:15:00", round_("Pete")),
        mode="vacation",
        hh=hh,
    )
    clip = [
        (0, [P(0.33, 0.75, "Path", face="not visible")]),
        (1, [P(0.38, 0.85, "Path", face="not visible")]),
        (2, [P(0.51, 0.95, "Front Door", face="not visible")]),
        (3, [P(0.51, 0.96, "Front Door", face="not visible")]),
        (5, [P(0.34, 0.8, "Path", face="not visible")]),
    ]
    S(
        f,
        "thu-0950-clip-no-face",
        "person walks to the front door and away, Thu 09:50, no face visible, 5 s clip",
        "Front Door",
        frames("thu", "09:50:00", clip, "clip"),
        mode="away",
        hh=hh,
    )


def neighbours_cat():
    f = "neighbours-cat-back-door-night"
    no_pets = household(
        context="We have no pets. Several cats from neighbouring houses roam the gardens."
    )
    own_cat = household(context="We have a cat (Pepper) who uses the cat flap in the back door.")
    S(
        f,
        "0215-at-back-door",
        "cat at the back door, 02:15, night mode, 3 photos over 90 s",
        "Back Door",
        frames(
            "wed",
            "02:15:00",
            [
                (0, [animal("cat", 0.3, 0.5, "Back Yard", conf=0.62)]),
                (40, [animal("cat", 0.45, 0.9, "Back Door", conf=0.7)]),
                (90, [animal("cat", 0.46, 0.88, "Back Door", conf=0.68)]),
            ],
        ),
        mode="night",
        hh=no_pets,
    )
    S(
        f,
        "2300-kitchen-window-sill",
        "cat at the kitchen window, 23:00, 2 photos",
        "Back Door",
        frames(
            "thu",
            "23:00:00",
            [
                (0, [animal("cat", 0.72, 0.75, "Kitchen Window", conf=0.7)]),
                (30, [animal("cat", 0.74, 0.76, "Kitchen Window", conf=0.72)]),
            ],
        ),
        hh=no_pets,
    )
    S(
        f,
        "0400-on-back-fence",
        "cat walking along the back fence, 04:00, 2 photos",
        "Back Door",
        frames(
            "fri",
            "04:00:00",
            [
                (0, [animal("cat", 0.2, 0.3, "Back fence", conf=0.58)]),
                (10, [animal("cat", 0.55, 0.28, "Back fence", conf=0.6)]),
            ],
        ),
        mode="night",
        hh=no_pets,
    )
    S(
        f,
        "0130-at-back-door-vacation",
        "cat at the back door, 01:30, house on vacation, 2 photos",
        "Back Door",
        frames(
            "wed2",
            "01:30:00",
            [
                (0, [animal("cat", 0.45, 0.92, "Back Door", conf=0.66)]),
                (60, [animal("cat", 0.25, 0.7, "Back Yard", conf=0.6)]),
            ],
        ),
        mode="vacation",
        hh=no_pets,
    )
    S(
        f,
        "0245-own-cat-household",
        "cat at the back door, 02:45, household has a cat, 2 photos",
        "Back Door",
        frames(
            "tue",
            "02:45:00",
            [
                (0, [animal("cat", 0.44, 0.9, "Back Door", conf=0.69)]),
                (20, [animal("cat", 0.45, 0.93, "Back Door", conf=0.71)]),
            ],
        ),
        mode="night",
        hist="Back Door pets",
        hh=own_cat,
    )
    S(
        f,
        "0320-new-install",
        "cat at the back door, 03:20, new camera, one photo",
        "Back Door",
        frames("thu2", "03:20:00", [(0, [animal("cat", 0.45, 0.9, "Back Door", conf=0.64)])]),
        mode="night",
        hist="new",
        hh=no_pets,
    )


def bins_to_street():
    f = "bins-to-street"
    ctx = "Bins are collected on Tuesday mornings; we put them out on Monday evening."
    hh = household(context=ctx)

    def trip(face, conf=0.8):
        return [
            (0, [P(0.78, 0.72, "Garage Door", face=face, conf=conf)]),
            (15, [P(0.5, 0.6, "Driveway", face="not visible", conf=conf)]),
            (30, [P(0.45, 0.38, "Street", face="not visible", conf=conf)]),
            (60, [P(0.5, 0.65, "Driveway", face=face, conf=conf)]),
            (75, [P(0.78, 0.73, "Garage Door", face="not visible", conf=conf)]),
        ]

    S(
        f,
        "mon-2030-sam",
        "Sam walks from the garage door to the street and back, Mon 20:30, 5 photos over 75 s",
        "Driveway",
        frames("mon", "20:30:00", trip("Sam")),
        hh=hh,
    )
    S(
        f,
        "tue-0710-alex-dawn",
        "Alex walks from the garage door to the street and back, Tue 07:10, 5 photos",
        "Driveway",
        frames("tue", "07:10:00", trip("Alex", 0.7)),
        hh=hh,
    )
    S(
        f,
        "mon-2145-no-face",
        "person walks from the garage door to the street and back, Mon 21:45, no face visible, 5 photos",
        "Driveway",
        frames("mon2", "21:45:00", trip("not visible", 0.65)),
        hh=hh,
    )
    S(
        f,
        "mon-2310-night-mode",
        "person walks from the garage door to the street and back, Mon 23:10, night mode, no face visible, 5 photos",
        "Driveway",
        frames("mon", "23:10:00", trip("not visible", 0.6)),
        mode="night",
        hh=hh,
    )
    lorry = car(0.5, 0.35, "Street", cls="truck", w=0.5, h=0.25)
    S(
        f,
        "tue-0720-collection-crew",
        "lorry in the street; two people at the end of the driveway and back, Tue 07:20, 3 photos",
        "Driveway",
        frames(
            "tue",
            "07:20:00",
            [
                (0, [lorry, P(0.3, 0.4, "Street", face="not visible")]),
                (
                    20,
                    [
                        lorry,
                        P(0.3, 0.55, "Driveway", face="not visible"),
                        P(0.5, 0.5, "Driveway", face="unfamiliar"),
                    ],
                ),
                (45, [lorry, P(0.35, 0.38, "Street", face="not visible")]),
            ],
        ),
        mode="away",
        hh=hh,
    )


def visitor_rings_door():
    f = "visitor-rings-front-door"
    hh = household(
        people=[{"name": "Jo", "role": "regular"}], context="Jo is a friend who visits often."
    )

    def call(face, dwell=60, conf=0.85, second=None):
        s = [
            (0, [P(0.3, 0.3, "Pavement", face="not visible", conf=conf)]),
            (8, [P(0.5, 0.5, "Path", face=face, conf=conf)]),
            (15, [P(0.51, 0.95, "Front Door", face=face, conf=conf)]),
            (15 + dwell, [P(0.51, 0.96, "Front Door", face="not visible", conf=conf)]),
            (25 + dwell, [P(0.5, 0.49, "Path", face="not visible", conf=conf)]),
            (35 + dwell, [P(0.7, 0.3, "Pavement", face="not visible", conf=conf)]),
        ]
        if second:
            for i in (1, 2, 3):
                s[i][1].append(P(0.7, 0.6 + 0.05 * i, "Path", face=second, conf=conf))
        return s

    S(
        f,
        "sat-1400-unfamiliar-1min",
        "person with an unfamiliar face at the front door 1 min, then leaves, Sat 14:00, 6 photos",
        "Front Door",
        frames("sat", "14:00:00", call("unfamiliar")),
        hh=hh,
    )
    S(
        f,
        "sun-1500-jo",
        "Jo (regular) at the front door 1 min, then leaves, Sun 15:00, 6 photos",
        "Front Door",
        frames("sun", "15:00:00", call("Jo")),
        hh=hh,
    )
    S(
        f,
        "weekday-1100-away-unfamiliar",
        "person with an unfamiliar face at the front door 1 min, then leaves, weekday 11:00, house away, 6 photos",
        "Front Door",
        frames("tue", "11:00:00", call("unfamiliar")),
        mode="away",
        hh=hh,
    )
    S(
        f,
        "weekday-1630-two-people",
        "two people (unfamiliar faces) at the front door 1.5 min, then leave, weekday 16:30, 6 photos",
        "Front Door",
        frames("thu", "16:30:00", call("unfamiliar", dwell=90, second="unfamiliar", conf=0.78)),
        hh=hh,
    )
    S(
        f,
        "sun-1000-no-face-30s",
        "person at the front door 30 s, then leaves, Sun 10:00, no face visible, 6 photos",
        "Front Door",
        frames("sun2", "10:00:00", call("not visible", dwell=30)),
        hh=hh,
    )


def group_walking_past():
    f = "group-walking-past"

    def grp(n, x0, y, zone, dx=0.08, face="not visible", conf=0.78, sc=1.0):
        return [
            P(min(0.95, x0 + dx * i), y - 0.01 * (i % 2), zone, face=face, conf=conf, scale=sc)
            for i in range(n)
        ]

    S(
        f,
        "sat-1130-three-pavement",
        "three people walking along the pavement, Sat 11:30, 2 photos",
        "Front Door",
        frames(
            "sat",
            "11:30:00",
            [(0, grp(3, 0.1, 0.31, "Pavement")), (6, grp(3, 0.55, 0.31, "Pavement"))],
        ),
    )
    S(
        f,
        "fri-2200-four-street-clip",
        "four people walking along the street, Fri 22:00, 3 s clip",
        "Driveway",
        frames(
            "fri",
            "22:00:00",
            [(i, grp(4, 0.1 + 0.12 * i, 0.38, "Street", dx=0.09, conf=0.65)) for i in range(3)],
            "clip",
        ),
    )
    S(
        f,
        "weekday-0820-children-school",
        "five children walking along the pavement, weekday 08:20, 2 photos",
        "Front Door",
        frames(
            "wed",
            "08:20:00",
            [
                (0, grp(5, 0.05, 0.31, "Pavement", dx=0.07, sc=0.7)),
                (7, grp(5, 0.5, 0.3, "Pavement", dx=0.07, sc=0.7, face="unfamiliar")),
            ],
        ),
        mode="away",
    )
    S(
        f,
        "sun-0110-three-pavement",
        "three people walking along the pavement, Sun 01:10, 2 photos",
        "Front Door",
        frames(
            "sun",
            "01:10:00",
            [
                (0, grp(3, 0.7, 0.3, "Pavement", conf=0.6)),
                (5, grp(3, 0.25, 0.31, "Pavement", conf=0.6)),
            ],
        ),
        mode="night",
    )
    S(
        f,
        "vacation-1500-two-street",
        "two people walking along the street, 15:00, house on vacation, 2 photos",
        "Driveway",
        frames(
            "thu2",
            "15:00:00",
            [(0, grp(2, 0.2, 0.37, "Street")), (8, grp(2, 0.65, 0.37, "Street"))],
        ),
        mode="vacation",
    )


def cyclist():
    f = "cyclist-street"

    def ride(x0, dx, y, zone, n, conf=0.8, face="not visible"):
        return [
            (
                i,
                [
                    P(x0 + dx * i, y, zone, face=face, conf=conf),
                    animal("bicycle", x0 + dx * i, y, zone, size=1.6, conf=conf),
                ],
            )
            for i in range(n)
        ]

    S(
        f,
        "weekday-1300-street",
        "cyclist on the street, weekday 13:00, 3 s clip",
        "Driveway",
        frames("tue", "13:00:00", ride(0.1, 0.35, 0.38, "Street", 3), "clip"),
        mode="away",
    )
    S(
        f,
        "weekday-2100-street",
        "cyclist on the street, weekday 21:00, 3 s clip",
        "Driveway",
        frames("wed", "21:00:00", ride(0.85, -0.3, 0.37, "Street", 3, conf=0.62), "clip"),
    )
    S(
        f,
        "weekday-0700-dawn-photo",
        "cyclist on the street, weekday 07:00, one photo",
        "Driveway",
        frames("thu", "07:00:00", [(0, ride(0.5, 0, 0.38, "Street", 1, conf=0.66)[0][1])]),
    )
    S(
        f,
        "sat-1100-pavement-front",
        "cyclist on the pavement, Sat 11:00, 2 photos",
        "Front Door",
        frames("sat", "11:00:00", ride(0.2, 0.5, 0.3, "Pavement", 2)),
    )
    S(
        f,
        "night-0030-vacation",
        "cyclist on the street, 00:30, house on vacation, 2 photos",
        "Driveway",
        frames("fri2", "00:30:00", ride(0.3, 0.4, 0.37, "Street", 2, conf=0.58)),
        mode="vacation",
    )


def dog_walker():
    f = "dog-walker-pavement"
    S(
        f,
        "weekday-1230-pause-at-hedge",
        "person with a dog on the pavement, dog at the front hedge 20 s, weekday 12:30, 3 photos",
        "Front Door",
        frames(
            "tue",
            "12:30:00",
            [
                (
                    0,
                    [
                        P(0.3, 0.3, "Pavement", face="not visible"),
                        animal("dog", 0.36, 0.32, "Pavement"),
                    ],
                ),
                (
                    10,
                    [
                        P(0.4, 0.31, "Pavement", face="unfamiliar"),
                        animal("dog", 0.42, 0.4, "Front hedge"),
                    ],
                ),
                (
                    20,
                    [
                        P(0.42, 0.3, "Pavement", face="not visible"),
                        animal("dog", 0.43, 0.41, "Front hedge"),
                    ],
                ),
            ],
        ),
        mode="away",
    )
    S(
        f,
        "sun-0715-dawn",
        "person with a dog on the pavement, Sun 07:15, 2 photos",
        "Front Door",
        frames(
            "sun",
            "07:15:00",
            [
                (
                    0,
                    [
                        P(0.8, 0.3, "Pavement", face="not visible", conf=0.7),
                        animal("dog", 0.72, 0.31, "Pavement", conf=0.6),
                    ],
                ),
                (8, [P(0.35, 0.3, "Pavement", face="not visible", conf=0.7)]),
            ],
        ),
    )
    S(
        f,
        "weekday-2245-night",
        "person with a dog on the pavement, weekday 22:45, 2 photos",
        "Front Door",
        frames(
            "thu",
            "22:45:00",
            [
                (
                    0,
                    [
                        P(0.2, 0.3, "Pavement", face="not visible", conf=0.6),
                        animal("dog", 0.27, 0.31, "Pavement", conf=0.55),
                    ],
                ),
                (
                    10,
                    [
                        P(0.6, 0.3, "Pavement", face="not visible", conf=0.6),
                        animal("dog", 0.66, 0.31, "Pavement", conf=0.55),
                    ],
                ),
            ],
        ),
    )
    S(
        f,
        "street-1600-driveway-edge",
        "person with a dog on the street, dog at the end of the driveway, 16:00, 2 photos",
        "Driveway",
        frames(
            "wed",
            "16:00:00",
            [
                (
                    0,
                    [
                        P(0.4, 0.4, "Street", face="not visible"),
                        animal("dog", 0.45, 0.5, "Driveway"),
                    ],
                ),
                (15, [P(0.6, 0.38, "Street", face="not visible")]),
            ],
        ),
        mode="away",
    )


def resident_leaves_morning():
    f = "resident-leaves-morning"

    def leave(face, conf=0.85, plate="AB12CDE"):
        return [
            (0, [car(0.55, 0.85, "Driveway"), P(0.78, 0.72, "Garage Door", face=face, conf=conf)]),
            (
                15,
                [
                    car(0.55, 0.85, "Driveway"),
                    P(0.4, 0.85, "Driveway", face="not visible", conf=conf),
                ],
            ),
            (50, [car(0.55, 0.75, "Driveway", plate=plate)]),
            (65, [car(0.45, 0.38, "Street")]),
        ]

    S(
        f,
        "weekday-0730-sam",
        "Sam walks to the family car and drives out, weekday 07:30, 4 photos",
        "Driveway",
        frames("tue", "07:30:00", leave("Sam")),
    )
    S(
        f,
        "weekday-0725-no-face",
        "person walks to the family car and drives out, weekday 07:25, no face visible, 4 photos",
        "Driveway",
        frames("thu", "07:25:00", leave("not visible", 0.7)),
    )
    S(
        f,
        "sat-1000-alex",
        "Alex walks to the family car and drives out, Sat 10:00, 4 photos",
        "Driveway",
        frames("sat", "10:00:00", leave("Alex")),
    )
    S(
        f,
        "0445-early-away-mode",
        "person walks to the family car and drives out, 04:45, house set to away, 4 photos",
        "Driveway",
        frames("fri", "04:45:00", leave("not visible", 0.6)),
        mode="away",
    )
    S(
        f,
        "weekday-0735-plate-unread-new-install",
        "person walks to a car on the driveway and drives out, plate not read, weekday 07:35, new camera, 4 photos",
        "Driveway",
        frames("wed", "07:35:00", leave("not visible", plate=None)),
        hist="new",
    )


def house_sitter_vacation():
    f = "house-sitter-vacation"
    ctx = "We're away; our neighbour Priya feeds the cat twice a day and lets herself in by the back door."
    sched = [
        {
            "name": "Priya (cat sitter)",
            "kind": "regular",
            "object_types": ["person"],
            "start": "08:00",
            "end": "09:00",
            "zones": ["Back Door", "Back Yard"],
        },
        {
            "name": "Priya (cat sitter)",
            "kind": "regular",
            "object_types": ["person"],
            "start": "18:00",
            "end": "19:00",
            "zones": ["Back Door", "Back Yard"],
        },
    ]
    hh = household(people=[{"name": "Priya", "role": "regular"}], expected=sched, context=ctx)

    def visit(face, conf=0.85):
        return [
            (0, [P(0.15, 0.6, "Back Yard", face="not visible", conf=conf)]),
            (10, [P(0.45, 0.96, "Back Door", face=face, conf=conf)]),
            (
                600,
                [
                    P(0.45, 0.97, "Back Door", face="not visible", conf=conf),
                    animal("cat", 0.25, 0.85, "Back Yard"),
                ],
            ),
            (615, [P(0.2, 0.6, "Back Yard", face="not visible", conf=conf)]),
        ]

    S(
        f,
        "0810-priya",
        "Priya (regular) at the back door, goes in for 10 min and out, 08:10, house on vacation, 4 photos",
        "Back Door",
        frames("wed2", "08:10:00", visit("Priya")),
        mode="vacation",
        hh=hh,
    )
    S(
        f,
        "1830-priya-dark",
        "Priya (regular) at the back door, goes in for 10 min and out, 18:30, house on vacation, 4 photos",
        "Back Door",
        frames("thu2", "18:30:00", visit("Priya", 0.72)),
        mode="vacation",
        hh=hh,
    )
    S(
        f,
        "0820-unfamiliar-in-window",
        "person with an unfamiliar face at the back door, goes in for 10 min and out, 08:20, house on vacation, 4 photos",
        "Back Door",
        frames("fri2", "08:20:00", visit("unfamiliar")),
        mode="vacation",
        hh=hh,
    )
    S(
        f,
        "1840-no-face",
        "person at the back door, goes in for 10 min and out, 18:40, no face visible, house on vacation, 4 photos",
        "Back Door",
        frames("sat2", "18:40:00", visit("not visible", 0.7)),
        mode="vacation",
        hh=hh,
    )
    S(
        f,
        "2300-priya-outside-window",
        "Priya (regular) at the back door, goes in for 10 min and out, 23:00, house on vacation, 4 photos",
        "Back Door",
        frames("sun2", "23:00:00", visit("Priya", 0.65)),
        mode="vacation",
        hh=hh,
    )


def window_cleaner():
    f = "window-cleaner"
    ctx = "The window cleaner comes on the first Wednesday of the month, mid-morning, and does the back windows from a ladder."
    exp = [
        {
            "name": "Window cleaner",
            "kind": "regular",
            "object_types": ["person"],
            "days": ["wed"],
            "start": "09:30",
            "end": "12:30",
            "zones": ["Kitchen Window", "Back Yard"],
        }
    ]
    hh = household(expected=exp, context=ctx)

    def clean(face, conf=0.82):
        return [
            (0, [P(0.1, 0.55, "Back Yard", face=face, conf=conf)]),
            (60, [P(0.72, 0.92, "Kitchen Window", face="not visible", conf=conf)]),
            (300, [P(0.75, 0.93, "Kitchen Window", face="not visible", conf=conf)]),
            (600, [P(0.92, 0.8, "Back Yard", face="not visible", conf=conf)]),
            (660, [P(0.1, 0.5, "Back Yard", face=face, conf=conf)]),
        ]

    S(
        f,
        "wed-1030-in-window",
        "person at the kitchen window 10 min, Wed 10:30, scheduled window-cleaner slot, unfamiliar face, 5 photos",
        "Back Door",
        frames("wed2", "10:30:00", clean("unfamiliar")),
        mode="away",
        hh=hh,
    )
    S(
        f,
        "wed-1030-no-face-vacation",
        "person at the kitchen window 10 min, Wed 10:30, no face visible, house on vacation, 5 photos",
        "Back Door",
        frames("wed2", "10:30:00", clean("not visible")),
        mode="vacation",
        hh=hh,
    )
    S(
        f,
        "fri-1030-other-day",
        "person at the kitchen window 10 min, Fri 10:30, unfamiliar face, 5 photos",
        "Back Door",
        frames("fri", "10:30:00", clean("unfamiliar")),
        mode="away",
        hh=hh,
    )
    S(
        f,
        "wed-2200-same-activity",
        "person at the kitchen window 10 min, Wed 22:00, no face visible, 5 photos",
        "Back Door",
        frames("wed", "22:00:00", clean("not visible", 0.6)),
        mode="night",
        hh=hh,
    )


def neighbour_over_fence_chat():
    f = "resident-talks-over-side-gate"
    hh = household(
        people=[{"name": "Mark", "role": "regular"}],
        context="Mark lives next door on the side-gate side.",
    )
    S(
        f,
        "sat-1200-sam-and-mark",
        "Sam in the garden and Mark (regular) at the side gate, 10 min, Sat 12:00, 4 photos",
        "Garden",
        frames(
            "sat",
            "12:00:00",
            [
                (0, [P(0.35, 0.55, "Garden", face="Sam"), P(0.1, 0.5, "Side gate", face="Mark")]),
                (
                    200,
                    [
                        P(0.3, 0.55, "Garden", face="not visible"),
                        P(0.1, 0.5, "Side gate", face="Mark"),
                    ],
                ),
                (
                    400,
                    [
                        P(0.3, 0.56, "Garden", face="Sam"),
                        P(0.11, 0.5, "Side gate", face="not visible"),
                    ],
                ),
                (600, [P(0.5, 0.5, "Garden", face="not visible")]),
            ],
        ),
        hh=hh,
    )
    S(
        f,
        "sun-1545-unfamiliar-at-gate",
        "Alex in the garden and a person with an unfamiliar face at the side gate, 5 min, Sun 15:45, 3 photos",
        "Garden",
        frames(
            "sun",
            "15:45:00",
            [
                (
                    0,
                    [
                        P(0.35, 0.55, "Garden", face="Alex"),
                        P(0.1, 0.5, "Side gate", face="unfamiliar"),
                    ],
                ),
                (
                    150,
                    [
                        P(0.3, 0.5, "Garden", face="Alex"),
                        P(0.1, 0.52, "Side gate", face="unfamiliar"),
                    ],
                ),
                (300, [P(0.4, 0.5, "Garden", face="not visible")]),
            ],
        ),
        hh=hh,
    )
    S(
        f,
        "weekday-1700-mark-only",
        "Mark (regular) at the side gate 2 min, weekday 17:00, house away, 2 photos",
        "Garden",
        frames(
            "thu",
            "17:00:00",
            [
                (0, [P(0.1, 0.5, "Side gate", face="Mark", conf=0.7)]),
                (120, [P(0.1, 0.52, "Side gate", face="not visible", conf=0.7)]),
            ],
        ),
        mode="away",
        hh=hh,
    )
    S(
        f,
        "weekday-1700-no-face-only",
        "person at the side gate 2 min, weekday 17:00, no face visible, house away, 2 photos",
        "Garden",
        frames(
            "fri",
            "17:00:00",
            [
                (0, [P(0.1, 0.5, "Side gate", face="not visible", conf=0.7)]),
                (120, [P(0.1, 0.52, "Side gate", face="not visible", conf=0.7)]),
            ],
        ),
        mode="away",
        hh=hh,
    )


FAMILIES = [
    pool_service_visit,
    household_pets,
    wildlife_fox,
    wildlife_deer_birds,
    neighbour_walking_past,
    hooded_jogger,
    neighbour_power_tools,
    resident_face_covered,
    neighbour_flashlight,
    gardener_scheduled,
    delivery_driver,
    resident_arrives_by_car,
    resident_yard_work,
    children_playing,
    cars_passing,
    taxi_drop_off,
    postman_visit,
    neighbours_cat,
    bins_to_street,
    visitor_rings_door,
    group_walking_past,
    cyclist,
    dog_walker,
    resident_leaves_morning,
    house_sitter_vacation,
    window_cleaner,
    neighbour_over_fence_chat,
]


# =====================================================================================
# checks
# =====================================================================================


def _inside(pt, poly):
    x, y = pt
    inside = False
    n = len(poly)
    for i in range(n):
        x1, y1 = poly[i]
        x2, y2 = poly[(i + 1) % n]
        if (y1 > y) != (y2 > y):
            xc = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < xc:
                inside = not inside
    return inside


def zone_of(pt, zones):
    hits = [z for z in zones if _inside(pt, z["polygon"])]
    if not hits:
        return None
    top = max(z.get("priority", 0) for z in hits)
    best = [z for z in hits if z.get("priority", 0) == top]
    if len(best) > 1:
        return "AMBIGUOUS:" + "/".join(z["name"] for z in best)
    return best[0]["name"]


def check(fn, sc):
    errs = []
    zones = sc["camera"]["zones"]
    names = {z["name"] for z in zones}
    people = {p["name"] for p in sc["household"]["people"]}
    for e in sc["household"].get("expected", []):
        for z in e.get("zones", []):
            if z not in names:
                errs.append(f"expected zone {z!r} not on camera")
    for i, fr in enumerate(sc["frames"]):
        for j, b in enumerate(fr["boxes"]):
            x, y, w, h = b["box"]
            if x + w > 1.0001 or y + h > 1.0001:
                errs.append(f"frame {i} box {j} off image {b['box']}")
            got = zone_of((x + w / 2, min(y + h, 0.9999)), zones)
            if got != b["_zone"]:
                errs.append(f"frame {i} box {j} {b['class']} stands in {got}, meant {b['_zone']}")
            f = b.get("face")
            if f is not None and b["class"] != "person":
                errs.append(f"frame {i} box {j} face on a {b['class']}")
            if isinstance(f, dict) and f["person"] not in people:
                errs.append(f"frame {i} box {j} face {f['person']} not in household.people")
            if "plate" in b and b["class"] not in ("car", "truck", "bus", "motorcycle"):
                errs.append(f"frame {i} box {j} plate on a {b['class']}")
    return [f"{fn}: {e}" for e in errs]


def main():
    for fam in FAMILIES:
        fam()
    errs = []
    for fn, sc in SCENES.items():
        errs += check(fn, sc)
    for sc in SCENES.values():
        for fr in sc["frames"]:
            for b in fr["boxes"]:
                b.pop("_zone", None)
    schema = json.load(open(os.path.join(ROOT, "analysis", "scene.schema.json")))
    try:
        from jsonschema import Draft202012Validator

        v = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        for fn, sc in SCENES.items():
            for e in v.iter_errors(sc):
                errs.append(f"{fn}: schema: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    except ImportError:
        errs.append("jsonschema not available: run with .venv/bin/python")
    if errs:
        print("\n".join(errs))
        sys.exit(1)
    os.makedirs(OUT, exist_ok=True)
    for fn, sc in SCENES.items():
        with open(os.path.join(OUT, fn + ".json"), "w") as fh:
            json.dump(sc, fh, indent=1)
            fh.write("\n")
    fams = sorted({sc["family"] for sc in SCENES.values()})
    print(f"{len(SCENES)} scenes in {len(fams)} families written to {OUT}")
    print(", ".join(fams))


if __name__ == "__main__":
    main()
