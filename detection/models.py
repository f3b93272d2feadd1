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
