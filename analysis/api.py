"""Analysis over the REST API: the expected-visitor schedule (admins change it, members
read it); calibration, what feedback has taught the scorer, and forgetting it; prompt
versions."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from homesec.audit import Audited, record

from . import calibration, prompt_versions
from .models import ExpectedVisitor, PromptVersion, check_places


class ExpectedVisitorSerializer(serializers.ModelSerializer):
    window = serializers.CharField(read_only=True, help_text="e.g. “Tue 09:00–12:00”")

    class Meta:
        model = ExpectedVisitor
        fields = ["id", "name", "kind", "enabled", "object_types", "days", "start_time",
                  "end_time", "cameras", "zones", "zone_kinds", "window"]  # fmt: skip

    def validate(self, data):
        related = ("cameras", "zones")
        current = {} if self.instance is None else {
            "object_types": self.instance.object_types,
            "start_time": self.instance.start_time, "end_time": self.instance.end_time,
        }  # fmt: skip
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


def adjustment_data(found: calibration.Adjustment) -> dict:
    return {"key": found.key, **found.parts, "points": found.points, "why": found.why,
            "marks": found.marks}  # fmt: skip


class Reset(serializers.Serializer):
    key = serializers.CharField(required=False, max_length=200, help_text="None: reset all.")


class CalibrationView(APIView):
    """GET: each adjustment learned from feedback (camera × zone kind × class × part of
    day), with its points and why. An admin resets them (``/api/calibration/reset/``)."""

    write_permission = "events.delete_feedback"  # admins

    @extend_schema(responses={200: {"type": "array", "items": {"type": "object"}}})
    def get(self, request):
        return Response([adjustment_data(found) for found in calibration.adjustments()])


class CalibrationResetView(APIView):
    write_permission = "events.delete_feedback"

    @extend_schema(request=Reset, responses={200: {"type": "object"}})
    def post(self, request):
        """Forget the feedback behind one adjustment (``key``), or behind all of them."""
        data = Reset(data=request.data)
        data.is_valid(raise_exception=True)
        key = data.validated_data.get("key")
        forgotten = calibration.reset(key)
        record("calibration.reset", key or "all", {"feedback": forgotten}, request=request)
        return Response({"reset": forgotten})


class PromptVersionView(APIView):
    """GET: every prompt version with its text and what the household said of the events
    judged under it (each event's latest feedback), so a prompt change is judged on numbers.
    """

    @extend_schema(responses={200: {"type": "array", "items": {"type": "object"}}})
    def get(self, request):
        return Response([
            {"version": v.version, "sha256": v.sha256, "created_at": v.created_at,
             "text": v.text, **prompt_versions.summary(v)}
            for v in PromptVersion.objects.all()
        ])  # fmt: skip
