"""The judge over the REST API: calibration, what feedback has taught the scorer, and
forgetting it; prompt versions."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from homesec.audit import record

from . import calibration, prompt_versions
from .models import PromptVersion


def adjustment_data(found: calibration.Adjustment) -> dict:
    return {
        "key": found.key,
        **found.parts,
        "points": found.points,
        "why": found.why,
        "marks": found.marks,
    }


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
        return Response(
            [
                {
                    "version": v.version,
                    "sha256": v.sha256,
                    "created_at": v.created_at,
                    "text": v.text,
                    **prompt_versions.summary(v),
                }
                for v in PromptVersion.objects.all()
            ]
        )
