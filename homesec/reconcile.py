"""Finding work whose message was lost (a Redis restart, a worker killed): a query on row
state, then a claim — a conditional update of the row's ``requeued`` time — so a second
run in a row finds nothing, and each row is requeued at most once per ``every``. A row
whose job is dead-lettered is left alone: it is a person's to requeue."""

from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import DeadLetter

BATCH = 100  # rows taken per run: a long outage is caught up over a few runs


def dead_lettered(task_name: str) -> set:
    """The first argument of each dead letter of this task (its row's key)."""
    letters = DeadLetter.objects.filter(task=task_name).values_list("args", flat=True)
    return {args[0] for args in letters if args}


def claim(rows: QuerySet, requeued: str, *, every: timedelta, task_name: str) -> list:
    """The keys of ``rows`` (in their order) not requeued within ``every`` and not
    dead-lettered under ``task_name``, each claimed: its ``requeued`` field set to now."""
    now = timezone.now()
    free = Q(**{f"{requeued}__isnull": True}) | Q(**{f"{requeued}__lt": now - every})
    found = rows.filter(free).exclude(pk__in=dead_lettered(task_name))
    model = rows.model.objects
    return [
        pk
        for pk, seen in found.values_list("pk", requeued)[:BATCH]
        if model.filter(pk=pk, **{requeued: seen}).update(**{requeued: now})
    ]
