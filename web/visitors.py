"""The expected-visitor schedule on the Settings page: add, edit, delete a window."""

from django import forms
from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from alerts.models import WEEKDAYS
from cameras.models import Zone
from homesec.audit import record
from household.models import ExpectedVisitor, check_places

from .permissions import post_needs
from .setup_views import audited_save


def _checkboxes(choices, *, required: bool = False, help_text: str = "none ticked: any"):
    return forms.MultipleChoiceField(
        choices=choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class VisitorForm(forms.ModelForm):
    object_types = _checkboxes(
        [(t, t) for t in django_settings.SECURITY_OBJECT_TYPES],
        required=True,
        help_text="what is seen of them",
    )
    days = _checkboxes([(day, day.title()) for day in WEEKDAYS], help_text="none ticked: daily")
    zone_kinds = _checkboxes(Zone.Kind.choices)

    class Meta:
        model = ExpectedVisitor
        fields = [
            "name",
            "kind",
            "enabled",
            "object_types",
            "days",
            "start_time",
            "end_time",
            "cameras",
            "zones",
            "zone_kinds",
        ]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "cameras": forms.CheckboxSelectMultiple,
            "zones": forms.CheckboxSelectMultiple,
        }

    def clean(self):
        data = super().clean()
        try:
            check_places(data.get("cameras") or [], data.get("zones") or [])
        except ValidationError as exc:
            self.add_error(None, exc)
        return data


@login_required
@post_needs("household.change_expectedvisitor")
def visitor(request, pk: int | None = None):
    """Create (no pk) or edit one expected visitor."""
    found = get_object_or_404(ExpectedVisitor, pk=pk) if pk else None
    form = VisitorForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        audited_save(
            form, "expectedvisitor.create" if found is None else "expectedvisitor.update", request
        )
        messages.success(request, f"Expected visitor “{form.instance}” saved.")
        return redirect("settings")
    return render(request, "web/visitor.html", {"form": form, "visitor": found})


@login_required
@require_POST
@post_needs("household.delete_expectedvisitor")
def delete_visitor(request, pk: int):
    found = get_object_or_404(ExpectedVisitor, pk=pk)
    record("expectedvisitor.delete", f"expectedvisitor {found.pk}: {found}", request=request)
    found.delete()
    messages.success(request, f"Expected visitor “{found}” deleted.")
    return redirect("settings")
