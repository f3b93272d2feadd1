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


class GpuSample(models.Model):
    """One reading of one GPU by the status collector; kept HOMESEC_GPU_HISTORY_DAYS."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    index = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=100)
    utilization = models.FloatField(help_text="Percent.")
    memory_used = models.PositiveIntegerField(help_text="MiB.")
    memory_total = models.PositiveIntegerField(help_text="MiB.")
    temperature = models.FloatField(null=True, help_text="°C.")
    power_usage = models.FloatField(null=True, help_text="Watts.")

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} GPU {self.index} {self.utilization:.0f}%"
