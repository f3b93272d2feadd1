"""The audit log of sensitive actions (camera, zone, rule, channel and settings changes,
event review, tokens, dead-letter requeue, the house mode): who, what, when, from where.

API views record through ``Audited``; everything done in the admin is recorded from
Django's own admin log. Secrets never enter the log."""

import contextvars
import json

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import AuditEntry

SECRET_FIELDS = {"secret", "ftp_password", "password", "token", "p256dh", "auth", "keys"}
_request = contextvars.ContextVar("audited_request", default=None)


class RequestMiddleware:
    """Remembers the request being served, so the admin log can say where it came from."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def record(action: str, target: str, changes: dict | None = None, *, request=None, user=None):
    request = request if request is not None else _request.get()
    user = user or getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    safe = {k: "(hidden)" if k in SECRET_FIELDS else v for k, v in (changes or {}).items()}
    return AuditEntry.objects.create(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        target=target[:200],
        changes=json.loads(json.dumps(safe, cls=DjangoJSONEncoder, default=str)),
        ip=request.META.get("REMOTE_ADDR") if request is not None else None,
    )


class Audited:
    """For DRF views: creations, changes and deletions go to the audit log."""

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self._record("create", serializer.instance, serializer.validated_data)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        self._record("update", serializer.instance, serializer.validated_data)

    def perform_destroy(self, instance):
        self._record("delete", instance, {})
        super().perform_destroy(instance)

    def _record(self, verb: str, instance, data: dict) -> None:
        name = instance._meta.model_name
        record(f"{name}.{verb}", f"{name} {instance.pk}: {instance}", data, request=self.request)


@receiver(post_save, sender=LogEntry)
def _from_the_admin(sender, instance: LogEntry, created: bool, **kwargs):
    if not created:
        return
    verb = {ADDITION: "create", CHANGE: "update", DELETION: "delete"}
    model = instance.content_type.model if instance.content_type else "object"
    record(
        f"{model}.{verb.get(instance.action_flag, 'change')}",
        f"{model} {instance.object_id}: {instance.object_repr}",
        {"via": "admin", "change": instance.get_change_message()},
        user=instance.user,
    )
