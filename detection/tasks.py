"""Detection tasks (queue ``detect``). Every task takes an id and is safe to run twice.

``detect`` is the first link of each upload's chain (ingest/pipeline.py); it never
names the stage after it."""

import logging
import os

from celery import Task, shared_task
from celery.signals import celeryd_after_setup, worker_process_init
from celery.worker.control import inspect_command
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from homesec import metrics
from homesec.deadletters import dead_letter, rest_of_chain

from . import backends, detector, view
from .batcher import Batcher
from .images import BadMedia
from .models import MediaFile

log = logging.getLogger(__name__)


def max_attempts() -> int:
    return settings.TASK_MAX_RETRIES + 1


def claim(media_id: int, task_id: str) -> MediaFile | None:
    """Take a media file for this task. The same message delivered again (its worker
    died, or it is a retry) may take it back; any other task finds it taken."""
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
    return (
        MediaFile.objects.select_related("camera").filter(pk=media_id).first() if claimed else None
    )


class DetectTask(Task):
    """Detector errors are retried with exponential backoff and jitter; after the last
    retry, or on any other error, the media file fails and the job is dead-lettered."""

    autoretry_for = (backends.DetectorError,)
    retry_backoff = 2
    retry_backoff_max = 120
    retry_jitter = True
    max_retries = settings.TASK_MAX_RETRIES
    ignore_result = True  # the outcome is in the database

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        error = f"{type(exc).__name__}: {exc}"
        media_id = args[0] if args else kwargs.get("media_id")
        with transaction.atomic():  # failed, and its letter to requeue: seen together or not
            failed = MediaFile.objects.filter(pk=media_id, claimed_by=task_id).update(
                state=MediaFile.State.FAILED, last_error=error, updated_at=timezone.now()
            )
            if failed:
                attempts = MediaFile.objects.get(pk=media_id).attempts
                then = rest_of_chain(self.request)
                dead_letter(self.name, [media_id], error, attempts, then=then)
        if failed:
            metrics.ERRORS.labels("detector").inc()

    def reset_rows(self, media_id: int) -> None:
        """Before a requeue: the media file waits again, with all its attempts."""
        MediaFile.objects.filter(pk=media_id).update(
            state=MediaFile.State.PENDING, attempts=0, claimed_by="", updated_at=timezone.now()
        )


@shared_task(bind=True, base=DetectTask)
def detect(self, media_id: int) -> str:
    media = claim(media_id, self.request.id)
    if media is None:
        # Done already (this message came again after its commit) or taken by another run:
        # return all the same, so the chain goes on (aggregate joins only what is done).
        return "skipped: already done, taken or gone"
    try:
        found = detector.find(media, _batcher or backends.get())
    except BadMedia as exc:
        # The watcher decoded it, yet the detector cannot read it: say why and move on.
        MediaFile.objects.filter(pk=media.pk, claimed_by=self.request.id).update(
            state=MediaFile.State.REJECTED, last_error=str(exc), updated_at=timezone.now()
        )
        return f"rejected: {exc}"
    count = detector.store(media, found, self.request.id)
    if media.camera.watch_view:
        _check_view(media, found[0].image)
    metrics.STAGE_SECONDS.labels("detection").observe(
        (timezone.now() - media.created_at).total_seconds()
    )
    return f"{count} detection(s)"


def _check_view(media: MediaFile, image) -> None:
    """Is the camera still seeing its normal view (view.py)? Never in the way of detection."""
    try:
        view.check(media, image)
    except Exception:
        log.exception("could not check the view of upload %s", media.pk)


# --- one model per worker process, reported to whoever asks ---------------------------

_consumes_detect = False
_batcher: Batcher | None = None  # a worker of several uploads at once: their shared call


@celeryd_after_setup.connect
def _note_queues(sender, instance, **kwargs):
    """A detect worker of threads (HOMESEC_DETECT_UPLOADS_AT_ONCE > 1) shares one model in
    its one process: loaded and warmed up now, with the batcher its tasks share."""
    global _consumes_detect, _batcher
    _consumes_detect = "detect" in instance.app.amqp.queues.consume_from
    pool = getattr(instance.pool_cls, "__module__", str(instance.pool_cls))
    if _consumes_detect and "thread" in pool.lower():
        try:
            backend = _load_detector()
        except Exception:  # its threads must not share a model half set up: start again
            log.exception("detect worker: the detector could not be loaded; ending")
            logging.shutdown()
            os._exit(1)
        _batcher = Batcher(
            backend,
            size=instance.concurrency,
            wait=settings.DETECT_GATHER_MS / 1000,
            limit=settings.CELERY_TASK_TIME_LIMIT,
        )


@worker_process_init.connect
def _load_in_each_process(**kwargs):
    """Each pool process of a detection worker loads the model once and warms it up, before
    any task."""
    if _consumes_detect:
        _load_detector()


def _load_detector() -> backends.Backend:
    backend = backends.get()
    seconds = backends.warm_up(backend)
    log.info(
        "detection worker ready: %s (%s) on %s, batch %d, warmed up in %.1f s",
        backend.name,
        backend.model,
        backend.device,
        backend.batch,
        seconds,
    )
    return backend


@inspect_command(name="detector")
def report_detector(state) -> dict:
    """``celery inspect detector``: which model this worker runs, on which device."""
    import os

    return {
        "consumes_detect": _consumes_detect,
        "backend": settings.DETECTOR,
        "model": settings.DETECTOR_MODEL or "built-in",
        "device": settings.DETECTOR_DEVICE,
        "cuda_visible_devices": os.environ.get("CUDA_VISIBLE_DEVICES"),
    }
