"""Tracks within a batch: boxes joined into the objects that made them, and their paths."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from analysis.tracks import tracks

T0 = datetime(2026, 11, 24, 2, 0)
STREET, DOOR, FENCE, YARD = (
    ("Street", "sidewalk"),
    ("Door", "entry_point"),
    ("Fence", "perimeter"),
    ("Yard", "yard"),
)


@dataclass
class Box:
    """What tracks() reads of a detection: a 1000 × 1000 image, feet at (x, y)."""

    x: float
    y: float
    seconds: float
    zone: tuple[str, str] | None
    object_type: str = "person"
    media_id: int = 0
    frame_seconds: float | None = None
    zones: list = field(default_factory=list)

    def __post_init__(self):
        self.detected_at = T0 + timedelta(seconds=self.seconds)
        self.bbox_width, self.bbox_height = 100, 300
        self.bbox_x, self.bbox_y = round(self.x * 1000) - 50, round(self.y * 1000) - 300
        self.zones = [list(self.zone)] if self.zone else []
        self.media_id = self.media_id or int(self.seconds * 10)


def tracked(boxes):
    return tracks(boxes, lambda d: 1000, lambda d: 1000)


def test_one_passing_on_the_street_and_one_at_the_door_are_two_tracks_with_their_paths():
    boxes = []
    for n in range(5):  # a photo every 5 s: one walks along the street, one stands at the door
        boxes.append(Box(0.1 + 0.18 * n, 0.2, 5 * n, STREET))
        boxes.append(Box(0.5, 0.9, 5 * n, DOOR))
    walker, waiting = sorted(tracked(boxes), key=lambda t: t.sightings[0].y)
    assert walker.path == [STREET]
    assert walker.only_public
    assert walker.moved
    assert walker.deepest == 0
    assert waiting.path == [DOOR]
    assert not waiting.only_public
    assert waiting.deepest == 3
    assert waiting.still_seconds == 20
    assert not waiting.moved


def test_one_person_from_the_street_to_the_door_is_one_track_that_approached():
    path = [
        (0.2, 0.2, STREET),
        (0.35, 0.45, YARD),
        (0.45, 0.7, YARD),
        (0.5, 0.9, DOOR),
        (0.5, 0.9, DOOR),
    ]
    (walker,) = tracked([Box(x, y, 8 * n, zone) for n, (x, y, zone) in enumerate(path)])
    assert walker.path == [STREET, YARD, DOOR]
    assert walker.approached
    assert not walker.only_public
    assert walker.seconds_in("entry_point") == 8
    assert walker.arrived
    assert not walker.came_out


def test_someone_first_seen_at_the_door_walking_away_came_out_of_the_house():
    path = [(0.5, 0.9, DOOR), (0.45, 0.7, YARD), (0.35, 0.45, YARD)]
    (leaving,) = tracked([Box(x, y, 8 * n, zone) for n, (x, y, zone) in enumerate(path)])
    assert leaving.came_out
    assert not leaving.approached
    assert not leaving.arrived


def test_door_to_yard_to_a_window_is_prowling_not_coming_out():
    window = ("Kitchen window", "entry_point")
    path = [(0.5, 0.9, DOOR), (0.45, 0.7, YARD), (0.3, 0.8, window)]
    (prowler,) = tracked([Box(x, y, 8 * n, zone) for n, (x, y, zone) in enumerate(path)])
    assert not prowler.came_out


def test_over_the_fence_is_a_perimeter_crossing():
    path = [(0.3, 0.25, FENCE), (0.35, 0.5, YARD), (0.4, 0.8, YARD)]
    (climber,) = tracked([Box(x, y, 10 * n, zone) for n, (x, y, zone) in enumerate(path)])
    assert climber.crossed_perimeter


def test_someone_who_left_and_came_back_later_is_a_return():
    went = [(0.3, 0.2, STREET), (0.5, 0.9, DOOR), (0.8, 0.2, STREET)]  # came, left to the right
    came = [(0.1, 0.2, STREET), (0.5, 0.9, DOOR)]  # five minutes later, from the left
    first = [Box(x, y, 10 * n, zone) for n, (x, y, zone) in enumerate(went)]
    again = [Box(x, y, 300 + 10 * n, zone) for n, (x, y, zone) in enumerate(came)]
    one, two = tracked(first + again)
    assert not one.returned
    assert two.returned
    assert two.path == [STREET, DOOR]


def test_someone_at_the_same_door_again_minutes_later_is_a_return():
    first = [Box(0.5, 0.9, s, DOOR) for s in (0, 10)]
    again = [Box(0.5, 0.9, s, DOOR) for s in (300, 310)]  # five minutes later
    one, two = tracked(first + again)
    assert not one.returned
    assert two.returned


def test_someone_lying_where_they_lay_in_photos_minutes_apart_stayed():
    """Snapshots far apart of someone lying where they lay: the same person, down all
    along, not a new one each time: one track, lying for 40 minutes."""
    boxes = [Box(0.3, 0.6, 60 * minutes, YARD) for minutes in (0, 20, 40)]
    for box in boxes:
        box.bbox_width, box.bbox_height = 300, 100  # wider than tall: lying down
    (lying,) = tracked(boxes)
    assert not lying.returned
    assert lying.lying_seconds == 40 * 60
    assert lying.still_seconds == 40 * 60


def test_a_single_photo_of_two_people_far_apart_is_two_tracks():
    found = tracked([Box(0.1, 0.2, 0, STREET), Box(0.9, 0.2, 0, STREET)])
    assert len(found) == 2
    assert all(t.only_public and not t.moved for t in found)


def test_classes_are_tracked_apart():
    found = tracked([Box(0.5, 0.9, 0, DOOR), Box(0.5, 0.9, 0, DOOR, object_type="dog")])
    assert sorted(t.label for t in found) == ["dog", "person"]


def test_people_together_are_counted_per_picture_not_per_second():
    """A burst of three photos within one second of one person is one person at once; two
    people in one photo are two (analysis/dimensions.py's "more than one person")."""
    from analysis.dimensions import _most_at_once

    burst = [Box(0.5, 0.9, 0, DOOR, media_id=n) for n in (1, 2, 3)]  # one second, 3 photos
    assert _most_at_once(tracked(burst)) == 1
    pair = [Box(0.2, 0.9, 0, YARD, media_id=7), Box(0.8, 0.9, 0, YARD, media_id=7)]
    assert _most_at_once(tracked(pair)) == 2
