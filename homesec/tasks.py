from celery import shared_task

from . import retention


@shared_task
def cleanup() -> str:
    """Beat, daily: remove what is older than the retention days (homesec/retention.py)."""
    return str(retention.cleanup())
