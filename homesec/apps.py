from django.apps import AppConfig


class HomesecConfig(AppConfig):
    name = "homesec"
    verbose_name = "homesec"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import audit, expiry  # noqa: F401  (the audit log's feed; retention's rows)
        from .roles import ensure_groups

        post_migrate.connect(ensure_groups, sender=self)  # the roles' groups, kept exact
