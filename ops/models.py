"""What ops keeps of its own: the status collector's GPU readings and the performance
collector's samples, for the System page's charts (kept HOMESEC_GPU_HISTORY_DAYS)."""

from django.db import models


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


class PerformanceSample(models.Model):
    """The performance collector's reading (ops/performance.py), stored once a minute
    for the System page's charts; kept HOMESEC_GPU_HISTORY_DAYS."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    data = models.JSONField(help_text="The performance_update's data.")

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} performance"
