from django.apps import AppConfig


class IngestConfig(AppConfig):
    """Uploads into the camera folders become media files, each with its pipeline chain."""

    name = "ingest"
