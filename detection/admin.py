from django.contrib import admin

from . import view
from .models import Batch, Detection, MediaFile, ViewChange


@admin.register(MediaFile)
class MediaFileAdmin(admin.ModelAdmin):
    list_display = ["path", "camera", "kind", "state", "attempts", "size", "captured_at"]
    list_filter = ["state", "kind", "camera"]
    search_fields = ["path", "sha256", "last_error"]
    date_hierarchy = "captured_at"
    readonly_fields = ["sha256", "created_at", "updated_at"]


@admin.register(Detection)
class DetectionAdmin(admin.ModelAdmin):
    list_display = ["object_type", "confidence", "camera", "detected_at", "file_path"]
    list_filter = ["object_type", "camera"]
    search_fields = ["file_path", "object_type"]
    date_hierarchy = "detected_at"
    raw_id_fields = ["media"]


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["id", "camera", "state", "opened_at", "last_activity_at", "closed_at"]
    list_filter = ["state", "camera"]
    date_hierarchy = "opened_at"


@admin.register(ViewChange)
class ViewChangeAdmin(admin.ModelAdmin):
    list_display = ["camera", "kind", "started_at", "ended_at", "accepted", "told_at"]
    list_filter = ["kind", "camera", "accepted"]
    date_hierarchy = "started_at"
    raw_id_fields = ["before", "after"]
    actions = ["accept_new_view"]

    @admin.action(description="Accept the new view (the camera was moved on purpose)")
    def accept_new_view(self, request, queryset):
        cameras = set(queryset.values_list("camera_id", flat=True))
        for camera_id in cameras:
            view.accept(camera_id)
        self.message_user(request, f"{len(cameras)} camera(s) will learn their new view.")
