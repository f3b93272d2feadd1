from django.contrib import admin

from .models import Digest, ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["id", "owner", "format", "status", "progress", "total", "size", "expires_at"]
    list_filter = ["status", "format"]
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["period_end", "reached", "not_reached"]
    readonly_fields = [f.name for f in Digest._meta.fields]
    exclude = ["deliveries"]  # each is on the Deliveries page

    def has_add_permission(self, request):
        return False
