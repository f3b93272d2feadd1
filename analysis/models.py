"""The judge's own rows: the prompt's text under each version."""

from django.db import models


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
