"""The operator's API: tokens for scripts, readiness, health, system status, GPU readings,
dead letters and their requeue, Prometheus metrics."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes, renderer_classes
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response

from cameras.models import Camera
from homesec.audit import Audited, record
from homesec.models import DeadLetter

from . import deadletters, health, metrics
from . import status as system_status
from .models import GpuSample


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuthToken
        fields = ["token_key", "created", "expiry"]


class TokenViewSet(
    Audited, viewsets.GenericViewSet, mixins.ListModelMixin, mixins.DestroyModelMixin
):
    """Your API tokens (for scripts and Home Assistant): create one (shown once), list,
    revoke. Stored hashed; send as ``Authorization: Token <token>``."""

    queryset = AuthToken.objects.all()  # narrowed to your own below
    own_rows = True
    serializer_class = TokenSerializer
    lookup_field = "token_key"
    ordering = ["-created"]

    def get_queryset(self):
        return self.queryset.filter(user=self.request.user)

    @extend_schema(request=None, responses={201: {"type": "object"}, 409: {"type": "object"}})
    def create(self, request):
        live = self.get_queryset().exclude(expiry__lt=timezone.now()).count()
        if live >= settings.TOKENS_PER_USER:
            return Response(
                {
                    "detail": f"You hold {live} API tokens, the most one user may "
                    "(HOMESEC_TOKENS_PER_USER): revoke one you no longer use first."
                },
                status=status.HTTP_409_CONFLICT,
            )
        instance, token = AuthToken.objects.create(user=request.user, expiry=None)
        record("token.create", f"token {instance.token_key}", request=request)
        return Response(
            {"token": token, **TokenSerializer(instance).data}, status=status.HTTP_201_CREATED
        )


class DeadLetterSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeadLetter
        fields = ["id", "task", "args", "error", "attempts", "created_at"]


class DeadLetterViewSet(Audited, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        mixins.DestroyModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """Jobs that failed their last retry. DELETE discards one; ``requeue`` runs it again."""

    queryset = DeadLetter.objects.all()
    write_permission = "homesec.delete_deadletter"  # requeue or discard: admins
    serializer_class = DeadLetterSerializer
    ordering = ["-created_at"]

    @extend_schema(request=None, responses={202: {"type": "object"}, 409: {"type": "object"}})
    @action(detail=True, methods=["post"])
    def requeue(self, request, pk=None):
        letter = self.get_object()
        record("deadletter.requeue", f"deadletter {letter.pk}: {letter}", request=request)
        try:
            task_id = deadletters.requeue(letter)
        except deadletters.UnknownTask as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response({"requeued": task_id}, status=status.HTTP_202_ACCEPTED)


@extend_schema(responses={200: {"type": "object"}, 503: {"type": "object"}})
@api_view(["GET"])
@permission_classes([AllowAny])
def ready(request):
    """Readiness for a load balancer: PostgreSQL and Redis answer, and workers reply; what
    runs degraded (an open circuit) is listed, and does not make it 503."""
    checks = {"database": health.database(), "redis": health.broker()}
    # One answer is enough, and returns at once: probes time out after a second or so.
    answering = health.workers(limit=1) if checks["redis"] == "ok" else []
    checks["workers"] = "ok" if answering else "error: none answered"
    ok = all(not value.startswith("error") for value in checks.values())
    # Degraded still serves: an open circuit is said, and the answer stays 200.
    degraded = health.degraded() if checks["redis"] == "ok" else []
    return Response(
        {
            "status": "ready" if ok else "not ready",
            "checks": checks,
            "degraded": degraded,
            "time": timezone.now(),
        },
        status=200 if ok else 503,
    )


@extend_schema(responses={200: {"type": "object"}})
@api_view(["GET"])
def system_health(request):
    """Every part, in detail: database, Redis, workers by name, the LLM, queue depths,
    dead letters, cameras online and offline."""
    return Response(
        {
            "database": health.database(),
            "redis": health.broker(),
            "workers": health.workers(),
            "llm": health.llm(),
            "degraded": health.degraded(),
            "queues": health.queue_depths(),
            "dead_letters": DeadLetter.objects.count(),
            "cameras": {
                status: Camera.objects.filter(status=status).count()
                for status in Camera.Status.values
            },
            "time": timezone.now(),
        }
    )


@extend_schema(responses={200: {"type": "object"}})
@api_view(["GET"])
def system_status_view(request):
    """The latest system status, as /ws/system/ sends it: GPU, queues, cameras, services,
    pipeline throughput and latency (collected now if the collector has not run)."""
    return Response(system_status.current())


@extend_schema(responses={200: {"type": "object"}})
@api_view(["GET"])
def gpu_current(request):
    """Every detection host's GPUs as its worker last read them (every 10 s), or why there
    are none: ``hosts`` one entry per detection worker, ``gpus`` all of them."""
    return Response(system_status.gpus())


class GpuSampleSerializer(serializers.ModelSerializer):
    class Meta:
        model = GpuSample
        fields = [
            "at",
            "index",
            "name",
            "utilization",
            "memory_used",
            "memory_total",
            "temperature",
            "power_usage",
        ]


class GpuHistoryQuery(serializers.Serializer):
    minutes = serializers.IntegerField(min_value=1, max_value=60 * 24 * 31, default=60)


@extend_schema(parameters=[GpuHistoryQuery], responses={200: GpuSampleSerializer(many=True)})
@api_view(["GET"])
def gpu_history(request):
    """GPU readings of the last ``minutes`` (default 60), oldest first."""
    query = GpuHistoryQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    since = timezone.now() - timedelta(minutes=query.validated_data["minutes"])
    samples = GpuSample.objects.filter(at__gte=since).order_by("at")[:10000]
    return Response(GpuSampleSerializer(samples, many=True).data)


class PrometheusText(BaseRenderer):
    """Prometheus's text; an error (401, 403) as its message."""

    media_type = "text/plain"
    format = "txt"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        detail = data.get("detail", data) if isinstance(data, dict) else data
        return str(detail).encode()


@extend_schema(responses={(200, "text/plain"): OpenApiTypes.STR})
@api_view(["GET"])
@renderer_classes([PrometheusText])
def metrics_view(request):
    """Prometheus metrics: requests, pipeline stage latency, events by level, LLM and
    detector errors (summed across processes), queue depths, dead letters, cameras."""
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)
