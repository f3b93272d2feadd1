from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from homesec.reconcile import claim
from homesec.recoverable import RecoverableTask

from . import digest, exports
from .models import ExportJob


class ExportTask(RecoverableTask):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """After its last retry: dead-lettered, and the job failed with why (its owner
        sees it; a requeue runs it again)."""
        super().on_failure(exc, task_id, args, kwargs, einfo)
        ExportJob.objects.filter(pk=args[0], status=ExportJob.Status.RUNNING).update(
            status=ExportJob.Status.FAILED, error=f"The export failed: {exc}"
        )

    def reset_rows(self, job_id: str) -> None:
        """Before a requeue: the job pending again, its error gone."""
        ExportJob.objects.filter(pk=job_id).exclude(status=ExportJob.Status.DONE).update(
            status=ExportJob.Status.PENDING, error="", progress=0, started_at=None
        )


@shared_task(bind=True, ignore_result=True, base=ExportTask)
def run_export(self, job_id: str) -> None:
    """An export job (reports/exports.py), on the ``media`` queue, claimed first: a job
    done, failed for its size, or running in another task is left alone; this task's own
    run (a retry, or its message given back when its worker died) is taken back. One that
    fails (not for its size) is dead-lettered, to requeue."""
    now, task_id = timezone.now(), self.request.id or ""
    dead = Q(started_at__lt=now - RUN_AT_MOST) | Q(started_at__isnull=True)
    if task_id:  # run as a task (not called here and now): its own run is its to take back
        dead |= Q(run_by=task_id)
    free = Q(status=ExportJob.Status.PENDING) | (Q(status=ExportJob.Status.RUNNING) & dead)
    claimed = ExportJob.objects.filter(free, pk=job_id).update(
        status=ExportJob.Status.RUNNING, started_at=now, run_by=task_id
    )
    if claimed:
        exports.run(ExportJob.objects.get(pk=job_id))


# A run still "running" this long after its start was killed with its worker: the task's
# time limit ended it by then.
RUN_AT_MOST = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
REQUEUE_AFTER = timedelta(minutes=5)


@shared_task(ignore_result=True)
def reconcile_exports(older_than: float = 60) -> int:
    """Beat: run again exports waiting ``older_than`` seconds whose message was lost, or
    left running by a worker that died; claimed, each requeued once per REQUEUE_AFTER; a
    dead-lettered one is a person's to requeue. Returns how many."""
    now = timezone.now()
    lost = Q(status=ExportJob.Status.PENDING, created_at__lt=now - timedelta(seconds=older_than))
    stale = Q(started_at__lt=now - RUN_AT_MOST) | Q(started_at__isnull=True)  # or before 0002
    died = Q(status=ExportJob.Status.RUNNING) & stale
    found = ExportJob.objects.filter(lost | died, expires_at__gt=now).order_by("created_at")
    jobs = claim(found, "requeued_at", every=REQUEUE_AFTER, task_name=run_export.name)
    for job_id in jobs:
        run_export.delay(str(job_id))
    return len(jobs)


@shared_task
def expire_exports() -> int:
    """Beat, hourly: exports past their day removed, files and rows."""
    return exports.expire()


@shared_task(base=RecoverableTask)
def send_digest() -> int | None:
    """Beat, daily at HOMESEC_DIGEST_HOUR (local): the digest made, stored and sent, once
    (a retry or a requeue makes none twice); the database away, retried with backoff,
    then dead-lettered."""
    made = digest.make_due()
    return made.pk if made else None


@shared_task(base=RecoverableTask)
def reconcile_digest() -> int | None:
    """Beat, hourly: the digest the system was down for at its hour, up to
    digest.CATCH_UP late."""
    made = digest.make_due(catch_up=digest.CATCH_UP)
    return made.pk if made else None


def start_export(owner, export_format: str, filters: dict) -> ExportJob:
    """A new export (exports.create: Refused when this login may not), run on the media
    queue once its row is committed."""
    job = exports.create(owner, export_format, filters)
    transaction.on_commit(lambda: run_export.delay(str(job.pk)))
    return job
