"""Cameras and their zones over the REST API."""

from rest_framework import serializers, viewsets

from homesec.audit import Audited

from .models import Camera, Zone


class ZoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Zone
        fields = [
            "id",
            "camera",
            "name",
            "kind",
            "polygon",
            "priority",
            "classes",
            "min_area",
            "min_seconds",
        ]


class CameraSerializer(serializers.ModelSerializer):
    class Meta:
        model = Camera
        fields = [
            "id",
            "name",
            "folder_path",
            "description",
            "enabled",
            "watch_view",
            "status",
            "last_seen_at",
            "created_at",
        ]
        read_only_fields = ["status", "last_seen_at", "created_at"]

    def validate_id(self, value):
        if self.instance is not None and value != self.instance.pk:
            raise serializers.ValidationError("a camera's id cannot change")
        return value


class CameraViewSet(Audited, viewsets.ModelViewSet):
    queryset = Camera.objects.order_by("name")
    serializer_class = CameraSerializer
    ordering = ["name"]
    filterset_fields = ["enabled", "status"]


class ZoneViewSet(Audited, viewsets.ModelViewSet):
    queryset = Zone.objects.all()
    serializer_class = ZoneSerializer
    ordering = ["camera", "name"]
    filterset_fields = ["camera", "kind"]
