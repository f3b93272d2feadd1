import logging

from .models import DeadLetter

log = logging.getLogger(__name__)


def dead_letter(task: str, args: list, error: str, attempts: int) -> DeadLetter:
    """Keep a job that failed its last retry, with its error, for a person to requeue."""
    log.error("dead-lettered %s%s after %d attempt(s): %s", task, tuple(args), attempts, error)
    return DeadLetter.objects.create(task=task, args=args, error=error, attempts=attempts)
