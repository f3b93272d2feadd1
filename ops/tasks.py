from celery import shared_task

from homesec.recoverable import RecoverableTask

from . import retention, status


@shared_task
def cleanup() -> str:
    """Beat, daily: remove what is older than the retention days (ops/retention.py)."""
    return str(retention.cleanup())


@shared_task(ignore_result=True)
def collect_status() -> None:
    """Beat, every few seconds: the system status (ops/status.py)."""
    status.collect_and_publish()


class ExportTask(RecoverableTask):
    def reset_rows(self, job_id: str) -> None:
        """Before a requeue: the job pending again, its error gone."""
        from .models import ExportJob

        ExportJob.objects.filter(pk=job_id).exclude(status=ExportJob.Status.DONE).update(
            status=ExportJob.Status.PENDING, error="", progress=0
        )


@shared_task(ignore_result=True, base=ExportTask)
def run_export(job_id: str) -> None:
    """An export job (ops/exports.py), on the ``media`` queue; one that fails (not for its
    size) is dead-lettered, to requeue."""
    from . import exports
    from .models import ExportJob

    job = ExportJob.objects.filter(pk=job_id).exclude(status=ExportJob.Status.DONE).first()
    if job is not None:
        exports.run(job)


@shared_task
def expire_exports() -> int:
    """Beat, hourly: exports past their day removed, files and rows."""
    from . import exports

    return exports.expire()


@shared_task
def send_digest() -> int:
    """Beat, daily at HOMESEC_DIGEST_HOUR (local): the digest made, stored and sent."""
    from . import digest

    return digest.make().pk


@shared_task
def operator_alert(item: dict) -> int:
    """A metric turned critical (ops/performance.py): tell every alert channel."""
    from . import operator

    return operator.send(item)
