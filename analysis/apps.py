from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    """Batching and the judge: facts, scoring, calibration, the LLM and its words."""

    name = "analysis"
