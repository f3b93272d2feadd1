from django.contrib import admin
from django.shortcuts import redirect

from .models import Batch, ExpectedVisitor, Household, PromptVersion


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["id", "camera", "state", "opened_at", "last_activity_at", "closed_at"]
    list_filter = ["state", "camera"]
    date_hierarchy = "opened_at"


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    """One row: the list goes straight to its form."""

    fields = ["context", "fast_path_confidence", "camera_offline_after_seconds", "updated_at"]
    readonly_fields = ["updated_at"]

    def changelist_view(self, request, extra_context=None):
        return redirect("admin:analysis_household_change", Household.current().pk)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExpectedVisitor)
class ExpectedVisitorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "window", "enabled"]
    list_filter = ["kind", "enabled"]
    filter_horizontal = ["cameras", "zones"]


@admin.register(PromptVersion)
class PromptVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "sha256", "created_at"]
    readonly_fields = ["version", "sha256", "text", "created_at"]


from . import admin_people  # noqa: E402, F401  (issue 17)
