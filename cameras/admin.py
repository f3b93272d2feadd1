from django.contrib import admin

from .models import Camera, Zone


class ZoneInline(admin.TabularInline):
    model = Zone
    extra = 0


@admin.register(Camera)
class CameraAdmin(admin.ModelAdmin):
    list_display = ["name", "id", "folder_path", "status", "enabled", "last_seen_at"]
    list_filter = ["status", "enabled"]
    search_fields = ["id", "name", "folder_path", "description"]
    readonly_fields = ["created_at", "last_seen_at"]
    inlines = [ZoneInline]


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "camera", "kind", "priority"]
    list_filter = ["kind", "camera"]
    search_fields = ["name", "camera__name"]
