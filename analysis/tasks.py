"""Batching and analysis tasks. What a new event waits on (``aggregate``, ``fast_path``,
``close_due_batches``, ``pass_llm_deadlines``) runs on the ``fast`` queue, which the
analysis worker takes first; ``enrich_detection`` and ``analyze_batch`` on ``analysis``;
``ask_llm`` and ``analyze_fallbacks`` (which ask the LLM) on ``llm``. No event waits on the
LLM: each is published from the scorer and the LLM's verdict updates it."""

import logging
from datetime import timedelta

from celery import Task, chord, shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from redis.exceptions import RedisError

from alerts.tasks import evaluate_event
from cameras.models import Zone
from detection.models import Batch, Detection, MediaFile
from events.broadcast import EVENTS_GROUP, event_payload, publish
from events.models import Event
from events.tasks import make_clip
from homesec import metrics
from homesec.recoverable import RecoverableTask
from homesec.store import redis_client
from household import incidents
from household.models import Household

from . import batching, prompt_versions, screening, vision
from .enrich import enrich
from .facts import batch_facts
from .judge import judge
from .zones import zones_of

log = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def aggregate(media_id: int) -> None:
    """A media file's detections join their camera's batch; a sure person is judged now.
    The second link of each upload's chain (ingest/pipeline.py): it acts only on a media
    file whose detection is done, so a chain whose ``detect`` found the file taken by
    another run leaves it to that run's chain."""
    media = MediaFile.objects.filter(pk=media_id, state=MediaFile.State.DONE).first()
    batch = media and batching.join_batch(media)
    if batch is None:
        return
    fast = media.detections.filter(
        object_type__in=settings.FAST_PATH_OBJECT_TYPES,
        confidence__gte=Household.current().fast_path_confidence,
    )
    if fast.exists() and not Event.objects.filter(batch=batch).exists():
        fast_path.delay(batch.pk)


@shared_task(ignore_result=True)
def close_due_batches() -> list[int]:
    """Beat: close batches past their window or idle time, and launch each one's chord."""
    closed = batching.close_due()
    for batch_id in closed + batching.stale(waiting=analyses_waiting()):
        launch_analysis(batch_id)
    return closed


def analyses_waiting() -> int:
    """Messages in the analysis queue (the Redis list the broker keeps); 0 if unknown."""
    try:
        return int(redis_client().llen("analysis"))  # type: ignore[arg-type]
    except RedisError:
        return 0


def launch_analysis(batch_id: int) -> None:
    detection_ids = list(Detection.objects.filter(batch_id=batch_id).values_list("pk", flat=True))
    if detection_ids:
        chord(enrich_detection.s(pk) for pk in detection_ids)(analyze_batch.s(batch_id))
    else:
        analyze_batch.delay([], batch_id)


@shared_task(base=RecoverableTask)
def enrich_detection(detection_id: int) -> dict:
    """Which zones the object stands in; a person's face, a vehicle's plate (enrich.py).
    The database or the broker away: retried with backoff, then dead-lettered (the batch
    is tried again later, close_due_batches' stale ones); any other error is logged and
    the batch judged with what it has."""
    try:
        detection = Detection.objects.select_related("media").filter(pk=detection_id).first()
        if detection is None:  # removed meanwhile (retention, a re-run): nothing to add
            return {"detection": detection_id, "gone": True}
        zones = Zone.objects.filter(camera_id=detection.camera_id)
        found = zones_of(detection, zones, detection.media.width, detection.media.height)
        Detection.objects.filter(pk=detection_id).update(zones=found)
        return {"detection": detection_id, "zones": found, **enrich(detection)}
    except RecoverableTask.autoretry_for:
        raise  # retried
    except Exception as exc:  # the body must run with what it has
        log.exception("could not enrich detection %s", detection_id)
        return {"detection": detection_id, "error": str(exc)}


class AnalyzeTask(Task):
    def reset_rows(self, enriched: list, batch_id: int) -> None:
        """A dead-lettered batch, requeued by a person: closed again, its tries anew."""
        Batch.objects.filter(pk=batch_id, state=Batch.State.FAILED).update(
            state=Batch.State.CLOSED, attempts=0, next_try_at=None
        )


@shared_task(base=AnalyzeTask)
def analyze_batch(enriched: list, batch_id: int) -> int | None:
    """The chord's body: the batch's event now, from the explainable scorer (it never
    waits on the LLM); when the LLM is on, ``ask_llm`` brings its verdict after."""
    batch = Batch.objects.select_related("camera").filter(pk=batch_id).first()
    if batch is None or batch.state == Batch.State.ANALYZED:
        return None
    event = _judge_and_record(batch, ask_llm=False, analyzed=True)
    if event is not None and settings.LLM_ENABLED:
        ask_llm.delay(batch_id)
    return event.pk if event else None


def _link_incidents(event: Event) -> None:
    """The same person or plate on other cameras minutes apart: one incident (incidents.py)."""
    try:
        incidents.link(event)
    except Exception:  # the event stands without its incident
        log.exception("could not link event %s into an incident", event.pk)


@shared_task
def ask_llm(batch_id: int) -> int | None:
    """The LLM's verdict on an analysed batch updates its event, even past the deadline;
    when the LLM gives none, the scorer's verdict stands (``fallback``) and the
    re-analysis beat asks again once the LLM answers."""
    event = Event.objects.filter(batch_id=batch_id, batch__state=Batch.State.ANALYZED).first()
    if event is None or event.analysis_source == Event.Source.LLM:
        return None
    answered = _judge_and_record(event.batch, ask_llm=True, llm_only=True)
    if answered is None:
        _scorer_is_final(event.pk)
    return event.pk


