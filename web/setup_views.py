"""The pages that set homesec up and watch it: cameras (with the zone editor), alerts
and their rules, system health, settings."""

from django import forms
from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from alerts import actions
from alerts.models import WEEKDAYS, Alert, AlertRule, Delivery, Mode
from analysis import calibration
from analysis.routine import history
from cameras.models import Camera, Zone
from detection import view
from detection.models import MediaFile, ViewChange
from events.broadcast import SYSTEM_GROUP, current_seq
from homesec.audit import record
from homesec.models import DeadLetter
from household.models import ExpectedVisitor, Household
from ops import deadletters, status

from .permissions import post_needs


def audited_save(form, action: str, request) -> None:
    """Save a ModelForm and put what changed in the audit log."""
    instance = form.save()
    changes = {field: model_to_dict(instance).get(field) for field in form.changed_data}
    record(
        action, f"{instance._meta.model_name} {instance.pk}: {instance}", changes, request=request
    )


@login_required
def cameras(request):
    return render(
        request,
        "web/cameras.html",
        {
            "cameras": Camera.objects.prefetch_related("zones"),
            "camera_root": django_settings.CAMERA_ROOT,
            "ftp_port": django_settings.FTP_PORT,
        },
    )


class CameraForm(forms.ModelForm):
    class Meta:
        model = Camera
        fields = ["name", "description", "enabled", "watch_view"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


@login_required
@post_needs("cameras.change_camera")
def camera(request, pk: str):
    """Edit a camera and draw its zones on its latest snapshot."""
    found = get_object_or_404(Camera, pk=pk)
    form = CameraForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        audited_save(form, "camera.update", request)
        messages.success(request, f"{found.name} saved.")
        return redirect("camera", pk=found.pk)
    snapshot = (
        MediaFile.objects.filter(camera=found, kind=MediaFile.Kind.IMAGE)
        .order_by("-captured_at")
        .first()
    )
    return render(
        request,
        "web/camera.html",
        {
            "camera": found,
            "form": form,
            "snapshot": snapshot,
            "zones": list(
                found.zones.values(
                    "id", "name", "kind", "polygon", "classes", "min_area", "min_seconds"
                )
            ),
            "zone_kinds": Zone.Kind.choices,
            "class_names": django_settings.SECURITY_OBJECT_TYPES,
            "history": history(found),
            "view_change": ViewChange.objects.filter(camera=found, ended_at=None).first(),
            "snooze_title": actions.title("snooze"),
        },
    )


@login_required
@require_POST
@post_needs("cameras.change_camera")
def accept_view(request, pk: str):
    """The camera was moved on purpose: it learns its new view, and the warning ends."""
    found = get_object_or_404(Camera, pk=pk)
    view.accept(found.pk)
    record("camera.accept_view", f"camera {found.pk}: {found}", {}, request=request)
    messages.success(request, f"{found.name} will learn its new view.")
    return redirect("camera", pk=found.pk)


@login_required
@require_POST
@post_needs("alerts.change_alert")
def snooze(request, pk: str):
    """Hold back the camera's alerts for an hour (HOMESEC_SNOOZE_MINUTES), or end that."""
    found = get_object_or_404(Camera, pk=pk)
    minutes = django_settings.SNOOZE_MINUTES if request.POST.get("snooze") == "1" else 0
    actions.snooze(found, minutes, request=request)
    if minutes:
        until = timezone.localtime(found.snoozed_until)
        messages.success(request, f"No alerts from {found.name} until {until:%H:%M}.")
    else:
        messages.success(request, f"Alerts from {found.name} are on again.")
    return redirect("camera", pk=found.pk)


@login_required
def alerts(request):
    recent = Alert.objects.select_related("rule", "event", "camera", "folded_into")
    recent = recent.prefetch_related(
        Prefetch("deliveries", queryset=Delivery.objects.select_related("channel"))
    )[:100]
    return render(
        request,
        "web/alerts.html",
        {
            "alerts": recent,
            "rules": AlertRule.objects.prefetch_related("channels", "cameras"),
        },
    )


@login_required
@require_POST
@post_needs("alerts.change_alert")
def acknowledge(request):
    ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
    changed = Alert.objects.filter(pk__in=ids, acknowledged=False).update(acknowledged=True)
    if changed:
        record("alert.acknowledge", f"{changed} alert(s)", {"ids": ids}, request=request)
    messages.success(request, f"{changed} alert{'' if changed == 1 else 's'} acknowledged.")
    return redirect("alerts")


def _checkboxes(choices) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="none ticked: any",
    )


