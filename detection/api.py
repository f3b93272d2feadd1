"""Uploads, detections and their images over the REST API.

Files are served only from inside the camera root (originals) and the media root
(thumbnails): a stored path that leads anywhere else — ``..``, an absolute path, a
symlink pointing out — is answered with 404, whatever the database or request says.
"""

import mimetypes

from django.conf import settings
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from PIL import Image
from rest_framework import serializers, viewsets
from rest_framework.decorators import action

from homesec.paths import OutsideRoot, inside
from homesec.rows import PlainRows, ValuesList

from .models import Detection, MediaFile
from .thumbnails import preview_name, save_preview


def file_response(root, relative: str) -> FileResponse:
    try:
        path = inside(root, relative)
    except OutsideRoot:
        path = None
    if path is None:
        raise Http404("no such file")
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(open(path, "rb"), content_type=kind)


class MediaFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = MediaFile
        fields = ["id", "camera", "path", "kind", "size", "captured_at", "width", "height",
                  "duration", "codec", "state", "last_error", "created_at"]  # fmt: skip


class DetectionSerializer(PlainRows, serializers.ModelSerializer):
    class Meta:
        model = Detection
        fields = ["id", "camera", "media", "object_type", "confidence", "bbox_x", "bbox_y",
                  "bbox_width", "bbox_height", "frame_seconds", "detected_at", "zones",
                  "filtered"]  # fmt: skip


class MediaFileViewSet(viewsets.ReadOnlyModelViewSet):
    """Uploads; ``/original`` and ``/thumbnail`` stream the files."""

    queryset = MediaFile.objects.all()
    serializer_class = MediaFileSerializer
    filterset_fields = ["camera", "kind", "state"]
    ordering = ["-captured_at"]

    @extend_schema(responses={(200, "image/jpeg"): OpenApiTypes.BINARY})
    @action(detail=True)
    def original(self, request, pk=None):
        return file_response(settings.CAMERA_ROOT, self.get_object().path)

    @extend_schema(responses={(200, "image/jpeg"): OpenApiTypes.BINARY})
    @action(detail=True)
    def thumbnail(self, request, pk=None):
        return file_response(settings.MEDIA_ROOT, self.get_object().thumbnail_path)

    @extend_schema(responses={(200, "image/jpeg"): OpenApiTypes.BINARY})
    @action(detail=True)
    def preview(self, request, pk=None):
        """The picture at most 1280×960, for pages: made on first view, then kept."""
        media = self.get_object()
        if media.kind != MediaFile.Kind.IMAGE:
            raise Http404("only a picture has a preview")
        try:
            if not inside(settings.MEDIA_ROOT, preview_name(media.sha256)):
                original = inside(settings.CAMERA_ROOT, media.path)
                if original is None:
                    raise Http404("the original is gone")
                save_preview(original, media.sha256)
        except OutsideRoot:
            raise Http404("no such file") from None
        except (OSError, Image.DecompressionBombError) as exc:  # unreadable since it was checked
            raise Http404(f"no preview: {exc}") from None
        return file_response(settings.MEDIA_ROOT, preview_name(media.sha256))


class DetectionViewSet(ValuesList, viewsets.ReadOnlyModelViewSet):
    """Detections; ``/thumbnail`` streams the image with its boxes drawn."""

    queryset = Detection.objects.all()
    serializer_class = DetectionSerializer
    filterset_fields = ["camera", "object_type", "media"]
    ordering_fields = ["detected_at", "confidence"]
    ordering = ["-detected_at"]

    @extend_schema(responses={(200, "image/jpeg"): OpenApiTypes.BINARY})
    @action(detail=True)
    def thumbnail(self, request, pk=None):
        return file_response(settings.MEDIA_ROOT, self.get_object().thumbnail_path)
