import logging

from .models import DeadLetter

log = logging.getLogger(__name__)


def dead_letter(task: str, args: list, error: str, attempts: int) -> DeadLetter:
    """Keep a job that failed its last retry, with its error, for a person to requeue."""
    log.error("dead-lettered %s%s after %d attempt(s): %s", task, tuple(args), attempts, error)
    return DeadLetter.objects.create(task=task, args=args, error=error, attempts=attempts)


def requeue(letter: DeadLetter) -> str:
    """Run a dead-lettered job again from the start, and forget the letter."""
    from homesec.celery import app

    reset = _RESETS.get(letter.task)
    if reset:
        reset(*letter.args)
    result = app.send_task(letter.task, args=letter.args)
    log.info("requeued %s%s as %s", letter.task, tuple(letter.args), result.id)
    letter.delete()
    return result.id


def _reset_media(media_id: int) -> None:
    from detection.models import MediaFile

    MediaFile.objects.filter(pk=media_id).update(state=MediaFile.State.PENDING, attempts=0)


def _reset_delivery(delivery_id: int) -> None:
    from alerts.models import Delivery

    Delivery.objects.filter(pk=delivery_id).update(status=Delivery.Status.PENDING)


# What a job's rows must look like again before it runs afresh.
_RESETS = {"detection.tasks.detect": _reset_media, "alerts.tasks.deliver": _reset_delivery}
