"""What the detector's classes are to a household: a person, a vehicle or an animal."""

VEHICLES = {"car", "truck", "bus", "motorcycle", "bicycle"}
ANIMALS = {"bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe"}
FAMILIES = ("person", "vehicle", "animal")


def family(label: str) -> str:
    return "vehicle" if label in VEHICLES else "animal" if label in ANIMALS else "person"
