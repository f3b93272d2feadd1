"""What counts: a camera's zones may say what does not. An object (its feet, as zones.py
places them) that stands in

- an **ignore** zone, or in a zone whose **classes** leave its class out, or whose
  **minimum area** its box is under, or
- a zone with a **loitering time**, for less than that time so far (from its track's
  first sighting in the zone: tracks.py),

is *filtered*: kept, with the rule that filtered it (``Detection.filtered``, shown on the
event page), but out of the facts the judge sees, so it makes or raises no event. Where
zones overlap, the zone of the highest priority decides (an ignore zone anywhere under
the feet wins). A batch whose every detection is filtered makes no event."""

import logging
from datetime import datetime

from django.core.exceptions import ValidationError

from cameras.models import Zone, validate_polygon
from detection.models import Detection

from .tracks import tracks
from .zones import contains, zones_of

log = logging.getLogger(__name__)


def screen(camera, detections: list[Detection]) -> list[Detection]:
    """The detections that count; each one's ``filtered`` is set, and saved where it
    changed (so the event page and the API say why)."""
    zones = sorted(_readable(camera.zones.all()), key=lambda zone: -zone.priority)
    for d in detections:  # as enrich_detection finds them, for the fast path's too
        d.zones = zones_of(d, zones, d.media.width, d.media.height)
    rules = {d.pk: _rule(d, zones) for d in detections}
    waiting = {z.name: z for z in zones if z.min_seconds and z.kind != Zone.Kind.IGNORE}
    if waiting:
        counted = [d for d in detections if not rules[d.pk]]
        rules |= _loitering(counted, waiting)
    changed = [d for d in detections if d.filtered != rules[d.pk]]
    for detection in changed:
        detection.filtered = rules[detection.pk]
    Detection.objects.bulk_update(changed, ["filtered"])
    return [d for d in detections if not d.filtered]


def _readable(zones) -> list[Zone]:
    """Zones whose polygon can be read: a corrupt one is left out (and logged), not the
    batch's event lost to it."""
    kept = []
    for zone in zones:
        try:
            validate_polygon(zone.polygon)
        except ValidationError:
            log.error(
                "zone %s of camera %s has an unreadable polygon; left out", zone.pk, zone.camera_id
            )
            continue
        kept.append(zone)
    return kept


def _feet(detection: Detection) -> tuple[float, float] | None:
    width, height = detection.media.width, detection.media.height
    if not width or not height:
        return None
    x = (detection.bbox_x + detection.bbox_width / 2) / width
    return x, min((detection.bbox_y + detection.bbox_height) / height, 1 - 1e-6)


def _rule(detection: Detection, zones: list[Zone]) -> str:
    feet = _feet(detection)
    under = [zone for zone in zones if feet and contains(zone.polygon, *feet)]
    ignoring = next((zone for zone in under if zone.kind == Zone.Kind.IGNORE), None)
    if ignoring:
        return f"in the ignore zone “{ignoring.name}”"
    if not under:
        return ""
    zone = under[0]
    label = detection.object_type
    if zone.classes and label not in zone.classes:
        return f"a {label}: “{zone.name}” counts only {', '.join(zone.classes)}"
    area = (detection.bbox_width * detection.bbox_height) / (
        detection.media.width * detection.media.height
    )
    if area < zone.min_area:
        return (
            f"{area:.1%} of the picture: under “{zone.name}”'s smallest box ({zone.min_area:.1%})"
        )
    return ""


def _loitering(counted: list[Detection], waiting: dict[str, Zone]) -> dict[int, str]:
    """Sightings in a zone with a loitering time that come before the object has been in
    it that long (its track's first sighting there): filtered, with how long so far."""
    rules: dict[int, str] = {}
    for track in tracks(counted, lambda d: d.media.width, lambda d: d.media.height):
        arrived: dict[str, datetime] = {}
        for sighting in track.sightings:
            zone = waiting.get(sighting.zone[0]) if sighting.zone else None
            if zone is None:
                continue
            stayed = (sighting.at - arrived.setdefault(zone.name, sighting.at)).total_seconds()
            if stayed < zone.min_seconds:
                rules[sighting.source.pk] = (
                    f"in “{zone.name}” for {stayed:.0f} s: it counts after {zone.min_seconds} s"
                )
    return rules
