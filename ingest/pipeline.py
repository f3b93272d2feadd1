"""What happens to a recorded upload, declared in one place: its chain of stages.

    detect (queue detect: a detection worker, pinned to a GPU in production)
      | aggregate (queue analysis: the detections join their camera's open batch; a sure
                   person is judged at once by the fast path)

Beat closes due batches; each closed batch's chord (analysis/tasks.py) enriches every
detection and judges the batch, and the event is handed to the alert rules there.
"""

import logging

from celery import chain
from celery.canvas import Signature
from kombu.exceptions import OperationalError

from analysis.tasks import aggregate
from detection.tasks import detect

log = logging.getLogger(__name__)


def after_detect(media_id: int) -> list[Signature]:
    """The stages after ``detect`` (kept with a dead-lettered detect, run on requeue)."""
    return [aggregate.si(media_id)]


def resume_after_detect(media_id: int) -> None:
    """The stages after ``detect`` again, for a media file detected whose detections never
    joined a batch (the message between the two was lost with its worker or its broker)."""
    chain(*after_detect(media_id)).apply_async(retry=False)


def chain_for(media_id: int) -> Signature:
    return chain(detect.si(media_id), *after_detect(media_id))


def enqueue(media_id: int) -> bool:
    """Enqueue one media file's chain. False when the broker is unreachable: the row stays
    pending and the reconciler enqueues it again later."""
    try:
        chain_for(media_id).apply_async(retry=False)
    except OperationalError as exc:
        log.warning("media %s recorded but not enqueued (%s); the reconciler will", media_id, exc)
        return False
    return True
