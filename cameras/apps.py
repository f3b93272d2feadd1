from django.apps import AppConfig


class CamerasConfig(AppConfig):
    name = "cameras"

    def ready(self):
        from . import expiry  # noqa: F401  (what retention removes of this app's)
