"""Dead letters: jobs that failed their last retry, kept as rows for a person to requeue
(ops/deadletters.py runs them again)."""

import logging

from .models import DeadLetter

log = logging.getLogger(__name__)


def dead_letter(
    task: str, args: list, error: str, attempts: int, *, then: list | None = None
) -> DeadLetter:
    """Keep a job that failed its last retry, with its error. ``then``: the signatures of
    its chain still to run after it (``rest_of_chain``), run again with it on requeue."""
    log.error("dead-lettered %s%s after %d attempt(s): %s", task, tuple(args), attempts, error)
    return DeadLetter.objects.create(
        task=task, args=args, error=error, attempts=attempts, then=[dict(s) for s in then or []]
    )


def rest_of_chain(request) -> list[dict]:
    """The signatures a chain still holds after the task of ``request``, in running order
    (Celery keeps them reversed)."""
    return list(reversed(request.chain or []))
