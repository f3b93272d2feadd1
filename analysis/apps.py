from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "analysis"

    def ready(self):
        from . import expiry, places  # noqa: F401  (expiry: what retention removes)

        places.connect()  # a deleted zone or camera never widens an expected visitor
