"""What happens to a recorded upload, declared in one place: ``FLOW`` below names every
stage, what starts it and how, and ``chain_for`` is the chain each upload starts with.
``python manage.py pipeline`` prints the map (docs/architecture.md shows it); the tests
check it against Celery's registry, celeryconfig's routes and beat schedule, and the code
(tests/ingest/test_pipeline_map.py).
"""

import logging
from dataclasses import dataclass

from celery import chain
from celery.canvas import Signature
from kombu.exceptions import OperationalError

from analysis.tasks import aggregate
from detection.tasks import detect

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stage:
    task: str  # its Celery name
    after: tuple[str, ...]  # what starts it: "upload", "beat", or the tasks that send it
    how: str  # "chain" (the upload's), "delay", "chord" (one task per detection, then the body)
    what: str


UPLOAD, BEAT = "upload", "beat"
# Where an event or its update leaves analysis (analysis/tasks.py _publish).
PUBLISHERS = (
    "analysis.tasks.fast_path",
    "analysis.tasks.analyze_batch",
    "analysis.tasks.ask_llm",
    "analysis.tasks.pass_llm_deadlines",
    "analysis.tasks.analyze_fallbacks",
)
FLOW = (
    Stage("detection.tasks.detect", (UPLOAD,), "chain",
          "the upload's objects and thumbnails, on a detection worker"),
    Stage("analysis.tasks.aggregate", ("detection.tasks.detect",), "chain",
          "the detections join their camera's open batch"),
    Stage("analysis.tasks.fast_path", ("analysis.tasks.aggregate",), "delay",
          "a sure person is judged at once: the batch's first event"),
    Stage("analysis.tasks.close_due_batches", (BEAT,), "beat",
          "batches past their window or idle time close (and stale ones are tried again)"),
    Stage("analysis.tasks.enrich_detection", ("analysis.tasks.close_due_batches",), "chord",
          "zones, a face, a plate for each of the batch's detections"),
    Stage("analysis.tasks.analyze_batch", ("analysis.tasks.close_due_batches",), "chord",
          "the chord's body: the scorer's verdict, the event published"),
    Stage("analysis.tasks.ask_llm", ("analysis.tasks.analyze_batch",), "delay",
          "the LLM's verdict updates the event"),
    Stage("analysis.tasks.pass_llm_deadlines", (BEAT,), "beat",
          "past the LLM's deadline the scorer's verdict is final"),
    Stage("analysis.tasks.analyze_fallbacks", (BEAT,), "beat",
          "events the LLM never judged are asked again"),
    Stage("alerts.tasks.evaluate_event", PUBLISHERS, "delay",
          "each published event or update meets the alert rules"),
    Stage("alerts.tasks.deliver", ("alerts.tasks.evaluate_event",), "delay",
          "one alert to one channel, retried, then dead-lettered"),
    Stage("events.tasks.make_clip", PUBLISHERS, "delay", "the event's clip, once the event is out"),
)  # fmt: skip


def describe(routes: dict) -> list[str]:
    """The map, a line a stage: what starts it, the task, its queue, what it does."""
    lines = []
    for stage in FLOW:
        short = ", ".join(a.rpartition(".")[2] for a in stage.after)
        queue = routes[stage.task]["queue"]
        name = stage.task.rpartition(".")[2]
        lines.append(f"{short} → {name} ({stage.how}, queue {queue}): {stage.what}")
    return lines


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
        log.warning(
            "media %s recorded but not enqueued (%s); sent when the broker is back", media_id, exc
        )
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
