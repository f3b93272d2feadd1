"""Finding alert work whose message was lost (a Redis restart, a worker killed): each a
query on row state plus a claim, a conditional update, so a second run in a row finds
nothing to do. The tasks in tasks.py enqueue what these return."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from events.models import Event
from homesec.reconcile import BATCH, claim

from .models import Delivery

REQUEUE_AFTER = timedelta(minutes=5)  # an evaluation requeued waits this long for its turn
EVALUATE_WITHIN = timedelta(days=1)  # older events are not brought to the rules again


def unevaluated_events(task_name: str, *, older_than: timedelta) -> list[int]:
    """Events whose verdict the alert rules never ran on (never evaluated, or analysed
    again since) for ``older_than``, leaving alone those whose evaluation is dead-lettered
    (a person's to requeue). Claimed: each is requeued once per REQUEUE_AFTER."""
    now = timezone.now()
    unseen = Q(evaluated_at__isnull=True) | ~Q(evaluated_source=F("analysis_source"))
    found = Event.objects.filter(unseen).filter(
        updated_at__lt=now - older_than, updated_at__gte=now - EVALUATE_WITHIN
    )
    return claim(
        found.order_by("updated_at"),
        "evaluation_requeued_at",
        every=REQUEUE_AFTER,
        task_name=task_name,
    )


def stalled_deliveries(*, older_than: timedelta) -> list[int]:
    """Deliveries pending ``older_than`` past their due time (their message lost), or
    claimed for sending longer than a task may run (its worker died mid-send). Claimed:
    each is pending again and due now, so the next run leaves it alone."""
    now = timezone.now()
    sending_for = max(older_than, timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60))
    found = Delivery.objects.filter(
        Q(status=Delivery.Status.PENDING, next_try_at__lt=now - older_than)
        | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - sending_for)
    ).order_by("next_try_at")
    fields = ("pk", "status", "next_try_at", "claimed_at")
    return [row["pk"] for row in found.values(*fields)[:BATCH] if _take_back(row, now)]


def _take_back(row: dict, now: datetime) -> bool:
    unchanged = Delivery.objects.filter(**row)  # as read: a task that moved on wins
    return bool(unchanged.update(status=Delivery.Status.PENDING, claimed_by="", next_try_at=now))
