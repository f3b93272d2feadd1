"""``/api/system/performance/``: the latest ``performance_update`` data (thresholds'
alerts included); ``/api/system/performance/history/``: the stored samples of the last
``minutes``, for the System page's charts."""

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from . import performance
from .models import PerformanceSample
from .thresholds import metrics_of


@extend_schema(responses={200: {"type": "object"}})
@api_view(["GET"])
def current(request):
    """The collector's latest reading (``{}`` before its first)."""
    return Response(performance.latest() or {})


class HistoryQuery(serializers.Serializer):
    minutes = serializers.IntegerField(min_value=1, max_value=60 * 24 * 31, default=60)


def point(sample: PerformanceSample) -> dict:
    """A sample as the charts draw it: one number per series."""
    data = sample.data
    pg = (data.get("databases") or {}).get("postgresql") or {}
    inference = data.get("inference") or {}
    return {
        "at": sample.at.isoformat(),
        **metrics_of(data),
        "pg_transactions_per_min": pg.get("transactions_per_min"),
        "detector_p95_ms": (inference.get("detector_latency_ms") or {}).get("p95"),
        "llm_p95_ms": (inference.get("llm_latency_ms") or {}).get("p95"),
    }


@extend_schema(parameters=[HistoryQuery], responses={200: {"type": "array"}})
@api_view(["GET"])
def history(request):
    """One point a minute: host CPU / memory / disk %, GPU, PostgreSQL connections % and
    cache hit, Redis MB, detector and LLM p95 ms; oldest first."""
    query = HistoryQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    since = timezone.now() - timedelta(minutes=query.validated_data["minutes"])
    samples = PerformanceSample.objects.filter(at__gte=since).order_by("at")[:50_000]
    return Response([point(sample) for sample in samples])
