from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"

    def ready(self):
        # Here, not in the apps that delete tokens or end sessions: they sit above events
        # (or are Django's), and the sockets to close are this app's.
        from . import expiry, revocation  # noqa: F401  (expiry: what retention removes)

        revocation.connect()
