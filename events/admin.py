from django.contrib import admin

from .models import Event, Feedback


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "camera",
        "risk_level",
        "risk_score",
        "summary",
        "analysis_source",
        "is_fast_path",
        "reviewed",
    ]
    list_filter = ["risk_level", "reviewed", "is_fast_path", "analysis_source", "camera"]
    search_fields = ["summary", "reasoning", "notes"]
    date_hierarchy = "started_at"
    readonly_fields = [
        "risk_level",
        "created_at",
        "updated_at",
        "evaluated_source",
        "evaluated_at",
        "evaluation_requeued_at",
    ]
    raw_id_fields = ["batch"]
    list_editable = ["reviewed"]
    actions = ["mark_reviewed"]

    @admin.action(description="Mark selected events reviewed")
    def mark_reviewed(self, request, queryset):
        count = queryset.update(reviewed=True)
        self.message_user(request, f"{count} event(s) marked reviewed.")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "verdict", "user", "prompt_version", "calibrates"]
    list_filter = ["verdict", "calibrates", "prompt_version"]
    raw_id_fields = ["event"]
