"""One open batch per camera: detections join it; a timeout closes it."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from detection.models import Batch
from homesec.deadletters import dead_letter

STALE_ANALYSIS = timedelta(minutes=2)  # a closed batch still not analysed: analyse again
ANALYSIS_ATTEMPTS = 5  # tries after the first before a batch is dead-lettered


def join_batch(media) -> Batch | None:
    """Put the media's detections in its camera's open batch, opening one if needed. Safe
    to run twice: detections that joined a batch stay in it, and that batch is returned."""
    detections = media.detections.all()
    joined = detections.exclude(batch=None).values_list("batch_id", flat=True).first()
    if joined is not None:
        return Batch.objects.filter(pk=joined).first()
    if not detections.exists():
        return None
    for _ in range(3):
        now = timezone.now()
        try:
            with transaction.atomic():
                batch = (
                    Batch.objects.select_for_update()
                    .filter(camera_id=media.camera_id, state=Batch.State.OPEN)
                    .first()
                )
                if batch is None:
                    batch = Batch.objects.create(
                        camera_id=media.camera_id, opened_at=now, last_activity_at=now
                    )
                else:
                    Batch.objects.filter(pk=batch.pk).update(last_activity_at=now)
                detections.filter(batch=None).update(batch=batch)
                return batch
        except IntegrityError:
            continue  # another worker opened this camera's batch first: join that one
    raise RuntimeError(f"could not join a batch for camera {media.camera_id}")


def close_due(now=None) -> list[int]:
    """Close batches past their window or idle timeout; return their ids."""
    now = now or timezone.now()
    due = Batch.objects.filter(state=Batch.State.OPEN).filter(
        Q(opened_at__lte=now - timedelta(seconds=settings.BATCH_WINDOW_SECONDS))
        | Q(last_activity_at__lte=now - timedelta(seconds=settings.BATCH_IDLE_TIMEOUT_SECONDS))
    )
    closed = []
    for batch_id in due.values_list("pk", flat=True):
        # Conditional: waits for a detection joining right now, then includes it.
        if Batch.objects.filter(pk=batch_id, state=Batch.State.OPEN).update(
            state=Batch.State.CLOSED, closed_at=now
        ):
            closed.append(batch_id)
    return closed


def stale(now=None, *, waiting: int = 0) -> list[int]:
    """Closed batches still not analysed after a while (a message lost, a worker
    killed, an error), each claimed for one more try, the tries spaced out (2, 4, 8, 16,
    32 min). A batch that has had them all is dead-lettered and marked failed.

    While ``waiting`` messages wait in the analysis queue, none is: behind a backlog a
    batch is late, not lost, and launching it again would only add to the backlog (the
    2-hour soak saw each batch analysed 2.3 times over, and the queue grow without end).
    Its tries are kept for when the queue is empty."""
    if waiting:
        return []
    now = now or timezone.now()
    # The fast path may have made its event already: that one still waits for the analysis.
    due = Batch.objects.filter(
        state=Batch.State.CLOSED, closed_at__lte=now - STALE_ANALYSIS
    ).filter(Q(next_try_at__isnull=True) | Q(next_try_at__lte=now))
    relaunch = []
    for batch_id, attempts in due.values_list("pk", "attempts")[:100]:
        claim = Batch.objects.filter(pk=batch_id, state=Batch.State.CLOSED, attempts=attempts)
        if attempts >= ANALYSIS_ATTEMPTS:
            with transaction.atomic():
                if claim.update(state=Batch.State.FAILED):
                    dead_letter(
                        "analysis.tasks.analyze_batch",
                        [[], batch_id],
                        "its analysis never completed",
                        attempts,
                    )
        elif claim.update(attempts=attempts + 1, next_try_at=now + STALE_ANALYSIS * 2**attempts):
            relaunch.append(batch_id)
    return relaunch
