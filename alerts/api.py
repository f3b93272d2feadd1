"""Alert rules, channels, alerts and the house mode over the REST API."""

from rest_framework import generics, mixins, serializers, viewsets

from .models import Alert, AlertRule, Channel, Delivery, HouseMode


class ChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Channel
        fields = ["id", "name", "kind", "target", "secret", "enabled"]


class AlertRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = AlertRule
        fields = ["id", "name", "enabled", "min_risk_score", "object_types", "cameras",
                  "zones", "days", "start_time", "end_time", "modes", "cooldown_seconds",
                  "channels"]  # fmt: skip

    def validate(self, data):
        related = ("cameras", "zones", "channels")
        AlertRule(**{k: v for k, v in data.items() if k not in related}).clean()
        return data


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = ["id", "channel", "is_update", "status", "attempts", "last_error", "created_at",
                  "delivered_at"]  # fmt: skip


class AlertSerializer(serializers.ModelSerializer):
    deliveries = DeliverySerializer(many=True, read_only=True)

    class Meta:
        model = Alert
        fields = ["id", "rule", "event", "camera", "risk_level", "summary", "suppressed",
                  "updates", "acknowledged", "created_at", "updated_at", "deliveries"]  # fmt: skip
        read_only_fields = [f for f in fields if f != "acknowledged"]


class ChannelViewSet(viewsets.ModelViewSet):
    queryset = Channel.objects.order_by("name")
    serializer_class = ChannelSerializer
    ordering = ["name"]


class AlertRuleViewSet(viewsets.ModelViewSet):
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


class HouseModeView(generics.RetrieveUpdateAPIView):
    """The house mode (home, away, night, vacation) that alert rules apply in."""

    serializer_class = HouseModeSerializer
    http_method_names = ["get", "put", "patch", "head", "options"]

    def get_object(self):
        return HouseMode.objects.get_or_create(pk=1)[0]
