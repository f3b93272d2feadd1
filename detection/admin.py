from django.contrib import admin

from .models import Batch, Detection, MediaFile


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
