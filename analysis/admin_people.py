"""People, faces, vehicles and plates in the admin (issue 17). Deleting a person here
forgets them as the API does: their faces' crops go too."""

from django.contrib import admin

from . import people
from .models_people import Face, Incident, Person, PlateRead, Vehicle


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
