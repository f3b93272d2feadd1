from django.db import models
from django.db.models import Q

from cameras.models import Camera


class MediaFile(models.Model):
    """One uploaded image or clip. Its content hash is unique: each content is processed once."""

    class Kind(models.TextChoices):
        IMAGE = "image"
        VIDEO = "video"

    class State(models.TextChoices):
        PENDING = "pending"  # recorded, detection enqueued
        PROCESSING = "processing"  # claimed by a detection worker
        DONE = "done"
        REJECTED = "rejected"  # bad input: last_error says why
        FAILED = "failed"  # dead-lettered after its last retry

    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="media")
    path = models.CharField(max_length=1024, help_text="Relative to the camera root.")
    sha256 = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    size = models.BigIntegerField(help_text="Bytes.")
    captured_at = models.DateTimeField()
    width = models.PositiveIntegerField(null=True, blank=True, help_text="Upright, in pixels.")
    height = models.PositiveIntegerField(null=True, blank=True)
    duration = models.FloatField(null=True, blank=True, help_text="Videos: seconds.")
    codec = models.CharField(max_length=32, blank=True)
    thumbnail_path = models.CharField(
        max_length=1024, blank=True, help_text="Relative to the media root."
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    claimed_by = models.CharField(
        max_length=64, blank=True, help_text="The task that holds it while processing."
    )
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-captured_at"]
        indexes = [
            models.Index(fields=["camera", "captured_at"], name="media_camera_captured_idx"),
            # A camera's latest picture (the dashboard's grid), even when most have none.
            models.Index(
                fields=["camera", "-captured_at"],
                condition=~Q(thumbnail_path=""),
                name="media_camera_thumbnail_idx",
            ),
            # The reconciler looks for work stuck in a pending state.
            models.Index(fields=["state", "updated_at"], name="media_state_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.path


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


class Detection(models.Model):
    """One object found in a media file; the box is in pixels of the original image."""

    media = models.ForeignKey(MediaFile, on_delete=models.CASCADE, related_name="detections")
    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="detections")
    batch = models.ForeignKey(
        Batch, on_delete=models.SET_NULL, null=True, blank=True, related_name="detections"
    )
    file_path = models.CharField(max_length=1024, help_text="The original image.")
    object_type = models.CharField(max_length=32)
    confidence = models.FloatField()
    bbox_x = models.PositiveIntegerField()
    bbox_y = models.PositiveIntegerField()
    bbox_width = models.PositiveIntegerField()
    bbox_height = models.PositiveIntegerField()
    frame_seconds = models.FloatField(
        null=True, blank=True, help_text="Clips: where in the clip, in seconds."
    )
    detected_at = models.DateTimeField()
    thumbnail_path = models.CharField(
        max_length=1024, blank=True, help_text="With the boxes drawn; relative to the media root."
    )
    zones = models.JSONField(
        default=list, blank=True, help_text="[name, kind] of the zones its feet stand in."
    )
    filtered = models.CharField(
        max_length=200,
        blank=True,
        help_text="Why it does not count (a zone's rule: analysis/screening.py); empty: it counts.",
    )

    class Meta:
        ordering = ["-detected_at"]
        indexes = [
            models.Index(fields=["camera", "detected_at"], name="detection_camera_time_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="detection_confidence_0_1",
            )
        ]

    def __str__(self) -> str:
        return f"{self.object_type} {self.confidence:.0%} in {self.file_path}"


class ViewReference(models.Model):
    """A camera's normal view at one hour of the day: the running average of its normal
    pictures' looks (detection/view.py), and the latest of them, the "before" picture."""

    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="view_references")
    hour = models.PositiveSmallIntegerField(help_text="Local hour of the day, 0–23.")
    brightness = models.FloatField()
    contrast = models.FloatField()
    sharpness = models.FloatField()
    sketch = models.JSONField(help_text="32×24 grey levels, normalised.")
    media = models.ForeignKey(
        MediaFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    frames = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["camera", "hour"], name="view_reference_camera_hour"),
            models.CheckConstraint(condition=Q(hour__lte=23), name="view_reference_hour_0_23"),
        ]

    def __str__(self) -> str:
        return f"{self.camera_id} at {self.hour:02d}h"


class ViewChange(models.Model):
    """A camera's view stopped looking like its normal one (covered, turned, blurred,
    dark): opened once by the first such picture, closed by the first normal one. ops
    tells the household of each, and of its end (``told_at``, ``cleared_told_at``)."""

    class Kind(models.TextChoices):
        COVERED = "covered", "covered"
        TURNED = "turned", "turned away"
        BLURRED = "blurred", "out of focus"
        DARK = "dark", "much darker than normal"

    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="view_changes")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    accepted = models.BooleanField(
        default=False, help_text="Ended by a person: the new view is the normal one now."
    )
    before = models.ForeignKey(
        MediaFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    after = models.ForeignKey(
        MediaFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    told_at = models.DateTimeField(null=True, blank=True)
    cleared_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["camera"], condition=Q(ended_at=None), name="view_change_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.camera_id}: {self.get_kind_display()} since {self.started_at:%Y-%m-%d %H:%M}"
