"""Detection tasks (queue ``detect``). Every task takes an id and is safe to run twice."""

import logging

from celery import shared_task
from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from .models import MediaFile

log = logging.getLogger(__name__)


def claim(media_id: int, task_id: str) -> MediaFile | None:
    """Take a media file for this task. The same message delivered again (its worker
    died) may take it back; any other task finds it taken and leaves it."""
    claimed = (
        MediaFile.objects.filter(pk=media_id)
        .filter(
            Q(state=MediaFile.State.PENDING)
            | Q(state=MediaFile.State.PROCESSING, claimed_by=task_id)
        )
        .update(
            state=MediaFile.State.PROCESSING,
            claimed_by=task_id,
            attempts=F("attempts") + 1,
            updated_at=timezone.now(),
        )
    )
    return MediaFile.objects.filter(pk=media_id).first() if claimed else None


# Its outcome is written to the database; a stored result would only cost a round trip.
@shared_task(bind=True, ignore_result=True)
def detect(self, media_id: int) -> str:
    media = claim(media_id, self.request.id)
    if media is None:
        return "skipped: already taken or gone"
    log.debug("detecting on %s (attempt %d)", media.path, media.attempts)
    MediaFile.objects.filter(pk=media.pk, claimed_by=self.request.id).update(
        state=MediaFile.State.DONE, last_error="", updated_at=timezone.now()
    )
    return "done"


def max_attempts() -> int:
    return settings.TASK_MAX_RETRIES + 1