class RuleForm(forms.ModelForm):
    object_types = _checkboxes([(t, t) for t in django_settings.SECURITY_OBJECT_TYPES])
    days = _checkboxes([(day, day.title()) for day in WEEKDAYS])
    modes = _checkboxes(Mode.choices)

    class Meta:
        model = AlertRule
        fields = ["name", "enabled", "min_risk_score", "object_types", "cameras", "zones", "days",
                  "start_time", "end_time", "modes", "cooldown_seconds", "wait_for_ai",
                  "channels"]  # fmt: skip
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        deadline = django_settings.LLM_DEADLINE_SECONDS  # HOMESEC_LLM_DEADLINE_SECONDS
        self.fields[
            "wait_for_ai"
        ].label = f"Wait for the AI's verdict before alerting (at most {deadline:g} s)"


@login_required
@post_needs("alerts.change_alertrule")
def rule(request, pk: int | None = None):
    """Create (no pk) or edit an alert rule."""
    found = get_object_or_404(AlertRule, pk=pk) if pk else None
    form = RuleForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        audited_save(form, "rule.create" if found is None else "rule.update", request)
        messages.success(request, f"Rule “{form.instance.name}” saved.")
        return redirect("alerts")
    return render(request, "web/rule.html", {"form": form, "rule": found})


@login_required
def system(request):
    return render(
        request,
        "web/system.html",
        {
            "status": status.current()["data"],
            "dead_letters": DeadLetter.objects.all()[:100],
            "system_seq": current_seq(SYSTEM_GROUP),
            "perf_charts": PERF_CHARTS,
        },
    )


# The System page's performance charts: the key in /api/system/performance/history/.
PERF_CHARTS = [
    ("host_cpu", "Host CPU", "%"),
    ("host_ram", "Host memory", "%"),
    ("host_disk", "Disk", "%"),
    ("pg_connections", "PostgreSQL connections", "% of max"),
    ("pg_cache_hit", "PostgreSQL cache hit", "%"),
    ("pg_transactions_per_min", "PostgreSQL transactions", "/min"),
    ("redis_memory", "Redis memory", "MB"),
    ("detector_p95_ms", "Detection p95", "ms"),
    ("llm_p95_ms", "LLM call p95", "ms"),
]


@login_required
@require_POST
@post_needs("homesec.delete_deadletter")
def dead_letter(request, pk: int, action: str):
    letter = get_object_or_404(DeadLetter, pk=pk)
    if action == "requeue":
        record("deadletter.requeue", f"deadletter {letter.pk}: {letter}", request=request)
        try:
            deadletters.requeue(letter)
        except deadletters.UnknownTask as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{letter} requeued.")
    else:
        record("deadletter.discard", f"deadletter {letter.pk}: {letter}", request=request)
        letter.delete()
        messages.success(request, f"{letter} discarded.")
    return redirect("system")


class SettingsForm(forms.ModelForm):
    class Meta:
        model = Household
        fields = ["context", "fast_path_confidence", "camera_offline_after_seconds"]
        widgets = {"context": forms.Textarea(attrs={"rows": 6})}
        labels = {"context": "Household context (read by the LLM with every event)"}


@login_required
@post_needs("household.change_household")
def settings_page(request):
    form = SettingsForm(request.POST or None, instance=Household.current())
    if request.method == "POST" and form.is_valid():
        audited_save(form, "settings.update", request)
        messages.success(request, "Settings saved; they apply from the next event.")
        return redirect("settings")
    visitors = ExpectedVisitor.objects.prefetch_related("cameras", "zones")
    return render(
        request,
        "web/settings.html",
        {
            "form": form,
            "visitors": visitors,
            "adjustments": calibration.adjustments(),
            "cap": calibration.CAP,
        },
    )


@login_required
@require_POST
@post_needs("events.delete_feedback")
def reset_calibration(request):
    """Forget the feedback behind one adjustment (``key``), or behind all of them."""
    key = request.POST.get("key") or None
    forgotten = calibration.reset(key)
    record("calibration.reset", key or "all", {"feedback": forgotten}, request=request)
    messages.success(request, f"Calibration reset: {forgotten} feedback no longer counted.")
    return redirect("settings")
