from django.contrib import admin

from .models import PromptVersion


@admin.register(PromptVersion)
class PromptVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "sha256", "created_at"]
    readonly_fields = ["version", "sha256", "text", "created_at"]
