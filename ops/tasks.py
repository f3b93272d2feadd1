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
