"""The household in the admin: its settings row, expected visitors, people, faces,
vehicles and plates. Deleting a person here
forgets them as the API does: their faces' crops go too."""

from django.contrib import admin
from django.shortcuts import redirect

from . import people
from .models import ExpectedVisitor, Face, Household, Incident, Person, PlateRead, Vehicle


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "role", "created_at", "updated_at"]
    list_filter = ["role"]
    search_fields = ["name"]

    def delete_model(self, request, obj):
        people.forget(obj)

    def delete_queryset(self, request, queryset):
        for person in queryset:
            people.forget(person)


@admin.register(Face)
class FaceAdmin(admin.ModelAdmin):
    list_display = ["id", "person", "camera_id", "seen_at", "distance"]
    list_filter = ["camera_id"]
    raw_id_fields = ["detection", "person"]
    exclude = ["embedding"]

    def delete_model(self, request, obj):
        people.remove_face(obj)

    def delete_queryset(self, request, queryset):
        for face in queryset:
            people.remove_face(face)


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    list_display = ["name", "plate", "role"]
    list_filter = ["role"]
    search_fields = ["name", "plate"]


@admin.register(PlateRead)
class PlateReadAdmin(admin.ModelAdmin):
    list_display = ["text", "confidence", "camera_id", "seen_at"]
    search_fields = ["text"]
    raw_id_fields = ["detection"]


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ["id", "who", "key", "started_at", "ended_at"]
    search_fields = ["who", "key"]
    raw_id_fields = ["events"]


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    """One row: the list goes straight to its form."""

    fields = ["context", "fast_path_confidence", "camera_offline_after_seconds", "updated_at"]
    readonly_fields = ["updated_at"]

    def changelist_view(self, request, extra_context=None):
        return redirect("admin:household_household_change", Household.current().pk)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExpectedVisitor)
class ExpectedVisitorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "window", "enabled"]
    list_filter = ["kind", "enabled"]
    filter_horizontal = ["cameras", "zones"]
