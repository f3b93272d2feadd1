from django.apps import AppConfig


class HouseholdConfig(AppConfig):
    """What the household knows and tells the judge: its settings, expected visitors,
    the people and vehicles it knows (faces, plates) and incidents across cameras."""

    name = "household"

    def ready(self):
        from . import expiry, places  # noqa: F401  (expiry: what retention removes)

        places.connect()  # a deleted zone or camera never widens an expected visitor
