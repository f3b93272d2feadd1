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
def operator_alert(item: dict) -> int:
    """A metric turned critical (ops/performance.py): tell every alert channel."""
    from . import operator

    return operator.send(item)
