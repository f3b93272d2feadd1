from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "analysis"

    def ready(self):
        from . import places

        places.connect()  # a deleted zone or camera never widens an expected visitor
