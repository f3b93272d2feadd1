"""Evaluating rules for each new or updated event, and delivering alerts (queue default)."""

import logging
from datetime import timedelta
from pathlib import Path

from celery import Task, shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from events.broadcast import EVENTS_GROUP, publish
from events.models import Event
from homesec.deadletters import dead_letter
from homesec.recoverable import RecoverableTask

from . import actions, claims, reconcile, senders, transports
from .engine import matching_rules
from .models import Alert, Delivery, HouseMode

log = logging.getLogger(__name__)
LEVELS = Event.RiskLevel.values  # low to critical


class EvaluateTask(RecoverableTask):
    """The database or the broker away: retried with backoff; then, or on any other error,
    dead-lettered (homesec/recoverable.py). The reconciler leaves a dead-lettered event
    alone."""


@shared_task(base=EvaluateTask)
def evaluate_event(event_id: int) -> int:
    """Alert once per rule per activity: a new match alerts (unless its camera is cooling
    down for that rule); a later analysis of the same event sends an update of the same
    alert when the level rose or the LLM's words arrived, and nothing otherwise. The
    verdict the rules ran on is recorded on the event. Returns how many alerts and
    updates went out."""
    event = Event.objects.select_related("camera").filter(pk=event_id).first()
    if event is None:
        return 0
    sent = _apply_rules(event)
    Event.objects.filter(pk=event.pk).update(  # an update(): the event's updated_at stays
        evaluated_source=event.analysis_source, evaluated_at=timezone.now()
    )
    return sent


def _apply_rules(event: Event) -> int:
    held = event.camera.snoozed  # its camera's Snooze: nothing told, now or later
    sent = 0
    for rule in matching_rules(event, HouseMode.current()):
        with transaction.atomic():
            alert = Alert.objects.select_for_update().filter(rule=rule, event=event).first()
            if held:
                if alert is None:  # kept and marked, as a cooldown's match: a later verdict
                    _new_alert(rule, event, held=True)  # (the LLM's) finds it and tells nothing
                continue
            told, is_update = _alert_to_tell(rule, event, alert)
            if told is not None:
                _send(told, event, is_update=is_update)
                sent += 1
    return sent


def _alert_to_tell(rule, event: Event, alert: Alert | None) -> tuple[Alert | None, bool]:
    """Which alert tells ``event`` for ``rule``, and whether as an update: a new alert; or,
    for a later camera of an incident, an update of the incident's alert (its own row
    kept, folded into it); or an update of the alert it already has."""
    if alert is None:
        lead = _incident_alert(rule, event)
        if lead is None:
            alert = _new_alert(rule, event)
            return (None if alert is None or alert.suppressed else alert), False
        if _folded(rule, event, lead) is None:
            return None, False  # another evaluation of this event folded it
        alert = lead
    elif alert.folded_into_id is not None:
        alert = Alert.objects.select_for_update().get(pk=alert.folded_into_id)
        if not _worth_an_update(alert, event):
            return None, False
    elif alert.suppressed or not _worth_an_update(alert, event):
        return None, False
    rose = LEVELS.index(event.risk_level) > LEVELS.index(alert.risk_level)
    if rose or alert.event_id == event.pk:  # an incident's alert keeps its highest level
        alert.risk_level = event.risk_level
    alert.summary = event.summary
    alert.updates += 1
    alert.save()
    return alert, True


def _incident_alert(rule, event: Event) -> Alert | None:
    """The alert this rule already sent for an earlier event of ``event``'s incident."""
    if event.incident_lead_id is None:
        return None
    told = Alert.objects.filter(suppressed=False, folded_into=None).exclude(event=event)
    told = told.filter(rule=rule, event__incident_lead=event.incident_lead_id)
    return told.select_for_update().order_by("created_at").first()


def _folded(rule, event: Event, into: Alert) -> Alert | None:
    try:
        with transaction.atomic():
            return Alert.objects.create(
                rule=rule,
                event=event,
                camera=event.camera,
                risk_level=event.risk_level,
                summary=event.summary,
                suppressed=True,
                folded_into=into,
            )
    except IntegrityError:
        return None


def _new_alert(rule, event, *, held: bool = False) -> Alert | None:
    cooling = (
        held
        or Alert.objects.filter(
            rule=rule,
            camera=event.camera,
            suppressed=False,
            created_at__gte=timezone.now() - timedelta(seconds=rule.cooldown_seconds),
        ).exists()
    )
    try:
        with transaction.atomic():
            return Alert.objects.create(
                rule=rule,
                event=event,
                camera=event.camera,
                risk_level=event.risk_level,
                summary=event.summary,
                suppressed=cooling,
            )
    except IntegrityError:
        return None  # another evaluation of this event made it


def _worth_an_update(alert: Alert, event: Event) -> bool:
    """The level rose, or the LLM's words arrived (for the alert's own event, or for a
    later camera of its incident)."""
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
        # the same picture for what cannot log in (a notification), for a while
        "picture_url": actions.picture_url(top.pk) if top else None,
        # made just after the event (events/clips.py); 404 for the seconds until it is
        "clip_url": settings.PUBLIC_URL + f"/api/events/{event.pk}/clip/"
        if settings.CLIPS_ENABLED and event.detections.exists()
        else None,
        "incident": incident_of(event),
    }


def incident_of(event: Event) -> dict | None:
    """The incident across cameras ``event`` is part of: its first event, and the cameras
    in the order they saw it (household/incidents.py links them)."""
    if event.incident_lead_id is None:
        return None
    path = Event.objects.filter(incident_lead=event.incident_lead_id).order_by("started_at", "pk")
    return {
        "first_event_id": event.incident_lead_id,
        "cameras": [name for (name,) in path.values_list("camera__name")],
    }


