from django.contrib import admin

from .models import AuditEntry, DeadLetter


@admin.register(DeadLetter)
class DeadLetterAdmin(admin.ModelAdmin):
    list_display = ["task", "args", "attempts", "error", "created_at"]
    list_filter = ["task"]
    search_fields = ["task", "error"]
    readonly_fields = ["task", "args", "then", "error", "attempts", "created_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "action", "target", "ip"]
    list_filter = ["action"]
    search_fields = ["username", "target", "action"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
