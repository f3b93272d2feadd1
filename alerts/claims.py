"""A delivery's send is claimed before and recorded after, each a conditional update:
two runs of one delivery never both send, and the same task run again (its worker died
mid-send, or it is a retry) takes its own claim back and sends again, with the same key."""

from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from .models import Delivery

Status = Delivery.Status


def claim(delivery_id: int, task_id: str) -> Delivery | None:
    """Take the delivery for this task; None when it is delivered, dead, gone, or being
    sent by another task."""
    free = Q(status=Status.PENDING) | Q(status=Status.SENDING, claimed_by=task_id)
    taken = Delivery.objects.filter(free, pk=delivery_id).update(
        status=Status.SENDING,
        claimed_by=task_id,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not taken:
        return None
    return Delivery.objects.select_related("alert__rule", "channel").get(pk=delivery_id)


def release(delivery_id: int, task_id: str, *, error: str, retry_in: float,
            tried: bool = True) -> None:  # fmt: skip
    """The send failed (or, not ``tried``, the channel rested): pending again, due after
    ``retry_in`` seconds. A send not tried is no attempt."""
    Delivery.objects.filter(pk=delivery_id, status=Status.SENDING, claimed_by=task_id).update(
        status=Status.PENDING,
        claimed_by="",
        last_error=error,
        next_try_at=timezone.now() + timedelta(seconds=retry_in),
        attempts=F("attempts") - (0 if tried else 1),
    )


def record(delivery_id: int) -> None:
    """The channel took it: delivered, whoever holds the claim now (a slow send whose
    claim the reconciler took back still counts, and spares the receiver a repeat)."""
    Delivery.objects.filter(pk=delivery_id).exclude(status=Status.DELIVERED).update(
        status=Status.DELIVERED, delivered_at=timezone.now(), last_error=""
    )


def still_ours(task_id: str) -> Q:
    """The deliveries a failed task may mark dead: not sent, and not another's to send."""
    return Q(status=Status.PENDING) | Q(status=Status.SENDING, claimed_by=task_id)
