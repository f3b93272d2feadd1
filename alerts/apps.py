from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"

    def ready(self):
        from . import expiry  # noqa: F401  (what retention removes of this app's)
