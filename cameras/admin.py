from django import forms
from django.contrib import admin

from . import ftp
from .models import Camera, RejectedUpload, Zone


class ZoneInline(admin.TabularInline):
    model = Zone
    extra = 0


class CameraForm(forms.ModelForm):
    new_ftp_password = forms.CharField(
        label="Set FTP password",
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="The camera logs in to homesec's FTP receiver with its id as the user name "
        "and this password. Leave empty to keep the current one.",
    )

    class Meta:
        model = Camera
        fields = ["id", "name", "folder_path", "description", "enabled"]


@admin.register(Camera)
class CameraAdmin(admin.ModelAdmin):
    form = CameraForm
    list_display = ["name", "id", "folder_path", "status", "enabled", "has_ftp", "last_seen_at"]
    list_filter = ["status", "enabled"]
    search_fields = ["id", "name", "folder_path", "description"]
    readonly_fields = ["status", "created_at", "last_seen_at"]
    inlines = [ZoneInline]

    @admin.display(boolean=True, description="FTP login")
    def has_ftp(self, camera):
        return bool(camera.ftp_password)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("new_ftp_password"):
            ftp.set_password(obj, form.cleaned_data["new_ftp_password"])


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "camera", "kind", "priority"]
    list_filter = ["kind", "camera"]
    search_fields = ["name", "camera__name"]


@admin.register(RejectedUpload)
class RejectedUploadAdmin(admin.ModelAdmin):
    list_display = ["path", "camera", "reason", "size", "created_at"]
    list_filter = ["camera"]
    search_fields = ["path", "reason"]
    date_hierarchy = "created_at"
    readonly_fields = ["camera", "path", "reason", "size", "created_at"]
