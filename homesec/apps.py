from django.apps import AppConfig


class HomesecConfig(AppConfig):
    name = "homesec"
    verbose_name = "homesec"

    def ready(self):
        from . import audit  # noqa: F401  (the admin log feeds the audit log)
