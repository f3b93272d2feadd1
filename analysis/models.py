from django.db import models
from django.db.models import Q

from cameras.models import Camera


class Batch(models.Model):
    """A burst of detections from one camera, judged together as one event.

    The database allows at most one open batch per camera.
    """

    class State(models.TextChoices):
        OPEN = "open"
        CLOSED = "closed"  # closed by the window or idle timeout, analysis launched
        ANALYZED = "analyzed"  # its event has the full analysis

    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="batches")
    opened_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)

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


class Household(models.Model):
    """What the household tells the judge about itself; one row, edited in the admin."""

    context = models.TextField(
        blank=True,
        max_length=2000,
        help_text="Read by the LLM with every event, e.g. “mail comes 10-14 h; we have a dog; "
        "the gardener comes Tuesdays”.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "household context"

    def __str__(self) -> str:
        return "household context"

    @classmethod
    def current(cls) -> "Household":
        """The one row, created from HOMESEC_HOUSEHOLD_CONTEXT the first time."""
        from django.conf import settings

        household, _ = cls.objects.get_or_create(
            pk=1, defaults={"context": settings.HOUSEHOLD_CONTEXT}
        )
        return household
