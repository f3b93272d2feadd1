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


RETRY_UNSENT_SECONDS = 2.0
_unsent: set[int] = set()  # recorded here, refused by the broker: sent again when it is back
_next_retry = 0.0


def enqueue(media_id: int) -> bool:
    """Enqueue one media file's chain. False when the broker is unreachable: the row stays
    pending, and ``send_unsent`` (the watcher, every step) sends it once the broker is
    back; the reconciler remains the net for a process that died meanwhile."""
    try:
        chain_for(media_id).apply_async(retry=False)
    except OperationalError as exc:
        log.warning("media %s recorded but not enqueued (%s); sent when the broker is back",
                    media_id, exc)  # fmt: skip
        _unsent.add(media_id)
        return False
    _unsent.discard(media_id)
    return True


def send_unsent(now: float) -> int:
    """Enqueue again, at most every 2 s, what this process could not; how many went."""
    global _next_retry
    if not _unsent or now < _next_retry:
        return 0
    _next_retry = now + RETRY_UNSENT_SECONDS
    sent = 0
    for media_id in sorted(_unsent):
        if not enqueue(media_id):
            break  # still down: the rest wait for the next try
        sent += 1
    if sent:
        log.info("broker back: %d upload(s) enqueued", sent)
    return sent
