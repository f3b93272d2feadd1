"""What happens to a recorded upload: the chain of tasks enqueued for it."""

import logging

from kombu.exceptions import OperationalError

log = logging.getLogger(__name__)


def enqueue(media_id: int) -> bool:
    """Enqueue the pipeline for one media file. False when the broker is unreachable:
    the row stays pending and the reconciler enqueues it again later."""
    from .tasks import detect

    try:
        detect.apply_async((media_id,), retry=False)
    except OperationalError as exc:
        log.warning("media %s recorded but not enqueued (%s); the reconciler will", media_id, exc)
        return False
    return True
