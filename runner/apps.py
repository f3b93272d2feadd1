from django.apps import AppConfig


class RunnerConfig(AppConfig):
    """The embedded servers and the process supervisor (`manage.py up`, `web`)."""

    name = "runner"
