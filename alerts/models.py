"""Alert rules, where alerts go, and the history of every alert and delivery attempt."""

import secrets
import uuid
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cameras.models import Camera, Zone
from events.models import Event
from homesec.objects import check_classes

from .transports import channel_target_refusal

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class Mode(models.TextChoices):
    HOME = "home"
    AWAY = "away"
    NIGHT = "night"
    VACATION = "vacation"


class HouseMode(models.Model):
    """The house's mode (one row), set from the admin, the dashboard, the API or Home Assistant."""

    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.HOME)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"house mode: {self.mode}"

    @classmethod
    def current(cls) -> str:
        return cls.objects.get_or_create(pk=1)[0].mode


def _check_subset(values, allowed: list[str], what: str) -> None:
    if not (isinstance(values, list) and all(isinstance(v, str) for v in values)
            and set(values) <= set(allowed)):  # fmt: skip
        raise ValidationError(f"{what}: a list of {', '.join(allowed)}")


def validate_days(values) -> None:
    _check_subset(values, WEEKDAYS, "days")


def validate_modes(values) -> None:
    _check_subset(values, Mode.values, "modes")


def validate_object_types(values) -> None:  # where the migrations name it
    check_classes(values)


class Channel(models.Model):
    """Somewhere alerts are sent: a webhook URL, email addresses, or an MQTT broker."""

    class Kind(models.TextChoices):
        WEBHOOK = "webhook", "Webhook (JSON POST, HMAC-signed)"
        EMAIL = "email", "Email (with the thumbnail)"
        MQTT = "mqtt", "MQTT (Home Assistant)"
        WEBPUSH = "webpush", "Web Push (every subscribed browser)"

    name = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    target = models.CharField(
        max_length=500,
        blank=True,
        help_text="webhook: https://…; email: addresses, comma-separated; "
        "mqtt: mqtt://[user:password@]host[:port]; Web Push: nothing",
    )
    secret = models.CharField(
        max_length=64, default=secrets.token_hex, help_text="Webhook: the HMAC-SHA256 key."
    )
    enabled = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"

    @property
    def shown_target(self) -> str:
        """The target as admins see it: a password masked."""
        return masked(self.target)

    @property
    def shown_host(self) -> str:
        """Where the target is, and nothing of its path, query or user: a webhook's path
        often is its secret (a Home Assistant webhook id). Errors and members see this."""
        if self.kind == self.Kind.EMAIL:
            return f"{len(self.target.split(','))} address(es)"
        address = urlsplit(self.target)
        port = f":{address.port}" if address.port else ""
        return f"{address.scheme}://{address.hostname or ''}{port}"

    def clean(self):
        address = urlsplit(self.target)
        if self.kind == self.Kind.WEBHOOK and not (address.scheme in ("http", "https")
                                                   and address.hostname):  # fmt: skip
            raise ValidationError({"target": "a webhook needs an http:// or https:// URL"})
        if self.kind == self.Kind.MQTT and not (address.scheme == "mqtt" and address.hostname):
            raise ValidationError({"target": "MQTT needs mqtt://[user:password@]host[:port]"})
        sends = self.kind in (self.Kind.WEBHOOK, self.Kind.MQTT)
        if sends and (why := channel_target_refusal(address.hostname, unresolved_ok=True)):
            raise ValidationError({"target": f"not a place alerts may go: {why}"})
        if self.kind == self.Kind.EMAIL:
            recipients = [a.strip() for a in self.target.split(",") if a.strip()]
            if not recipients:
                raise ValidationError({"target": "give at least one email address"})
            for recipient in recipients:
                validate_email(recipient)


MASK = "********"


