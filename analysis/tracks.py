"""Tracks within a batch: each class's boxes, frame by frame in time order (photos and
clip frames alike), joined into the objects that made them, and each object's path
through the camera's zones.

Why a small association of our own rather than ByteTrack or norfair: a batch is a few
photos seconds to a minute apart, or a clip's frames a second apart, with one to a few
objects of a class. Trackers built for video at 25 fps predict motion with a Kalman filter
and keep tracks through missed frames; between motion-triggered photos there is no motion
to predict, only "the nearest box that could have walked there in the time between". So
boxes are joined greedily by the distance their feet moved, within what the object could
cover in the time between frames (``REACH``), nearest first; a box nobody could reach
starts a new track. The tests (tests/analysis/test_tracks.py) show the cases that matter:
two people at once are two tracks; one person walking is one track; someone who left and
came back is a return.
"""

import itertools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from homesec.objects import family

# How far (fraction of the image) an object's feet may move between two frames: a
# little for noise, more the longer between them (a walker crosses a frame in ~10 s).
REACH = {"person": (0.12, 0.08), "vehicle": (0.15, 0.25), "animal": (0.12, 0.1)}
REACH_MAX = 0.9
STILL = 0.03  # feet moving less than this between frames: standing still
GAP = 90.0  # seconds unseen after which an object has left (unless it lies where it lay)
# Where a zone kind sits between the street and the house: public, edge, grounds, entry.
RANK = {"sidewalk": 0, "perimeter": 1, "driveway": 2, "yard": 2, "other": 2, "entry_point": 3}


@dataclass
class Sighting:
    at: datetime
    x: float  # the feet: bottom centre of the box, fractions of the image
    y: float
    zone: tuple[str, str] | None  # (name, kind) it stands in, the highest priority
    lying: bool = False  # a person's box wider than tall: lying (or crouching) down
    source: Any = None  # the detection it was seen in

    @property
    def rank(self) -> int:
        """How far towards the house it stood (RANK; -1: in no zone)."""
        return RANK.get(self.zone[1], 2) if self.zone else -1


@dataclass
class Track:
    """One object through the batch."""

    label: str
    sightings: list[Sighting] = field(default_factory=list)
    returned: bool = False  # began soon after another of its class left this camera

    @property
    def first_seen(self) -> datetime:
        return self.sightings[0].at

    @property
    def last_seen(self) -> datetime:
        return self.sightings[-1].at

    @property
    def seconds(self) -> float:
        return (self.last_seen - self.first_seen).total_seconds()

    @property
    def path(self) -> list[tuple[str, str]]:
        """The zones it stood in, in order, each once per visit (no zone: left out)."""
        path: list[tuple[str, str]] = []
        for s in self.sightings:
            if s.zone and (not path or path[-1] != s.zone):
                path.append(s.zone)
        return path

    @property
    def kinds(self) -> list[str]:
        return [kind for _, kind in self.path]

    @property
    def ranks(self) -> list[int]:
        """How far towards the house each zone of its path is (RANK)."""
        return [RANK.get(kind, 2) for kind in self.kinds]

    @property
    def only_public(self) -> bool:
        """Seen only on public ground (the pavement, the street): not on the property."""
        return bool(self.kinds) and set(self.kinds) == {"sidewalk"}

    @property
    def deepest(self) -> int:
        """How far towards the house it came: 0 public … 3 an entry point (-1: no zone)."""
        return max(self.ranks, default=-1)

    @property
    def approached(self) -> bool:
        """It came closer to the house than where it was first seen."""
        ranks = self.ranks
        return len(ranks) > 1 and max(ranks[1:]) > ranks[0]

    @property
    def came_out(self) -> bool:
        """First seen at an entry point, then only away from entry points: came out of the
        house (not door to window, which is prowling)."""
        ranks = self.ranks
        door = RANK["entry_point"]
        return len(ranks) > 1 and ranks[0] == door and all(r < door for r in ranks[1:])

    @property
    def arrived(self) -> bool:
        """First seen on public ground, then on the grounds (a car pulling into the drive, not
        one passing that clips the fence's zone, nor one leaving)."""
        ranks = self.ranks
        return len(ranks) > 1 and ranks[0] == 0 and max(ranks) >= RANK["yard"]

    @property
    def crossed_perimeter(self) -> bool:
        """From the property's edge (fence, wall, gate) onto the grounds or to a door."""
        ranks = self.ranks
        return any(a == 1 and b >= 2 for a, b in itertools.pairwise(ranks))

    def seconds_in(self, kind: str) -> float:
        """Time between its first and last sighting in zones of ``kind``."""
        times = [s.at for s in self.sightings if s.zone and s.zone[1] == kind]
        return (max(times) - min(times)).total_seconds() if times else 0.0

    @property
    def still_seconds(self) -> float:
        """Time spent standing still (feet moving less than STILL between sightings)."""
        total = 0.0
        for a, b in itertools.pairwise(self.sightings):
            if _distance(a, b) < STILL:
                total += (b.at - a.at).total_seconds()
        return total

    @property
    def lying_seconds(self) -> float:
        """Time from its first to its last sighting lying down (0: seen lying once)."""
        times = [s.at for s in self.sightings if s.lying]
        return (max(times) - min(times)).total_seconds() if len(times) > 1 else 0.0

    @property
    def speed(self) -> float:
        """Image widths a second, first to last sighting (0 for one sighting)."""
        if self.seconds <= 0:
            return 0.0
        travelled = sum(_distance(a, b) for a, b in itertools.pairwise(self.sightings))
        return travelled / self.seconds

    @property
    def moved(self) -> bool:
        return any(_distance(a, b) >= STILL for a, b in itertools.pairwise(self.sightings))


