"""Alert rules, channels, alerts and the house mode over the REST API."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from homesec.audit import Audited

from . import transports, webpush
from .models import (
    Alert,
    AlertRule,
    Channel,
    Delivery,
    HouseMode,
    PushSubscription,
    masked,
    unmasked,
)


class ChannelSerializer(serializers.ModelSerializer):
    """Secrets are write-only: the webhook key is never sent back, a password in the
    target is masked (send the target back as shown and the password stays)."""

    class Meta:
        model = Channel
        fields = ["id", "name", "kind", "target", "secret", "enabled"]
        extra_kwargs = {"secret": {"write_only": True}}

    def to_representation(self, channel):
        user = self.context["request"].user
        admin = user.has_perm("alerts.change_channel")
        shown = channel.shown_target if admin else channel.shown_host
        return {**super().to_representation(channel), "target": shown}

    def validate(self, data):
        if self.instance is not None and "target" in data:
            try:
                data["target"] = unmasked(data["target"], self.instance.target)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.message_dict) from None
        Channel(**{**self._current(), **data}).clean()
        return data

    def _current(self) -> dict:
        if self.instance is None:
            return {}
        return {"kind": self.instance.kind, "target": self.instance.target}


class AlertRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = AlertRule
        fields = ["id", "name", "enabled", "min_risk_score", "object_types", "cameras",
                  "zones", "days", "start_time", "end_time", "modes", "cooldown_seconds",
                  "wait_for_ai", "channels"]  # fmt: skip

    def validate(self, data):
        related = ("cameras", "zones", "channels")
        AlertRule(**{k: v for k, v in data.items() if k not in related}).clean()
        return data


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = ["id", "key", "channel", "event", "is_update", "revision", "status",
                  "attempts", "last_error", "created_at", "delivered_at"]  # fmt: skip


class AlertSerializer(serializers.ModelSerializer):
    deliveries = DeliverySerializer(many=True, read_only=True)

    class Meta:
        model = Alert
        fields = ["id", "rule", "event", "camera", "risk_level", "summary", "suppressed",
                  "folded_into", "updates", "acknowledged", "created_at", "updated_at",
                  "deliveries"]  # fmt: skip
        read_only_fields = [f for f in fields if f != "acknowledged"]


class ChannelViewSet(Audited, viewsets.ModelViewSet):
    queryset = Channel.objects.order_by("name")
    serializer_class = ChannelSerializer
    ordering = ["name"]

    def _record(self, verb: str, instance, data: dict) -> None:
        if "target" in data:  # the audit log keeps no password either
            data = {**data, "target": masked(data["target"])}
        super()._record(verb, instance, data)


class AlertRuleViewSet(Audited, viewsets.ModelViewSet):
    queryset = AlertRule.objects.order_by("name").prefetch_related("cameras", "zones", "channels")
    serializer_class = AlertRuleSerializer
    ordering = ["name"]


class AlertViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                   viewsets.GenericViewSet):  # fmt: skip
    """Every alert with its deliveries; PATCH ``acknowledged``."""

    queryset = Alert.objects.prefetch_related("deliveries")
    serializer_class = AlertSerializer
    ordering = ["-created_at"]
    filterset_fields = ["rule", "camera", "risk_level", "suppressed", "acknowledged"]
    http_method_names = ["get", "patch", "head", "options"]


class HouseModeSerializer(serializers.ModelSerializer):
    class Meta:
        model = HouseMode
        fields = ["mode", "changed_at"]
        read_only_fields = ["changed_at"]


class HouseModeView(Audited, generics.RetrieveUpdateAPIView):
    """The house mode (home, away, night, vacation) that alert rules apply in."""

    serializer_class = HouseModeSerializer
    queryset = HouseMode.objects.all()  # for the permission: change_housemode
    http_method_names = ["get", "put", "patch", "head", "options"]

    def get_object(self):
        return HouseMode.objects.get_or_create(pk=1)[0]


class PushKeysSerializer(serializers.Serializer):
    p256dh = serializers.CharField(max_length=200)
    auth = serializers.CharField(max_length=100)


class PushSubscriptionSerializer(serializers.ModelSerializer):
    """The browser's own PushSubscription JSON: {"endpoint": …, "keys": {"p256dh", "auth"}}."""

    keys = PushKeysSerializer(write_only=True)

    class Meta:
        model = PushSubscription
        fields = ["id", "endpoint", "keys", "created_at"]

    def validate_endpoint(self, endpoint: str) -> str:
        if why := transports.push_endpoint_refusal(endpoint, unresolved_ok=True):
            raise serializers.ValidationError(why)
        return endpoint

    def create(self, data):
        keys = data.pop("keys")
        subscription, _ = PushSubscription.objects.update_or_create(
            endpoint=data["endpoint"],
            defaults={"user": self.context["request"].user, **keys},
        )
        return subscription


class PushSubscriptionViewSet(mixins.ListModelMixin, mixins.CreateModelMixin,
                              mixins.DestroyModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """This user's browsers subscribed to Web Push alerts."""

    queryset = PushSubscription.objects.all()
    serializer_class = PushSubscriptionSerializer
    own_rows = True
    ordering = ["-created_at"]

    def get_queryset(self):
        return self.queryset.filter(user=self.request.user)


@extend_schema(responses={200: {"type": "object"}})
@api_view(["GET"])
def push_key(request):
    """The VAPID application server key for ``pushManager.subscribe``."""
    return Response({"public_key": webpush.public_key()})