@shared_task(ignore_result=True)
def pass_llm_deadlines() -> int:
    """Beat: events still waiting for the LLM past HOMESEC_LLM_DEADLINE_SECONDS after
    their batch closed keep the scorer's verdict (rules waiting for the AI alert now)."""
    late = Event.objects.filter(
        analysis_source=Event.Source.RULES,
        batch__state=Batch.State.ANALYZED,
        batch__closed_at__lte=timezone.now() - timedelta(seconds=settings.LLM_DEADLINE_SECONDS),
    )
    return sum(_scorer_is_final(pk) for pk in late.values_list("pk", flat=True)[:100])


def _scorer_is_final(event_id: int) -> bool:
    """The LLM did not answer (in time): the event is marked so and published once more."""
    if not Event.objects.filter(pk=event_id, analysis_source=Event.Source.RULES).update(
        analysis_source=Event.Source.FALLBACK, updated_at=timezone.now()
    ):
        return False  # the LLM answered first, or another run marked it
    _publish(Event.objects.get(pk=event_id), updated=True)
    return True


@shared_task
def fast_path(batch_id: int) -> int | None:
    """An event for the batch now, judged by the scorer, while the batch is still open;
    the batch's analysis updates it when the batch closes. Its people's zones and faces
    are found first (bounded like the chord's, and not done twice), so a known face
    lowers the first verdict and an incident across cameras is linked before it alerts."""
    batch = Batch.objects.select_related("camera").filter(pk=batch_id).first()
    if batch is None or Event.objects.filter(batch=batch).exists():
        return None
    people = Detection.objects.filter(batch=batch, object_type="person")
    for pk in people.values_list("pk", flat=True):  # zones and faces first: who it is, where
        enrich_detection(pk)
    event = _judge_and_record(batch, ask_llm=False)
    return event.pk if event else None


REANALYZE_WITHIN = timedelta(days=1)


@shared_task
def analyze_fallbacks(limit: int = 10) -> int:
    """Beat: the newest events the fallback judged (last day) are judged again by the LLM
    once it answers; each change is published. Stops at the first one it cannot judge."""
    if not settings.LLM_ENABLED:
        return 0
    waiting = Event.objects.filter(
        analysis_source=Event.Source.FALLBACK,
        batch__state=Batch.State.ANALYZED,
        started_at__gte=timezone.now() - REANALYZE_WITHIN,
    ).select_related("batch__camera")
    judged = 0
    for event in waiting.order_by("-started_at")[:limit]:
        if _judge_and_record(event.batch, ask_llm=True, llm_only=True) is None:
            break
        judged += 1
    return judged


def _judge_and_record(
    batch: Batch, *, ask_llm: bool, llm_only: bool = False, analyzed: bool = False
) -> Event | None:
    """Judge the batch and create or update its event. ``llm_only``: keep the event as it
    is unless the LLM answered. ``analyzed``: the batch is marked analysed with it."""
    detections = list(
        Detection.objects.filter(batch=batch).select_related("media").order_by("detected_at")
    )
    counted = screening.screen(batch.camera, detections)  # what the zones let count
    if not counted:
        if analyzed:
            Batch.objects.filter(pk=batch.pk).update(state=Batch.State.ANALYZED)
        return None
    frames = vision.images(counted) if ask_llm else []  # HOMESEC_LLM_VISION=on
    verdict = judge(batch_facts(batch.camera, counted), ask_llm=ask_llm, images=frames)
    if llm_only and verdict["analysis_source"] != Event.Source.LLM:
        return None
    fields = {
        **verdict,
        "prompt_version": prompt_versions.current(),  # its text kept in PostgreSQL
        "started_at": counted[0].detected_at,
        "ended_at": counted[-1].detected_at,
        "labels": " ".join(sorted({d.object_type for d in counted})),
    }
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(batch=batch).first()
        if event is None:
            try:
                with transaction.atomic():
                    event = Event.objects.create(
                        camera=batch.camera, batch=batch, is_fast_path=not analyzed, **fields
                    )
            except IntegrityError:
                return None  # the other path made it first; it will be updated on close
            updated = False
        else:
            for name, value in fields.items():
                setattr(event, name, value)
            event.save()
            updated = True
        event.detections.set(counted)  # the filtered stay on their batch (event page)
        if analyzed:
            Batch.objects.filter(pk=batch.pk).update(state=Batch.State.ANALYZED)
    if not llm_only:  # the LLM's words change no face or plate: the links stand
        _link_incidents(event)  # before the alert rules see it: one alert per incident
    _publish(event, updated=updated)
    return event


def _publish(event: Event, *, updated: bool) -> None:
    """To the dashboards, and to the alert rules: where an event leaves analysis."""
    if not updated:
        metrics.EVENTS.labels(event.risk_level).inc()
        if event.ended_at:
            metrics.STAGE_SECONDS.labels("event").observe(
                (timezone.now() - event.ended_at).total_seconds()
            )
    try:
        publish(EVENTS_GROUP, "event_updated" if updated else "event", event_payload(event))
    except Exception:  # a dashboard missing a push must not lose the event: it is stored
        log.exception("could not publish event %s", event.pk)
    evaluate_event.delay(event.pk)
    if settings.CLIPS_ENABLED:  # after the event is out: the clip never delays it
        make_clip.delay(event.pk)
