import secrets

from django import forms
from django.contrib import admin

from .models import Alert, AlertRule, Channel, Delivery, HouseMode, PushSubscription, unmasked


@admin.register(AlertRule)
class AlertRuleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "enabled",
        "min_risk_score",
        "object_types",
        "modes",
        "cooldown_seconds",
        "wait_for_ai",
    ]
    list_filter = ["enabled", "wait_for_ai"]
    search_fields = ["name"]
    filter_horizontal = ["cameras", "zones", "channels"]


class ChannelForm(forms.ModelForm):
    """The webhook key and a password in the target are never shown again once set:
    left blank (the key) or sent back masked (the target), they stay as they were."""

    secret = forms.CharField(
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Webhook: the HMAC-SHA256 key. Blank: keep the current one.",
    )

    class Meta:
        model = Channel
        fields = ["name", "kind", "target", "secret", "enabled"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["target"] = self.instance.shown_target

    def clean_target(self):
        return unmasked(self.cleaned_data["target"], self.instance.target or "")

    def clean_secret(self):
        return self.cleaned_data["secret"] or self.instance.secret or secrets.token_hex()


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    form = ChannelForm
    list_display = ["name", "kind", "shown_target", "enabled"]
    list_filter = ["kind", "enabled"]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = readonly_fields = [
        "key",
        "channel",
        "event",
        "is_update",
        "revision",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "delivered_at",
    ]


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "rule",
        "camera",
        "risk_level",
        "summary",
        "suppressed",
        "updates",
        "acknowledged",
    ]
    list_filter = ["risk_level", "suppressed", "acknowledged", "rule", "camera"]
    list_editable = ["acknowledged"]
    search_fields = ["summary"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "rule",
        "event",
        "camera",
        "risk_level",
        "summary",
        "suppressed",
        "folded_into",
        "updates",
        "created_at",
        "updated_at",
    ]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "purpose",
        "alert",
        "channel",
        "revision",
        "status",
        "attempts",
        "last_error",
    ]
    list_filter = ["purpose", "status", "channel"]
    readonly_fields = ["key", "purpose", "message", "claimed_by", "claimed_at"]


@admin.register(HouseMode)
class HouseModeAdmin(admin.ModelAdmin):
    list_display = ["mode", "changed_at"]

    def has_add_permission(self, request):
        return not HouseMode.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "endpoint", "created_at"]
