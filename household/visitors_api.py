"""The expected-visitor schedule over the REST API: admins change it, members read it."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, viewsets

from homesec.audit import Audited

from .models import ExpectedVisitor, check_places


class ExpectedVisitorSerializer(serializers.ModelSerializer):
    window = serializers.CharField(read_only=True, help_text="e.g. “Tue 09:00–12:00”")

    class Meta:
        model = ExpectedVisitor
        fields = ["id", "name", "kind", "enabled", "object_types", "days", "start_time",
                  "end_time", "cameras", "zones", "zone_kinds", "window"]  # fmt: skip

    def validate(self, data):
        related = ("cameras", "zones")
        current = (
            {}
            if self.instance is None
            else {
                "object_types": self.instance.object_types,
                "start_time": self.instance.start_time,
                "end_time": self.instance.end_time,
            }
        )
        fields = {**current, **{k: v for k, v in data.items() if k not in related}}
        try:
            ExpectedVisitor(**fields).clean()
            check_places(*self._places(data))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
        return data

    def _places(self, data: dict) -> tuple[list, list]:
        cameras = data.get("cameras", self.instance and list(self.instance.cameras.all()))
        zones = data.get("zones", self.instance and list(self.instance.zones.all()))
        return cameras or [], zones or []


class ExpectedVisitorViewSet(Audited, viewsets.ModelViewSet):
    """Who or what is expected when and where ("Gardener, Tue 09:00–12:00, Back Yard"):
    a matching batch scores lower, unless the house is away or on vacation."""

    queryset = ExpectedVisitor.objects.prefetch_related("cameras", "zones")
    serializer_class = ExpectedVisitorSerializer
    ordering = ["start_time", "name"]
    filterset_fields = ["kind", "enabled"]
