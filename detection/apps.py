from django.apps import AppConfig
from django.conf import settings


class DetectionConfig(AppConfig):
    name = "detection"

    def ready(self):
        from . import expiry  # noqa: F401  (what retention removes of this app's)
        from .backends import check_name

        check_name(settings.DETECTOR)  # every process refuses an unknown detector at start
        from homesec.celery import app

        from .gpu_reports import GpuReporter

        app.steps["worker"].add(GpuReporter)  # a detection worker reports its host's GPUs
