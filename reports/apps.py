from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """What the household asks of its history: exports (CSV, ZIP), the daily digest,
    analytics, and the progress of those background jobs. It reads the apps below it and
    writes nothing of theirs."""

    name = "reports"
    verbose_name = "reports"

    def ready(self):
        from . import expiry  # noqa: F401  (what retention removes of this app's)
