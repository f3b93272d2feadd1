"""What was seen during a batch, as facts the scorer, the situations, the prompt and the
grounding check read; analysis/facts.py builds them from the batch's detections."""

from dataclasses import dataclass, field
from datetime import datetime

from cameras.models import PUBLIC_KINDS
from household import identities, visitors

from .tracks import Track


@dataclass
class ObjectFacts:
    """What was seen of one kind of object during a batch."""

    label: str
    count: int  # how many: its tracks (a return is not another), or most seen at once
    confidence: float
    dwell_seconds: float = 0.0  # first to last sighting
    zones: list[tuple[str, str]] = field(default_factory=list)  # (name, kind)
    moved: bool = False
    first_seen: datetime | None = None  # local time
    last_seen: datetime | None = None
    in_no_zone: bool = False  # some box of this kind stood in none of the camera's zones
    tracks: list[Track] = field(default_factory=list)  # each object of this kind, its path

    @property
    def only_public(self) -> bool:
        """Every box stood in public zones only (a sidewalk or street), none elsewhere."""
        kinds = {kind for _, kind in self.zones}
        return bool(kinds) and kinds <= PUBLIC_KINDS and not self.in_no_zone


@dataclass
class BatchFacts:
    camera_name: str
    local_time: datetime
    objects: list[ObjectFacts]
    usual_events_at_this_hour: float = 0.0  # this camera's own average, from its history
    camera_description: str = ""
    expected: list[visitors.Expected] = field(default_factory=list)  # schedule windows matched
    house_mode: str = "home"
    calibration_key: str = ""  # what calibration calls similar (analysis/calibration.py)
    calibration: tuple[str, int] | None = None  # learned from feedback, already bounded
    people: list[identities.Seen] = field(default_factory=list)  # faces and plates: who
    learning: bool = False  # too little history to call an hour unusual (analysis/routine.py)
