"""What the reports keep: export jobs, daily digests and where digests go."""

import uuid

from django.conf import settings
from django.db import models


class ExportJob(models.Model):
    """Events matching a filter written to a CSV or a ZIP in the background, for its
    owner only, kept until ``expires_at`` (then retention removes file and row)."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV (the events' rows)"
        ZIP = "zip", "ZIP (the CSV, originals, thumbnails and clips)"

    class Status(models.TextChoices):
        PENDING = "pending"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports"
    )
    format = models.CharField(max_length=3, choices=Format.choices, default=Format.CSV)
    filters = models.JSONField(default=dict, blank=True, help_text="The events API's filters.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveIntegerField(default=0, help_text="Events written so far.")
    total = models.PositiveIntegerField(default=0, help_text="Events matching the filter.")
    file = models.CharField(max_length=300, blank=True, help_text="Under the media root.")
    size = models.BigIntegerField(default=0, help_text="Bytes.")
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True, help_text="Its run's start.")
    run_by = models.CharField(max_length=64, blank=True, help_text="The task running it.")
    requeued_at = models.DateTimeField(
        null=True, blank=True, help_text="When the reconciler last sent it again."
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "created_at"], name="export_owner_idx")]

    def __str__(self) -> str:
        return f"{self.format} export {self.pk} ({self.status})"


class Digest(models.Model):
    """The daily summary: the last 24 hours per camera, written from templates."""

    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    text = models.TextField(help_text="As sent: plain text.")
    data = models.JSONField(default=dict, help_text="Counts, notable events, the unusual.")
    sent_to = models.JSONField(
        default=list, blank=True, help_text="Channels it reached, before deliveries kept it."
    )
    errors = models.JSONField(
        default=list, blank=True, help_text="Channels it cannot go to (none of that name)."
    )
    deliveries = models.ManyToManyField("alerts.Delivery", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end"]

    def __str__(self) -> str:
        return f"digest to {self.period_end:%Y-%m-%d %H:%M}"

    def reached(self) -> list[str]:
        """The channels that took it."""
        took = self.deliveries.filter(status="delivered").values_list("channel__name", flat=True)
        return [*self.sent_to, *took]

    def not_reached(self) -> list[str]:
        """ "name: why" of the channels it has not reached (yet, while retried)."""
        pending = self.deliveries.exclude(status="delivered").select_related("channel")
        return [*self.errors] + [
            f"{d.channel.name}: {d.last_error or 'being sent'}"
            + (" (given up: requeue it under Dead letters)" if d.status == "dead" else "")
            for d in pending
        ]


class DigestSettings(models.Model):
    """Where the daily digest goes (one row): the alert channels picked on the Digest
    settings page, besides any HOMESEC_DIGEST_CHANNELS names."""

    channels = models.ManyToManyField("alerts.Channel", blank=True, related_name="+")

    class Meta:
        verbose_name_plural = "digest settings"

    def __str__(self) -> str:
        return "digest settings"

    @classmethod
    def current(cls) -> "DigestSettings":
        return cls.objects.get_or_create(pk=1)[0]
