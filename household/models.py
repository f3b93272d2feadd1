"""What the household tells the judge about itself: its settings row, expected visitors,
the people and vehicles it knows (faces seen, grouped into people; plates read, matched to
named vehicles) and incidents across cameras."""

import re

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from alerts.models import validate_days, validate_object_types
from cameras.models import Camera, Zone
from detection.models import Detection

from .schedule import window_text


def _person() -> list[str]:
    return ["person"]


def _fast_path_default() -> float:
    from django.conf import settings

    return settings.FAST_PATH_CONFIDENCE_THRESHOLD


def _offline_default() -> int:
    from django.conf import settings

    return settings.CAMERA_OFFLINE_AFTER_SECONDS


class Household(models.Model):
    """What the household tells the judge about itself, and the thresholds that are safe
    to change while everything runs; one row, edited on the Settings page or the admin."""

    context = models.TextField(
        blank=True,
        max_length=2000,
        help_text="Read by the LLM with every event, e.g. “mail comes 10-14 h; we have a dog; "
        "the gardener comes Tuesdays”.",
    )
    fast_path_confidence = models.FloatField(
        default=_fast_path_default,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="A person seen at least this sure (0–1) is reported at once, before the "
        "batch closes.",
    )
    camera_offline_after_seconds = models.PositiveIntegerField(
        default=_offline_default,
        validators=[MinValueValidator(10), MaxValueValidator(7 * 86400)],
        help_text="A camera that has not uploaded for this long is shown offline.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "household settings"

    def __str__(self) -> str:
        return "household settings"

    @classmethod
    def current(cls) -> "Household":
        """The one row, created from HOMESEC_HOUSEHOLD_CONTEXT the first time."""
        from django.conf import settings

        household, _ = cls.objects.get_or_create(
            pk=1, defaults={"context": settings.HOUSEHOLD_CONTEXT}
        )
        return household


def validate_zone_kinds(values) -> None:
    if not (isinstance(values, list) and all(isinstance(v, str) for v in values)
            and set(values) <= set(Zone.Kind.values)):  # fmt: skip
        raise ValidationError(f"zone_kinds: a list of {', '.join(Zone.Kind.values)}")


def check_places(cameras, zones) -> None:
    """Zones named together with cameras must be on one of those cameras."""
    camera_ids = {camera.pk for camera in cameras}
    stray = [zone.name for zone in zones if camera_ids and zone.camera_id not in camera_ids]
    if stray:
        raise ValidationError({"zones": f"not on the cameras chosen: {', '.join(stray)}"})


class ExpectedVisitor(models.Model):
    """Who or what is expected when and where: the scorer lowers the risk of a batch that
    matches (class, day, local time, camera, zone) unless the house is away."""

    class Kind(models.TextChoices):
        HOUSEHOLD = "household", "Household member"
        REGULAR = "regular", "Regular visitor (gardener, cleaner, carer…)"
        DELIVERY = "delivery", "Delivery, courier or mail"

    name = models.CharField(max_length=100, help_text="e.g. “Gardener”, “Parcel deliveries”")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    enabled = models.BooleanField(default=True)
    object_types = models.JSONField(
        default=_person,
        validators=[validate_object_types],
        help_text='What is seen of them, e.g. ["person"] or ["person", "truck"].',
    )
    days = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_days],
        help_text='e.g. ["tue"]; empty: every day',
    )
    start_time = models.TimeField(help_text="Local time.")
    end_time = models.TimeField(help_text="Local; before the start means the next morning.")
    cameras = models.ManyToManyField(
        Camera, blank=True, related_name="expected_visitors", help_text="None: any camera."
    )
    zones = models.ManyToManyField(
        Zone,
        blank=True,
        related_name="expected_visitors",
        help_text="Seen in one of these zones (or of the zone kinds); none of either: anywhere.",
    )
    zone_kinds = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_zone_kinds],
        help_text='e.g. ["entry_point"]; empty: any',
    )

    class Meta:
        ordering = ["start_time", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.window}"

    @property
    def window(self) -> str:
        return window_text(self.days or [], self.start_time, self.end_time)

    def clean(self):
        if not self.object_types:
            raise ValidationError({"object_types": "pick at least one kind of object"})
        if self.start_time is not None and self.start_time == self.end_time:
            raise ValidationError({"end_time": "the window ends when it starts: give its length"})


class Person(models.Model):
    """A group of faces that are one person: unnamed ("Unknown #n") until someone names
    them and says who they are to the household."""

    class Role(models.TextChoices):
        UNKNOWN = "unknown", "Unknown"
        HOUSEHOLD = "household", "Household member"
        REGULAR = "regular", "Regular visitor (gardener, cleaner, carer, courier…)"
        UNWANTED = "unwanted", "Unwanted"

    name = models.CharField(max_length=100, blank=True, help_text="Empty: “Unknown #id”.")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.UNKNOWN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or f"Unknown #{self.pk}"


class Face(models.Model):
    """A person detection looked at for a face: the face's 128-d embedding and a small crop
    of it, and whom it was grouped with; no embedding: the face was not visible."""

    detection = models.OneToOneField(
        Detection, null=True, blank=True, on_delete=models.SET_NULL, related_name="face"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="faces"
    )
    embedding = ArrayField(models.FloatField(), size=128, null=True, blank=True)
    crop_path = models.CharField(max_length=255, blank=True, help_text="Under the media root.")
    distance = models.FloatField(
        null=True, blank=True, help_text="To the nearest face of its person when it joined."
    )
    camera_id = models.CharField(max_length=64, blank=True)
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-seen_at"]
        indexes = [models.Index(fields=["person", "seen_at"], name="face_person_seen_idx")]

    def __str__(self) -> str:
        return f"face {self.pk} ({self.person or 'not visible'})"

    @property
    def visible(self) -> bool:
        return self.embedding is not None


class Vehicle(models.Model):
    """A plate the household knows: its own cars, and known visitors'."""

    class Role(models.TextChoices):
        HOUSEHOLD = "household", "Household vehicle"
        VISITOR = "visitor", "Known visitor"

    plate = models.CharField(
        max_length=16, unique=True, help_text="Letters and digits only, e.g. “AB12CDE”."
    )
    name = models.CharField(max_length=100, help_text="e.g. “Family car”, “Carer's van”")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.HOUSEHOLD)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.plate})"

    def save(self, *args, **kwargs):
        self.plate = re.sub(r"[^A-Z0-9]", "", self.plate.upper())  # as plates are read
        super().save(*args, **kwargs)


class PlateRead(models.Model):
    """The text read on a vehicle detection's box (empty: none could be read)."""

    detection = models.OneToOneField(
        Detection, null=True, blank=True, on_delete=models.SET_NULL, related_name="plate"
    )
    text = models.CharField(max_length=16, blank=True)
    confidence = models.FloatField(default=0.0)
    camera_id = models.CharField(max_length=64, blank=True)
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-seen_at"]
        indexes = [models.Index(fields=["text"], name="plateread_text_idx")]

    def __str__(self) -> str:
        return self.text or "no plate read"


class Incident(models.Model):
    """One person (by face) or one vehicle (by plate) seen by several cameras within a few
    minutes: their events, in order, are one incident."""

    key = models.CharField(max_length=40, help_text="person:<id> or plate:<text>")
    who = models.CharField(max_length=120, help_text="As it read when the incident began.")
    events = models.ManyToManyField("events.Event", related_name="incidents")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["key", "ended_at"], name="incident_key_ended_idx")]

    def __str__(self) -> str:
        return f"incident {self.pk}: {self.who}"
