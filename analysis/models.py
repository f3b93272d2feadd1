from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from alerts.models import validate_days, validate_object_types
from cameras.models import Camera, Zone

from .schedule import window_text


class Batch(models.Model):
    """A burst of detections from one camera, judged together as one event.

    The database allows at most one open batch per camera.
    """

    class State(models.TextChoices):
        OPEN = "open"
        CLOSED = "closed"  # closed by the window or idle timeout, analysis launched
        ANALYZED = "analyzed"  # its event has the full analysis
        FAILED = "failed"  # every attempt at its analysis failed: dead-lettered

    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="batches")
    opened_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    # A closed batch whose analysis never arrived is launched again (batching.stale).
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name_plural = "batches"
        constraints = [
            models.UniqueConstraint(
                fields=["camera"], condition=Q(state="open"), name="one_open_batch_per_camera"
            ),
        ]
        indexes = [models.Index(fields=["state", "opened_at"], name="batch_state_opened_idx")]

    def __str__(self) -> str:
        return f"batch {self.pk} ({self.camera_id}, {self.state})"


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
        default=_person, validators=[validate_object_types],
        help_text='What is seen of them, e.g. ["person"] or ["person", "truck"].',
    )  # fmt: skip
    days = models.JSONField(
        default=list, blank=True, validators=[validate_days],
        help_text='e.g. ["tue"]; empty: every day',
    )  # fmt: skip
    start_time = models.TimeField(help_text="Local time.")
    end_time = models.TimeField(help_text="Local; before the start means the next morning.")
    cameras = models.ManyToManyField(
        Camera, blank=True, related_name="expected_visitors", help_text="None: any camera."
    )
    zones = models.ManyToManyField(
        Zone, blank=True, related_name="expected_visitors",
        help_text="Seen in one of these zones (or of the zone kinds); none of either: anywhere.",
    )  # fmt: skip
    zone_kinds = models.JSONField(
        default=list, blank=True, validators=[validate_zone_kinds],
        help_text='e.g. ["entry_point"]; empty: any',
    )  # fmt: skip

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


class PromptVersion(models.Model):
    """The LLM prompt's text as it was under each version, so an event's ``prompt_version``
    says exactly what the LLM was asked, and feedback can be summed per version."""

    version = models.CharField(max_length=32, unique=True)
    sha256 = models.CharField(max_length=64)
    text = models.TextField(help_text="The prompt for an example batch, both modes.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.version


from .models_people import Face, Incident, Person, PlateRead, Vehicle  # noqa: E402, F401