def tracks(detections, width_of, height_of) -> list[Track]:
    """The tracks of a batch's detections (each with detected_at, frame_seconds,
    object_type, bbox_*, zones and media_id), one class at a time."""
    by_label: dict[str, list] = {}
    for d in detections:
        by_label.setdefault(d.object_type, []).append(d)
    found = []
    for label, boxes in by_label.items():
        found += _tracks_of(label, boxes, width_of, height_of)
    return found


def _tracks_of(label: str, boxes: list, width_of, height_of) -> list[Track]:
    frames: dict[tuple, list[Sighting]] = {}
    for d in boxes:
        width, height = width_of(d) or 1, height_of(d) or 1
        sighting = Sighting(
            d.detected_at,
            (d.bbox_x + d.bbox_width / 2) / width,
            (d.bbox_y + d.bbox_height) / height,
            tuple(d.zones[0]) if d.zones else None,
            lying=d.bbox_width > d.bbox_height,
            source=d,
        )
        frames.setdefault((d.detected_at, d.media_id, d.frame_seconds or 0.0), []).append(sighting)
    base, per_second = REACH[family(label)]
    found: list[Track] = []
    for key in sorted(frames, key=lambda k: (k[0], k[2])):
        at, boxes_now = key[0], frames[key]
        live = [t for t in found if (at - t.last_seen).total_seconds() <= GAP]
        taken = _join(live, boxes_now, lambda t, s: base + per_second * _seconds(t, s))
        # Then someone down: a box lying where a track lay before its gap is that person
        # still lying there (a camera's snapshots minutes apart), not a new one. Only lying:
        # a standing box on a doorstep minutes later may be anyone, and is a return.
        down = [t for t in found if t not in live and t.sightings[-1].lying]
        left = [s for j, s in enumerate(boxes_now) if j not in taken]
        taken_down = _join(down, left, lambda t, s: STILL if s.lying else -1.0)
        for j, s in enumerate(left):
            if j not in taken_down:
                gone = [t for t in found if (at - t.last_seen).total_seconds() > GAP]
                found.append(Track(label, [s], returned=bool(gone)))
    return sorted(found, key=lambda t: t.first_seen)


def _join(tracks: list[Track], boxes: list[Sighting], reach) -> set[int]:
    """Each box to the nearest track that could have reached it (``reach(track, box)``),
    nearest pairs first, one box a track; the indices of the boxes joined."""
    pairs = sorted(
        (_distance(track.sightings[-1], s), i, j)
        for i, track in enumerate(tracks)
        for j, s in enumerate(boxes)
    )
    taken_tracks: set[int] = set()
    taken_boxes: set[int] = set()
    for distance, i, j in pairs:
        if i in taken_tracks or j in taken_boxes:
            continue
        if distance > min(REACH_MAX, reach(tracks[i], boxes[j])):
            continue
        tracks[i].sightings.append(boxes[j])
        taken_tracks.add(i)
        taken_boxes.add(j)
    return taken_boxes


def _seconds(track: Track, sighting: Sighting) -> float:
    return (sighting.at - track.last_seen).total_seconds()


def _distance(a: Sighting, b: Sighting) -> float:
    return ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5
