"""Jobs that are never lost silently: the database or the broker away, a job is retried with
exponential backoff and jitter; after its last retry, or on any other error, it is kept as
a dead letter for a person to requeue (``/api/dead-letters/``, the admin). A task that
puts its rows back before a requeue defines ``reset_rows(*args)`` (ops/deadletters.py)."""

from celery import Task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from .deadletters import dead_letter


class RecoverableTask(Task):
    autoretry_for = (OperationalError, InterfaceError, BrokerError)
    retry_backoff = 2
    retry_backoff_max = 120
    retry_jitter = True
    max_retries = settings.TASK_MAX_RETRIES

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        error = f"{type(exc).__name__}: {exc}"
        dead_letter(self.name, [*args, *kwargs.values()], error, self.request.retries + 1)