def masked(url: str) -> str:
    """``url`` with the password of its user part replaced by MASK."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:{MASK}@{host}"))


def unmasked(url: str, previous: str) -> str:
    """A target sent back as it was shown keeps the password it had, and only for the
    same user on the same server: the password never follows a target elsewhere."""
    parts, before = urlsplit(url), urlsplit(previous)
    if parts.password != MASK:
        return url
    same = (parts.scheme, parts.username, parts.hostname, parts.port) == (
        before.scheme,
        before.username,
        before.hostname,
        before.port,
    )
    if not same or not before.password:
        raise ValidationError({"target": "a new server or user needs its password typed in"})
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:{before.password}@{host}"))


class PushSubscription(models.Model):
    """A browser that asked for Web Push (the PushSubscription the browser gave us)."""

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="push")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} at {urlsplit(self.endpoint).hostname}"


class AlertRule(models.Model):
    """Who is told about what. Every condition must hold; an empty one holds always."""

    name = models.CharField(max_length=100, unique=True)
    enabled = models.BooleanField(default=True)
    min_risk_score = models.PositiveSmallIntegerField(
        default=60, help_text="0-100; 30 medium, 60 high, 85 critical."
    )
    object_types = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_object_types],
        help_text='e.g. ["person"]; empty: any',
    )
    cameras = models.ManyToManyField(Camera, blank=True, related_name="alert_rules")
    zones = models.ManyToManyField(Zone, blank=True, related_name="alert_rules")
    days = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_days],
        help_text='e.g. ["sat", "sun"]; empty: every day',
    )
    start_time = models.TimeField(null=True, blank=True, help_text="Local; may wrap midnight.")
    end_time = models.TimeField(null=True, blank=True)
    modes = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_modes],
        help_text='House modes it applies in, e.g. ["away", "night"]; empty: all',
    )
    cooldown_seconds = models.PositiveIntegerField(
        default=300, help_text="After an alert, the same camera does not alert again this long."
    )
    channels = models.ManyToManyField(Channel, blank=True, related_name="rules")
    wait_for_ai = models.BooleanField(
        "wait for the AI's verdict before alerting",
        default=False,
        help_text="Off: alert at once on the scorer's first verdict, then send an update "
        "when the AI's words arrive. On: alert once, on the AI's verdict, or on what is "
        "known when its deadline passes.",
    )

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.min_risk_score > 100:
            raise ValidationError({"min_risk_score": "at most 100"})
        if (self.start_time is None) != (self.end_time is None):
            raise ValidationError("give both a start and an end time, or neither")


class Alert(models.Model):
    """One activity told to the household by one rule; updated, never repeated."""

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="alerts")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="alerts")
    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="alerts")
    risk_level = models.CharField(max_length=8, choices=Event.RiskLevel.choices)
    summary = models.TextField()
    suppressed = models.BooleanField(
        default=False,
        help_text="Matched during its camera's cooldown or snooze: nothing was sent.",
    )
    folded_into = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="folded",
        help_text="Part of an incident across cameras: nothing of its own was sent; the "
        "event was told as an update of this alert.",
    )
    updates = models.PositiveIntegerField(default=0)
    acknowledged = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "event"], name="one_alert_per_rule_event")
        ]
        indexes = [models.Index(fields=["rule", "camera", "created_at"], name="alert_cooldown_idx")]

    def __str__(self) -> str:
        return f"{self.rule}: {self.summary}"


class Delivery(models.Model):
    """One message to one channel, with every attempt's outcome: an alert's, or a message
    another app prepared (an operator alert, the digest). Its key goes with every attempt,
    so a receiver that got it before can drop the repeat."""

    class Purpose(models.TextChoices):
        ALERT = "alert"
        OPERATOR = "operator"  # an operator alert (ops/operator.py)
        DIGEST = "digest"

    class Status(models.TextChoices):
        PENDING = "pending"
        SENDING = "sending"  # claimed by a deliver task, the send under way
        DELIVERED = "delivered"
        DEAD = "dead", "Dead-lettered"

    key = models.UUIDField(
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text="Sent with the message (X-Homesec-Delivery, Message-ID, delivery_key).",
    )
    purpose = models.CharField(max_length=8, choices=Purpose.choices, default=Purpose.ALERT)
    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="deliveries")
    message = models.JSONField(
        default=dict,
        blank=True,
        help_text="Not an alert's: the message as its app prepared it (subject, text, body, "
        "MQTT topic, push), sent as is (alerts/senders.py send_prepared).",
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The event it tells, when not the alert's own: a later camera of the "
        "alert's incident.",
    )
    is_update = models.BooleanField(default=False)
    revision = models.PositiveIntegerField(
        default=0, help_text="The alert's revision it tells: 0 the alert, 1 its first update…"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_to = models.JSONField(
        default=list, blank=True, help_text="Web Push: browsers already reached (not again)."
    )
    next_try_at = models.DateTimeField(
        default=timezone.now, help_text="Pending: when it is due (a retry waits its backoff)."
    )
    claimed_by = models.CharField(max_length=64, blank=True, help_text="The task sending it.")
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["status", "next_try_at"], name="delivery_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose="alert", alert__isnull=False)
                | (~Q(purpose="alert") & Q(alert__isnull=True)),
                name="delivery_alert_only_for_alerts",
            )
        ]

    def __str__(self) -> str:
        if self.alert_id is None:
            return f"{self.purpose} → {self.channel}"
        return f"{'update' if self.is_update else 'alert'} {self.alert_id} → {self.channel}"

    def first_key(self) -> uuid.UUID:
        """The key of the alert's first message to this channel (what an update answers)."""
        first = Delivery.objects.filter(alert_id=self.alert_id, channel_id=self.channel_id)
        return first.order_by("revision", "created_at").values_list("key", flat=True)[0]


class ActionLink(models.Model):
    """An answer to an alert that a link in its email or push notification carries (the
    link is this row's id, signed: alerts/actions.py): it works once, until it expires,
    with no login, and can do nothing but its one action."""

    class Action(models.TextChoices):
        LOOKS_FINE = "looks_fine", "Looks fine"
        SNOOZE = "snooze", "Snooze this camera"

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="action_links")
    action = models.CharField(max_length=16, choices=Action.choices)
    user = models.ForeignKey(
        "auth.User",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Whose notification carried it (Web Push); none for an email's.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.get_action_display()} for alert {self.alert_id}"
