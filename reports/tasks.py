from celery import shared_task
from django.db import transaction

from homesec.recoverable import RecoverableTask

from . import digest, exports
from .models import ExportJob


class ExportTask(RecoverableTask):
    def reset_rows(self, job_id: str) -> None:
        """Before a requeue: the job pending again, its error gone."""
        ExportJob.objects.filter(pk=job_id).exclude(status=ExportJob.Status.DONE).update(
            status=ExportJob.Status.PENDING, error="", progress=0
        )


@shared_task(ignore_result=True, base=ExportTask)
def run_export(job_id: str) -> None:
    """An export job (reports/exports.py), on the ``media`` queue; one that fails (not for
    its size) is dead-lettered, to requeue."""
    job = ExportJob.objects.filter(pk=job_id).exclude(status=ExportJob.Status.DONE).first()
    if job is not None:
        exports.run(job)


@shared_task
def expire_exports() -> int:
    """Beat, hourly: exports past their day removed, files and rows."""
    return exports.expire()


@shared_task
def send_digest() -> int:
    """Beat, daily at HOMESEC_DIGEST_HOUR (local): the digest made, stored and sent."""
    return digest.make().pk


def start_export(owner, export_format: str, filters: dict) -> ExportJob:
    """A new export (exports.create: Refused when this login may not), run on the media
    queue once its row is committed."""
    job = exports.create(owner, export_format, filters)
    transaction.on_commit(lambda: run_export.delay(str(job.pk)))
    return job
