from django.contrib import admin

from .models import DeadLetter


@admin.register(DeadLetter)
class DeadLetterAdmin(admin.ModelAdmin):
    list_display = ["task", "args", "attempts", "error", "created_at"]
    list_filter = ["task"]
    search_fields = ["task", "error"]
    readonly_fields = ["task", "args", "error", "attempts", "created_at"]
