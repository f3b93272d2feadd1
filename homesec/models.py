from django.db import models


class DeadLetter(models.Model):
    """A job that failed its last retry: kept with its error until requeued or discarded."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, help_text="The task's arguments (ids, not data).")
    error = models.TextField()
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
