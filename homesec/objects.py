"""What the detector's classes are to a household: a person, a vehicle or an animal; and
the check of a list of them that a person set (a zone's classes, a rule's, a visitor's)."""

from django.conf import settings
from django.core.exceptions import ValidationError

VEHICLES = {"car", "truck", "bus", "motorcycle", "bicycle"}
ANIMALS = {"bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe"}
FAMILIES = ("person", "vehicle", "animal")


def family(label: str) -> str:
    return "vehicle" if label in VEHICLES else "animal" if label in ANIMALS else "person"


def check_classes(value) -> None:
    """A list of the classes homesec detects (HOMESEC_SECURITY_OBJECT_TYPES)."""
    known = settings.SECURITY_OBJECT_TYPES
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError('A list of class names, such as ["person", "car"].')
    unknown = sorted(set(value) - set(known))
    if unknown:
        raise ValidationError(
            f"Not a class homesec detects: {', '.join(unknown)} (known: {', '.join(known)})."
        )
