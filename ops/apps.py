from django.apps import AppConfig


class OpsConfig(AppConfig):
    """System status, health, GPU readings, retention and dead-letter requeue: the views
    that look across every app, so they sit above them all (below the pages)."""

    name = "ops"
    verbose_name = "operations"

    def ready(self):
        from . import expiry  # noqa: F401  (what retention removes of this app's)