def keyed(data: dict, delivery: Delivery) -> dict:
    """The message as one delivery sends it: with its key and the alert's revision, the
    same on every attempt, so a receiver can drop a repeat."""
    return {**data, "delivery_key": str(delivery.key), "alert_revision": delivery.revision}


def _send(alert: Alert, event: Event, *, is_update: bool) -> None:
    data = message(alert, event, is_update=is_update)
    deliveries = [
        Delivery.objects.create(
            alert=alert,
            channel=channel,
            is_update=is_update,
            revision=alert.updates,
            event=None if event.pk == alert.event_id else event,
        )
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
    """A channel that fails is retried with exponential backoff (the delivery pending
    again, due when its retry is); after the last retry the delivery is dead-lettered,
    kept for a person to requeue. A channel resting behind its open circuit was not
    tried: the delivery waits for it without spending a retry, so the deliveries that
    come while a channel rests keep their retries for when it is tried again."""

    retry_backoff = 2
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = settings.ALERT_MAX_RETRIES
    ignore_result = True

    def backoff(self) -> int:
        return get_exponential_backoff_interval(
            self.retry_backoff, self.request.retries, self.retry_backoff_max, self.retry_jitter
        )

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        delivery_id = args[0] if args else kwargs.get("delivery_id")
        error = f"{type(exc).__name__}: {exc}"
        with transaction.atomic():  # dead, and its letter to requeue: seen together or not
            ours = Delivery.objects.filter(claims.still_ours(task_id), pk=delivery_id)
            if ours.update(status=Delivery.Status.DEAD, claimed_by="", last_error=error):
                attempts = Delivery.objects.get(pk=delivery_id).attempts
                dead_letter(self.name, [delivery_id], error, attempts)

    def reset_rows(self, delivery_id: int) -> None:
        """Before a requeue: the delivery is pending again, due now."""
        Delivery.objects.filter(pk=delivery_id).update(
            status=Delivery.Status.PENDING, claimed_by="", next_try_at=timezone.now()
        )


@shared_task(bind=True, base=DeliverTask)
def deliver(self, delivery_id: int) -> str:
    """Send one delivery, claimed first: a run of a delivery already sent, or being sent
    by another task, sends nothing."""
    delivery = claims.claim(delivery_id, self.request.id)
    if delivery is None:
        return "nothing to do: delivered, dead, being sent or gone"
    try:
        if delivery.alert_id is None:  # an operator alert, the digest: prepared
            senders.send_prepared(delivery)
        else:
            senders.send(delivery, *_alert_message(delivery))
    except transports.CircuitOpen as exc:
        claims.release(delivery_id, self.request.id, error=str(exc), retry_in=exc.retry_in,
                       tried=False)  # fmt: skip
        # Celery's own retry (eager runs, a publish that fails: rejected, left to the
        # reconciler), its count held where it was: this refusal was no try.
        self.request.retries -= 1
        raise self.retry(exc=exc, countdown=exc.retry_in) from None
    except transports.DeliveryError as exc:
        log.warning("delivery %s to %s failed: %s", delivery_id, delivery.channel, exc)
        if self.request.retries >= self.max_retries:
            raise  # on_failure: dead-lettered
        retry_in = self.backoff()
        claims.release(delivery_id, self.request.id, error=str(exc), retry_in=retry_in)
        raise self.retry(exc=exc, countdown=retry_in) from None
    claims.record(delivery_id)
    return "delivered"


def _alert_message(delivery: Delivery) -> tuple[dict, Path | None]:
    told = delivery.event_id or delivery.alert.event_id
    event = Event.objects.select_related("camera").get(pk=told)
    data = keyed(message(delivery.alert, event, is_update=delivery.is_update), delivery)
    thumbnail = Path(settings.MEDIA_ROOT) / data["thumbnail"] if data["thumbnail"] else None
    return data, thumbnail


def queue_prepared(purpose: str, prepared: dict, channels) -> list[Delivery]:
    """A message another app prepared (senders.send_prepared says its form), one keyed
    delivery per channel, each sent once the caller's transaction commits: retried with
    backoff, dead-lettered after its retries, caught up by reconcile_deliveries, as an
    alert's are."""
    with transaction.atomic():
        deliveries = [
            Delivery.objects.create(purpose=purpose, channel=channel, message=prepared)
            for channel in channels
        ]
        transaction.on_commit(lambda: _send_each(deliveries))
    return deliveries


def _send_each(deliveries: list[Delivery]) -> None:
    """Stored already: a broker away now is not the caller's failure (a retry of it would
    store them twice); reconcile_deliveries sends what could not be queued."""
    for delivery in deliveries:
        try:
            deliver.delay(delivery.pk)
        except BrokerError:
            log.warning("delivery %s stored, not queued (the broker is away)", delivery.pk)


# --- the reconcilers (beat): alert work whose message was lost ------------------------


@shared_task
def reconcile_evaluations(older_than: float = 60) -> int:
    """Hand to the rules again events whose verdict they never ran on. Returns how many."""
    waited = timedelta(seconds=older_than)
    found = reconcile.unevaluated_events(evaluate_event.name, older_than=waited)
    for event_id in found:
        evaluate_event.delay(event_id)
    return len(found)


@shared_task
def reconcile_deliveries(older_than: float = 60) -> int:
    """Send again deliveries overdue or left mid-send by a dead worker. Returns how many."""
    found = reconcile.stalled_deliveries(older_than=timedelta(seconds=older_than))
    for delivery_id in found:
        deliver.delay(delivery_id)
    return len(found)
