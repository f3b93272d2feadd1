from django.contrib import admin

from .models import Alert, AlertRule, Channel, Delivery, HouseMode, PushSubscription


@admin.register(AlertRule)
class AlertRuleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "enabled",
        "min_risk_score",
        "object_types",
        "modes",
        "cooldown_seconds",
    ]
    list_filter = ["enabled"]
    search_fields = ["name"]
    filter_horizontal = ["cameras", "zones", "channels"]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "target", "enabled"]
    list_filter = ["kind", "enabled"]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    readonly_fields = ["channel", "is_update", "status", "attempts", "last_error", "created_at",
                       "delivered_at"]  # fmt: skip


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["created_at", "rule", "camera", "risk_level", "summary", "suppressed",
                    "updates", "acknowledged"]  # fmt: skip
    list_filter = ["risk_level", "suppressed", "acknowledged", "rule", "camera"]
    list_editable = ["acknowledged"]
    search_fields = ["summary"]
    date_hierarchy = "created_at"
    readonly_fields = ["rule", "event", "camera", "risk_level", "summary", "suppressed",
                       "updates", "created_at", "updated_at"]  # fmt: skip
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "alert", "channel", "is_update", "status", "attempts",
                    "last_error"]  # fmt: skip
    list_filter = ["status", "channel"]


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
