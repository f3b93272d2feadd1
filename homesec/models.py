from django.db import models


class DeadLetter(models.Model):
    """A job that failed its last retry: kept with its error until requeued or discarded."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, help_text="The task's arguments (ids, not data).")
    error = models.TextField()
    attempts = models.PositiveIntegerField(default=0)
    then = models.JSONField(
        default=list, blank=True, help_text="The rest of its chain, run after it on requeue."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"


class AuditEntry(models.Model):
    """A sensitive action: who did what to which thing, when, and from where."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True, help_text="Kept if the user goes.")
    action = models.CharField(max_length=64, db_index=True)
    target = models.CharField(max_length=200)
    changes = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "audit log"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '—'} {self.action} {self.target}"


class LogEntry(models.Model):
    """One structured log line of any process (homesec/logbuffer.py writes them in
    batches) or of a browser (``/api/logs/frontend/``); kept HOMESEC_LOG_RETENTION_DAYS."""

    at = models.DateTimeField(db_index=True)
    level = models.CharField(max_length=8)
    levelno = models.PositiveSmallIntegerField(help_text="10 DEBUG … 50 CRITICAL.")
    component = models.CharField(max_length=100, help_text="The logger's name.")
    message = models.TextField()
    camera = models.CharField(max_length=64, blank=True, help_text="A camera's id.")
    event = models.BigIntegerField(null=True, blank=True, help_text="An event's id.")
    media = models.BigIntegerField(null=True, blank=True, help_text="An upload's id.")
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    duration_ms = models.FloatField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=10, default="backend", help_text="backend, frontend.")
    process = models.CharField(max_length=64, blank=True, help_text="Host and process id.")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["at", "level", "component"], name="log_filters")]
        verbose_name = "log line"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.level} {self.component}: {self.message[:80]}"
