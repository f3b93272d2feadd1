"""People and vehicles the household knows (issue 17): faces seen, grouped into people;
plates read, matched to named vehicles. Imported by analysis/models.py."""

import re

from django.contrib.postgres.fields import ArrayField
from django.db import models

from detection.models import Detection


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
