"""Which alert rules an event satisfies. All of a rule's conditions must hold (AND); an
empty condition holds always."""

from datetime import datetime

from django.utils import timezone

from events.models import Event

from .models import WEEKDAYS, AlertRule


def in_schedule(rule: AlertRule, moment: datetime) -> bool:
    """Is the local ``moment`` on one of the rule's days and within its hours? Hours may
    wrap midnight (22:00-06:00); a night that starts on a listed day counts for that day."""
    local = timezone.localtime(moment)
    day, now = WEEKDAYS[local.weekday()], local.time()
    if rule.start_time is None:
        return not rule.days or day in rule.days
    start, end = rule.start_time, rule.end_time
    if start <= end:
        return start <= now < end and (not rule.days or day in rule.days)
    if now >= start:  # the evening part of a night
        return not rule.days or day in rule.days
    if now < end:  # the morning part belongs to the day before
        return not rule.days or WEEKDAYS[(local.weekday() - 1) % 7] in rule.days
    return False


def matches(rule: AlertRule, event, labels: set[str], zone_ids: set[int], mode: str) -> bool:
    if not rule.enabled or event.risk_score < rule.min_risk_score:
        return False
    if rule.wait_for_ai and event.analysis_source == Event.Source.RULES:
        return False  # its AI verdict is to come (or its deadline): the rule alerts then
    if rule.object_types and not labels & set(rule.object_types):
        return False
    cameras = {c.pk for c in rule.cameras.all()}
    if cameras and event.camera_id not in cameras:
        return False
    zones = {z.pk for z in rule.zones.all()}
    if zones and not zone_ids & zones:
        return False
    if rule.modes and mode not in rule.modes:
        return False
    return in_schedule(rule, event.started_at)


def matching_rules(event, mode: str) -> list[AlertRule]:
    """The enabled rules ``event`` satisfies in house ``mode``."""
    from cameras.models import Zone

    detections = event.detections.all()
    labels = set(detections.values_list("object_type", flat=True))
    names = {name for d in detections for name, _kind in d.zones}
    zone_ids = set(
        Zone.objects.filter(camera_id=event.camera_id, name__in=names).values_list("pk", flat=True)
    )
    rules = AlertRule.objects.filter(enabled=True).prefetch_related("cameras", "zones")
    return [rule for rule in rules if matches(rule, event, labels, zone_ids, mode)]
