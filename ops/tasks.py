from celery import shared_task

from homesec.recoverable import RecoverableTask

from . import operator, retention, status, view_changes


@shared_task(base=RecoverableTask)
def cleanup() -> str:
    """Beat, daily: remove what is older than the retention days (ops/retention.py). A
    round that meets the database away, or a deadlock with a row being written that points
    at an expiring one (the soak met one), is retried with backoff, not left for a day."""
    return str(retention.cleanup())


@shared_task(base=RecoverableTask)
def operator_alert(item: dict) -> int:
    """A metric turned critical (ops/performance.py): a keyed delivery to every alert
    channel; the database away, retried with backoff, then dead-lettered."""
    return operator.send(item)


@shared_task(ignore_result=True)
def collect_status() -> None:
    """Beat, every few seconds: the system status (ops/status.py); a metric that turns
    critical is told to every alert channel, off this round (operator_alert); so is a
    camera whose view changed or came back (view_changes.py)."""
    status.collect_and_publish(critical=operator_alert.delay)
    view_changes.tell()  # a camera whose view changed, or came back
