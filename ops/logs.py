"""``/api/logs/``: the structured log lines of every process (homesec/logbuffer.py), newest
first, filtered; ``/api/logs/frontend/``: a browser's errors, kept with them. Reading the
logs is for admins (a line may name anything)."""

import logging

import django_filters
from django.utils import timezone
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from homesec.models import LogEntry
from homesec.throttles import ApiRate, UserRate

LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class ReadsLogs(BasePermission):
    message = "Only an admin can read the logs."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.has_perm("homesec.view_logentry"))


class LogFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=[(name, name) for name in LEVELS])
    min_level = django_filters.ChoiceFilter(
        choices=[(name, name) for name in LEVELS], method="at_least", label="This level or above"
    )
    component = django_filters.CharFilter(lookup_expr="startswith", label="Logger name starts")
    camera = django_filters.CharFilter()
    event = django_filters.NumberFilter()
    media = django_filters.NumberFilter()
    request_id = django_filters.CharFilter()
    source = django_filters.ChoiceFilter(choices=[("backend", "backend"), ("frontend", "frontend")])
    since = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="lt")
    q = django_filters.CharFilter(field_name="message", lookup_expr="icontains", label="Text")

    class Meta:
        model = LogEntry
        fields = []

    def at_least(self, queryset, name, value):
        return queryset.filter(levelno__gte=logging.getLevelName(value))


class LogEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = LogEntry
        fields = ["id", "at", "level", "component", "message", "camera", "event", "media",
                  "request_id", "duration_ms", "extra", "source", "process"]  # fmt: skip


class LogList(generics.ListAPIView):
    """Log lines, newest first. Filters: ``level``, ``min_level``, ``component`` (prefix),
    ``camera``, ``event``, ``media``, ``request_id``, ``source``, ``since`` / ``until``
    (ISO 8601), ``q`` (text in the message)."""

    queryset = LogEntry.objects.all()
    serializer_class = LogEntrySerializer
    permission_classes = [ReadsLogs]
    filterset_class = LogFilter
    ordering = ["-at"]
    ordering_fields = ["at"]


class FrontendRate(ApiRate):
    """HOMESEC_FRONTEND_LOG_RATE lines a minute per user (or address)."""

    setting = "FRONTEND_LOG_RATE"

    def get_cache_key(self, request, view) -> str:
        return super().get_cache_key(request, view) + ":frontend"


class FrontendLine(serializers.Serializer):
    level = serializers.ChoiceField(choices=["DEBUG", "INFO", "WARNING", "ERROR"], default="ERROR")
    message = serializers.CharField(max_length=2000)
    url = serializers.CharField(max_length=500, required=False, allow_blank=True)
    stack = serializers.CharField(max_length=8000, required=False, allow_blank=True)
    line = serializers.IntegerField(required=False, min_value=0)
    column = serializers.IntegerField(required=False, min_value=0)


class FrontendLog(APIView):
    """A browser's error (the pages' ``window.onerror``): kept as a log line with
    source ``frontend``. Rate-limited (HOMESEC_FRONTEND_LOG_RATE); 2,000 characters of
    message, 8,000 of stack at most."""

    permission_classes = [AllowAny]
    throttle_classes = [ApiRate, UserRate, FrontendRate]
    serializer_class = FrontendLine

    def post(self, request):
        line = FrontendLine(data=request.data)
        line.is_valid(raise_exception=True)
        data = dict(line.validated_data)
        level = data.pop("level")
        user = request.user.get_username() if request.user.is_authenticated else ""
        agent = request.headers.get("User-Agent", "")[:300]
        LogEntry.objects.create(
            at=timezone.now(),
            level=level,
            levelno=logging.getLevelName(level),
            component="frontend",
            message=data.pop("message"),
            request_id=getattr(request, "request_id", ""),
            source="frontend",
            extra={**data, "user": user, "agent": agent},
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
