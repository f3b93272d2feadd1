from django.apps import AppConfig


class HomesecConfig(AppConfig):
    name = "homesec"
    verbose_name = "homesec"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import audit  # noqa: F401  (the admin log feeds the audit log)
        from .roles import ensure_groups

        post_migrate.connect(ensure_groups, sender=self)  # the roles' groups, kept exact
