from django.contrib import admin

from .models import Batch


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["id", "camera", "state", "opened_at", "last_activity_at", "closed_at"]
    list_filter = ["state", "camera"]
    date_hierarchy = "opened_at"
