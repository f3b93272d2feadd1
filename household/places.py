"""An expected visitor limited to zones or cameras would, with the last of them deleted,
be expected anywhere: a wider schedule that nobody set. It is disabled instead, and the
audit log says why (connected in HouseholdConfig.ready)."""

from django.db.models.signals import pre_delete

from cameras.models import Camera, Zone
from homesec.audit import record


def connect() -> None:
    pre_delete.connect(_zone_going, sender=Zone, dispatch_uid="expected-visitor-zone")
    pre_delete.connect(_camera_going, sender=Camera, dispatch_uid="expected-visitor-camera")


def _zone_going(sender, instance: Zone, **kwargs) -> None:
    for visitor in instance.expected_visitors.filter(enabled=True, zone_kinds=[]):
        if not visitor.zones.exclude(pk=instance.pk).exists():
            _disable(visitor, f"its zone {instance.name} was deleted")


def _camera_going(sender, instance: Camera, **kwargs) -> None:
    for visitor in instance.expected_visitors.filter(enabled=True):
        if not visitor.cameras.exclude(pk=instance.pk).exists():
            _disable(visitor, f"its camera {instance.name} was deleted")


def _disable(visitor, why: str) -> None:
    visitor.enabled = False
    visitor.save(update_fields=["enabled"])
    record("expectedvisitor.disable", f"expectedvisitor {visitor.pk}: {visitor}", {"why": why})
