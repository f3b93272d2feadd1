"""``/api/exports/``: your exports. POST one (format, filters), follow it (GET, or the
socket ``/ws/jobs/<id>/``), download it when done. Another login's exports are 404."""

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, Throttled

from homesec.paths import OutsideRoot, inside

from . import exports
from .models import ExportJob
from .tasks import start_export


class ExportJobSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    socket = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = ["id", "format", "filters", "status", "progress", "total", "size", "error",
                  "created_at", "finished_at", "expires_at", "download_url", "socket"]  # fmt: skip
        read_only_fields = [f for f in fields if f not in ("format", "filters")]

    def get_download_url(self, job) -> str | None:
        done = job.status == ExportJob.Status.DONE
        return f"/api/exports/{job.pk}/download/" if done else None

    def get_socket(self, job) -> str:
        return f"/ws/jobs/{job.pk}/"

    def validate_filters(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError("an object of the events API's filters")
        try:
            return exports.check_filters(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None


class ExportJobViewSet(mixins.CreateModelMixin, mixins.ListModelMixin,
                       mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """Events matching the events API's filters (camera, since, until, risk_level,
    search, …) as ``csv`` or ``zip`` (CSV, originals, thumbnails, clips), made in the
    background; kept a day; at most HOMESEC_EXPORT_MAX_MB. Admins and members only, each
    keeping at most HOMESEC_EXPORTS_PER_USER at a time (past it: 429 with Retry-After)."""

    queryset = ExportJob.objects.all()  # narrowed to your own below
    own_rows = True
    serializer_class = ExportJobSerializer
    ordering = ["-created_at"]

    def get_queryset(self):
        return self.queryset.filter(owner=self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = start_export(
                self.request.user, data.get("format", "csv"), data.get("filters", {})
            )
        except exports.Refused as refused:
            if refused.retry_at is None:
                raise PermissionDenied(f"No export: {refused}.") from None
            wait = (refused.retry_at - timezone.now()).total_seconds()
            raise Throttled(wait=max(1, wait), detail=f"No export: {refused}.") from None

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True)
    def download(self, request, pk=None):
        job = self.get_object()
        try:
            path = inside(settings.MEDIA_ROOT, job.file) if job.file else None
        except OutsideRoot:
            path = None
        if job.status != ExportJob.Status.DONE or path is None:
            raise Http404("this export is not ready, or has expired")
        name = f"homesec-events-{job.created_at:%Y%m%d-%H%M}.{job.format}"
        kind = "text/csv" if job.format == "csv" else "application/zip"
        return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type=kind)
