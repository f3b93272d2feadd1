"""The facts of a batch, as the scorer and the prompt need them."""

import itertools
from collections import defaultdict

from django.utils import timezone

from alerts.models import HouseMode
from household import identities, visitors

from . import calibration, routine
from .observed import BatchFacts, ObjectFacts
from .tracks import tracks

MOVED = 0.05  # a box centre that shifts by 5 % of the image counts as movement


def batch_facts(camera, detections) -> BatchFacts:
    """Group detections by class: how many at once, how sure, how long, where, moving."""
    by_label = defaultdict(list)
    for detection in detections:
        by_label[detection.object_type].append(detection)
    objects = [_object_facts(label, found) for label, found in by_label.items()]
    first = min((d.detected_at for d in detections), default=timezone.now())
    local = timezone.localtime(first, timezone.get_current_timezone())
    history = routine.history(camera)
    facts = BatchFacts(
        camera.name,
        local,
        objects,
        routine.usual_events(camera, local.hour, history),
        camera.description,
        expected=visitors.matching(camera, objects, local),
        house_mode=HouseMode.current(),
        learning=not history.learned,
    )
    facts.people = identities.seen_in([d.pk for d in detections])
    facts.calibration_key = calibration.key_of(camera.pk, facts)
    facts.calibration = calibration.factor(camera.pk, facts)
    return facts


def _object_facts(label: str, found: list) -> ObjectFacts:
    per_image = defaultdict(int)
    for detection in found:
        per_image[(detection.media_id, detection.frame_seconds)] += 1
    times = sorted(timezone.localtime(d.detected_at) for d in found)
    zones = []
    for detection in found:
        for zone in detection.zones:
            if tuple(zone) not in zones:
                zones.append(tuple(zone))
    paths = tracks(found, lambda d: d.media.width, lambda d: d.media.height)
    return ObjectFacts(
        label=label,
        count=max(max(per_image.values()), sum(not t.returned for t in paths)),
        confidence=max(d.confidence for d in found),
        dwell_seconds=(times[-1] - times[0]).total_seconds(),
        zones=zones,
        moved=_moved(found),
        first_seen=times[0],
        last_seen=times[-1],
        in_no_zone=any(not detection.zones for detection in found),
        tracks=paths,
    )


def _moved(found: list) -> bool:
    """Did this kind of object move between images? (Centre of its boxes, image to image.)"""
    frames = defaultdict(list)
    for d in found:
        width, height = d.media.width or 1, d.media.height or 1
        frames[(d.detected_at, d.media_id, d.frame_seconds)].append(
            ((d.bbox_x + d.bbox_width / 2) / width, (d.bbox_y + d.bbox_height) / height)
        )
    centres = [
        (sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points))
        for _, points in sorted(frames.items(), key=lambda item: item[0][0])
    ]
    return any(
        abs(a[0] - b[0]) > MOVED or abs(a[1] - b[1]) > MOVED for a, b in itertools.pairwise(centres)
    )
