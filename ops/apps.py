from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the install: its status, health, GPU and performance readings, logs,
    operator alerts and dead-letter requeue (watching it), and retention (tidying it).
    The views that look across every app, so they sit above them all (below the pages)."""

    name = "ops"
    verbose_name = "operations"

    def ready(self):
        from . import expiry  # noqa: F401  (what retention removes of this app's)
