"""Evaluating rules for each new or updated event, and delivering alerts (queue default)."""

import logging
from datetime import timedelta
from pathlib import Path

from celery import Task, shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from events.broadcast import EVENTS_GROUP, publish
from events.models import Event
from homesec.deadletters import dead_letter

from . import senders
from .engine import matching_rules
from .models import Alert, Delivery, HouseMode

log = logging.getLogger(__name__)
LEVELS = Event.RiskLevel.values  # low to critical


@shared_task
def evaluate_event(event_id: int) -> int:
    """Alert once per rule per activity: a new match alerts (unless its camera is cooling
    down for that rule); a later analysis of the same event sends an update of the same
    alert when the level rose or the LLM's words arrived, and nothing otherwise.
    Returns how many alerts and updates went out."""
    event = Event.objects.select_related("camera").filter(pk=event_id).first()
    if event is None:
        return 0
    sent = 0
    for rule in matching_rules(event, HouseMode.current()):
        with transaction.atomic():
            alert = Alert.objects.select_for_update().filter(rule=rule, event=event).first()
            if alert is None:
                alert = _new_alert(rule, event)
                is_update = False
            elif alert.suppressed or not _worth_an_update(alert, event):
                continue
            else:
                alert.risk_level, alert.summary = event.risk_level, event.summary
                alert.updates += 1
                alert.save()
                is_update = True
            if alert is not None and not alert.suppressed:
                _send(alert, event, is_update=is_update)
                sent += 1
    return sent


def _new_alert(rule, event) -> Alert | None:
    cooling = Alert.objects.filter(
        rule=rule, camera=event.camera, suppressed=False,
        created_at__gte=timezone.now() - timedelta(seconds=rule.cooldown_seconds),
    ).exists()  # fmt: skip
    try:
        with transaction.atomic():
            return Alert.objects.create(
                rule=rule, event=event, camera=event.camera, risk_level=event.risk_level,
                summary=event.summary, suppressed=cooling,
            )  # fmt: skip
    except IntegrityError:
        return None  # another evaluation of this event made it


def _worth_an_update(alert: Alert, event: Event) -> bool:
    rose = LEVELS.index(event.risk_level) > LEVELS.index(alert.risk_level)
    words = event.analysis_source == Event.Source.LLM and event.summary != alert.summary
    return rose or words


def message(alert: Alert, event: Event, *, is_update: bool) -> dict:
    """What every channel says: level, summary, camera, time, a link and the thumbnail."""
    top = event.top_detection()
    return {
        "type": "alert_updated" if is_update else "alert",
        "is_update": is_update,
        "alert_id": alert.pk,
        "event_id": event.pk,
        "rule": alert.rule.name,
        "camera_id": event.camera_id,
        "camera_name": event.camera.name,
        "risk_level": event.risk_level,
        "risk_score": event.risk_score,
        "summary": event.summary,
        "reasoning": event.reasoning,
        "time": timezone.localtime(event.started_at).isoformat(),
        "url": settings.PUBLIC_URL + reverse("event-page", args=[event.pk]),
        "thumbnail": top.thumbnail_path if top else None,
        "thumbnail_url": settings.PUBLIC_URL + f"/api/detections/{top.pk}/thumbnail/"
        if top
        else None,
    }


def _send(alert: Alert, event: Event, *, is_update: bool) -> None:
    data = message(alert, event, is_update=is_update)
    deliveries = [
        Delivery.objects.create(alert=alert, channel=channel, is_update=is_update)
        for channel in alert.rule.channels.filter(enabled=True)
    ]

    def go():
        try:  # the open dashboards: in-browser notifications
            publish(EVENTS_GROUP, data["type"], data)
        except Exception:
            log.exception("could not publish alert %s", alert.pk)
        for delivery in deliveries:
            deliver.delay(delivery.pk)

    transaction.on_commit(go)


class DeliverTask(Task):
    """A channel that fails is retried with exponential backoff; after the last retry
    the delivery is dead-lettered, kept for a person to requeue."""

    autoretry_for = (senders.DeliveryError,)
    retry_backoff = 2
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = settings.ALERT_MAX_RETRIES
    ignore_result = True

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        delivery_id = args[0] if args else kwargs.get("delivery_id")
        error = f"{type(exc).__name__}: {exc}"
        with transaction.atomic():  # dead, and its letter to requeue: seen together or not
            Delivery.objects.filter(pk=delivery_id).update(
                status=Delivery.Status.DEAD, last_error=error
            )
            attempts = Delivery.objects.filter(pk=delivery_id).values_list("attempts", flat=True)
            dead_letter(self.name, [delivery_id], error, attempts.first() or 0)

    def reset_rows(self, delivery_id: int) -> None:
        """Before a requeue: the delivery is pending again."""
        Delivery.objects.filter(pk=delivery_id).update(status=Delivery.Status.PENDING)


@shared_task(bind=True, base=DeliverTask)
def deliver(self, delivery_id: int) -> str:
    delivery = Delivery.objects.select_related("alert__rule", "channel").filter(pk=delivery_id)
    delivery = delivery.first()
    if delivery is None or delivery.status == Delivery.Status.DELIVERED:
        return "nothing to do"
    event = Event.objects.select_related("camera").get(pk=delivery.alert.event_id)
    data = message(delivery.alert, event, is_update=delivery.is_update)
    thumbnail = Path(settings.MEDIA_ROOT) / data["thumbnail"] if data["thumbnail"] else None
    Delivery.objects.filter(pk=delivery_id).update(attempts=delivery.attempts + 1)
    try:
        senders.SENDERS[delivery.channel.kind](delivery, data, thumbnail)
    except senders.DeliveryError as exc:
        Delivery.objects.filter(pk=delivery_id).update(last_error=str(exc))
        log.warning("delivery %s to %s failed: %s", delivery_id, delivery.channel, exc)
        raise
    Delivery.objects.filter(pk=delivery_id).update(
        status=Delivery.Status.DELIVERED, delivered_at=timezone.now(), last_error=""
    )
    return "delivered"
