"""Periodic ingest upkeep (queue ``default``): the reconciler of pending uploads."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from detection.models import MediaFile
from detection.tasks import detect, max_attempts
from homesec.deadletters import dead_letter

from . import pipeline


@shared_task
def reconcile_pending(older_than: float | None = None) -> dict:
    """Enqueue again media whose work stalled (a broker message lost in a Redis restart,
    a worker killed hard); dead-letter those that have had all their attempts; and hand
    on again media detected whose detections never joined a batch."""
    now = timezone.now()
    waited = timedelta(
        seconds=settings.PENDING_TIMEOUT_SECONDS if older_than is None else older_than
    )
    # A file being processed may legitimately take up to the task time limit.
    running = max(waited, timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60))
    stalled = MediaFile.objects.filter(
        Q(state=MediaFile.State.PENDING, updated_at__lt=now - waited)
        | Q(state=MediaFile.State.PROCESSING, updated_at__lt=now - running)
    )
    requeued = failed = 0
    for media in stalled.only("pk", "state", "attempts", "updated_at", "last_error"):
        # Conditional on the row being unchanged, so a task that moves on wins.
        unchanged = MediaFile.objects.filter(pk=media.pk, updated_at=media.updated_at)
        if media.attempts >= max_attempts():
            error = media.last_error or "its worker never finished (killed or lost)"
            if unchanged.update(state=MediaFile.State.FAILED, last_error=error, updated_at=now):
                dead_letter(
                    detect.name,
                    [media.pk],
                    error,
                    media.attempts,
                    then=pipeline.after_detect(media.pk),
                )
                failed += 1
        elif unchanged.update(state=MediaFile.State.PENDING, claimed_by="", updated_at=now):
            pipeline.enqueue(media.pk)
            requeued += 1
    return {"requeued": requeued, "dead_lettered": failed, "rejoined": _rejoin(now - waited)}


REJOIN_WITHIN = timedelta(days=1)  # older detections without a batch: left alone


def _rejoin(before) -> int:
    """Media done before ``before`` (uploaded within a day of it) with detections outside
    every batch: their aggregate was lost. Running it again is harmless (it joins only what
    has no batch), and each is claimed by touching its row, so one still waiting in a busy
    queue is sent again once a pending timeout, not at every run of this reconciler. Older
    uploads are not brought back: they would join today's batch."""
    lost = (
        MediaFile.objects.filter(state=MediaFile.State.DONE, updated_at__lt=before)
        .filter(created_at__gte=before - REJOIN_WITHIN)
        .filter(detections__isnull=False, detections__batch=None)
        .values_list("pk", "updated_at")
        .distinct()
    )
    sent = 0
    for media_id, updated_at in lost:
        claim = MediaFile.objects.filter(pk=media_id, updated_at=updated_at)
        if claim.update(updated_at=timezone.now()):
            pipeline.resume_after_detect(media_id)
            sent += 1
    return sent
