"""Requeue a dead-lettered job: its task is found in Celery's registry by the name the
row keeps, the task puts its rows back as they were before the first try (``reset_rows``,
where the task has one), and the job runs again with the rest of its chain."""

import logging

from celery import chain, signature

from homesec.celery import app
from homesec.models import DeadLetter

log = logging.getLogger(__name__)


class UnknownTask(LookupError):
    """The row names a task this install no longer has."""


def requeue(letter: DeadLetter) -> str:
    """Run a dead-lettered job again from the start, and forget the letter. The letter is
    taken first, so two requeues of it (a double click) run the job once."""
    app.loader.import_default_modules()  # every app's tasks, as a worker has them
    task = app.tasks.get(letter.task)
    if task is None:
        raise UnknownTask(f"no task named {letter.task!r} in this install; discard the letter")
    if not DeadLetter.objects.filter(pk=letter.pk).delete()[0]:
        return ""  # another requeue or a discard took it
    reset = getattr(task, "reset_rows", None)
    if reset is not None:
        reset(*letter.args)
    job = task.si(*letter.args)
    if letter.then:
        job = chain(job, *(signature(step, app=app) for step in letter.then))
    result = job.apply_async()
    log.info("requeued %s%s as %s", letter.task, tuple(letter.args), result.id)
    return result.id
