from celery import shared_task

from . import retention, status


@shared_task
def cleanup() -> str:
    """Beat, daily: remove what is older than the retention days (ops/retention.py)."""
    return str(retention.cleanup())


@shared_task(ignore_result=True)
def collect_status() -> None:
    """Beat, every few seconds: the system status (ops/status.py)."""
    status.collect_and_publish()


@shared_task(ignore_result=True)
def run_export(job_id: str) -> None:
    """An export job (ops/exports.py), on the ``media`` queue."""
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
