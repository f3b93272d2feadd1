"""Celery configuration: every queue declared, every route checked when Celery loads it.

Routes go by task name; a route to a queue that is not declared below, or a queue
that no worker group consumes, stops every worker at start-up with a message saying
which, instead of work piling up unseen in a queue nobody reads.
"""

from celery.schedules import crontab
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

QUEUES = ("detect", "fast", "analysis", "llm", "default", "media")

task_queues = tuple(Queue(name, routing_key=name) for name in QUEUES)
task_default_queue = "default"
task_create_missing_queues = False

# Every task by its exact name (no patterns: renaming a task must not move it to another
# queue unnoticed). A task missing here fails the test that compares this table with
# Celery's registry (tests/homesec/test_celery.py).
task_routes = {
    "detection.tasks.detect": {"queue": "detect"},
    # What a new event waits on: taken before anything else its worker consumes.
    "analysis.tasks.aggregate": {"queue": "fast"},
    "analysis.tasks.fast_path": {"queue": "fast"},
    "analysis.tasks.close_due_batches": {"queue": "fast"},
    "analysis.tasks.pass_llm_deadlines": {"queue": "fast"},
    "analysis.tasks.enrich_detection": {"queue": "analysis"},
    "analysis.tasks.analyze_batch": {"queue": "analysis"},
    "analysis.tasks.ask_llm": {"queue": "llm"},
    "analysis.tasks.analyze_fallbacks": {"queue": "llm"},
    "alerts.tasks.evaluate_event": {"queue": "default"},
    "alerts.tasks.deliver": {"queue": "default"},
    "alerts.tasks.reconcile_evaluations": {"queue": "default"},
    "alerts.tasks.reconcile_deliveries": {"queue": "default"},
    "events.tasks.broadcast_event": {"queue": "default"},
    "ingest.tasks.reconcile_pending": {"queue": "default"},
    "ops.tasks.cleanup": {"queue": "default"},
    "ops.tasks.collect_status": {"queue": "default"},
    # Media work made after the fact (clips, exports): never in the way of an event.
    "events.tasks.make_clip": {"queue": "media"},
    "reports.tasks.run_export": {"queue": "media"},
    "reports.tasks.expire_exports": {"queue": "default"},
    "reports.tasks.send_digest": {"queue": "default"},
    "reports.tasks.reconcile_digest": {"queue": "default"},
    "reports.tasks.reconcile_exports": {"queue": "default"},
    "events.tasks.reconcile_clips": {"queue": "default"},
    "ops.tasks.operator_alert": {"queue": "default"},
}

# One worker family per kind of work; `manage.py up` and compose.yaml start these.
# The detect and llm workers hold one message at a time: their tasks are long and a
# prefetched message would wait behind the GPU or the LLM instead of going elsewhere.
# A worker takes from its queues in the order listed (``queue_order_strategy`` below):
# the analysis worker takes what a new event waits on (``fast``: a photo joining its
# batch, the fast path, batches closing), then alerts (``default``), then the batches'
# faces and plates (``analysis``), and holds no message beyond the ones it runs, so a
# burst of enrichment never stands between an upload and its first event or alert.
# A detect worker that takes several uploads at once (HOMESEC_DETECT_UPLOADS_AT_ONCE, on a
# GPU) runs them as threads of one process sharing one model (detection/batcher.py).
_uploads_at_once = settings.DETECT_UPLOADS_AT_ONCE
worker_groups = {
    "detect": {
        "queues": ["detect"],
        "concurrency": _uploads_at_once,
        "prefetch_multiplier": 1,
        "pool": "threads" if _uploads_at_once > 1 else "prefork",
    },
    "analysis": {
        "queues": ["fast", "default", "analysis"],
        "concurrency": 2,
        "prefetch_multiplier": 1,
    },
    "llm": {"queues": ["llm"], "concurrency": 1, "prefetch_multiplier": 1},
    "media": {"queues": ["media"], "concurrency": 1, "prefetch_multiplier": 1},
}


def check_routes(routes: dict, queues: tuple[str, ...], groups: dict) -> None:
    declared = set(queues)
    for name, route in routes.items():
        if any(char in name for char in "*?["):
            raise ImproperlyConfigured(
                f"celeryconfig: the route {name!r} is a pattern; name each task exactly"
            )
        queue = route["queue"] if isinstance(route, dict) else route
        if queue not in declared:
            raise ImproperlyConfigured(
                f"celeryconfig: the route {name!r} sends tasks to queue {queue!r}, which "
                f"is not declared (declared: {', '.join(queues)})"
            )
    consumed = set()
    for name, group in groups.items():
        unknown = set(group["queues"]) - declared
        if unknown:
            raise ImproperlyConfigured(
                f"celeryconfig: worker group {name!r} consumes undeclared queue(s) "
                f"{', '.join(sorted(unknown))}"
            )
        consumed.update(group["queues"])
    if declared - consumed:
        raise ImproperlyConfigured(
            "celeryconfig: no worker group consumes queue(s) "
            + ", ".join(sorted(declared - consumed))
        )


check_routes(task_routes, QUEUES, worker_groups)

broker_url = settings.REDIS_URL
broker_connection_retry_on_startup = True
broker_transport = "homesec.broker:Transport"  # Redis, repaired: see homesec/broker.py
broker_transport_options = {
    "visibility_timeout": settings.CELERY_VISIBILITY_TIMEOUT,
    # Look for messages abandoned by a killed worker every 10 s, not every 100 s.
    "unacked_restore_throttle": 1,
    # Each worker's queues in the order its group lists them, not in turn (worker_groups).
    "queue_order_strategy": "priority",
}
result_backend = settings.REDIS_URL  # chords need a result backend
result_backend_transport_options = {"visibility_timeout": settings.CELERY_VISIBILITY_TIMEOUT}
result_expires = settings.CELERY_RESULT_EXPIRES

task_serializer = "json"
result_serializer = "json"
accept_content = ["json"]
result_accept_content = ["json"]

# A task is acknowledged when it has finished, and given back if its worker dies:
# a killed worker loses nothing (every task is written to be safe to run twice).
task_acks_late = True
task_reject_on_worker_lost = True
worker_prefetch_multiplier = 1
task_time_limit = settings.CELERY_TASK_TIME_LIMIT
task_soft_time_limit = settings.CELERY_TASK_SOFT_TIME_LIMIT
task_track_started = True

# Database connections are kept between tasks, as Django keeps them between requests
# (CONN_MAX_AGE, health-checked before reuse: homesec/celery.py). Celery's Django fix-up
# would otherwise close them after every task, and a new PostgreSQL connection (a server
# process and a SCRAM login) cost more than the task: three a photo, bench/scale.py.
# It still closes them every this many tasks.
CELERY_DB_REUSE_MAX = 500

# Task events for Flower.
worker_send_task_events = True
task_send_sent_event = True

timezone = settings.TIME_ZONE
# Beat touches RUN_DIR/heartbeats/beat on every tick (compose's health check reads its
# age); it ticks at least every 30 s whatever the schedule.
beat_scheduler = "homesec.heartbeat:HeartbeatScheduler"
beat_max_loop_interval = 30
beat_schedule = {
    "close-due-batches": {
        "task": "analysis.tasks.close_due_batches",
        "schedule": settings.BATCH_CHECK_SECONDS,
    },
    "llm-deadlines": {
        "task": "analysis.tasks.pass_llm_deadlines",
        "schedule": settings.BATCH_CHECK_SECONDS,
        "options": {"expires": settings.BATCH_CHECK_SECONDS},
    },
    "reanalyze-fallbacks": {
        "task": "analysis.tasks.analyze_fallbacks",
        "schedule": settings.REANALYZE_SECONDS,
        "options": {"expires": settings.REANALYZE_SECONDS},  # runs do not pile up
    },
    "retention": {
        "task": "ops.tasks.cleanup",
        "schedule": crontab(hour=settings.RETENTION_HOUR, minute=0),
    },
    "system-status": {
        "task": "ops.tasks.collect_status",
        "schedule": settings.SYSTEM_STATUS_INTERVAL_SECONDS,
        "options": {"expires": settings.SYSTEM_STATUS_INTERVAL_SECONDS},  # no backlog
    },
    "reconcile-pending": {
        "task": "ingest.tasks.reconcile_pending",
        "schedule": settings.RECONCILE_INTERVAL_SECONDS,
    },
    # Alert work whose message was lost: events the rules never saw, deliveries overdue.
    "reconcile-evaluations": {
        "task": "alerts.tasks.reconcile_evaluations",
        "schedule": settings.RECONCILE_INTERVAL_SECONDS,
        "options": {"expires": settings.RECONCILE_INTERVAL_SECONDS},  # runs do not pile up
    },
    "reconcile-deliveries": {
        "task": "alerts.tasks.reconcile_deliveries",
        "schedule": settings.RECONCILE_INTERVAL_SECONDS,
        "options": {"expires": settings.RECONCILE_INTERVAL_SECONDS},
    },
    # Media work whose message was lost: clips never made, exports never run.
    "reconcile-clips": {
        "task": "events.tasks.reconcile_clips",
        "schedule": settings.RECONCILE_INTERVAL_SECONDS,
        "options": {"expires": settings.RECONCILE_INTERVAL_SECONDS},
    },
    "reconcile-exports": {
        "task": "reports.tasks.reconcile_exports",
        "schedule": settings.RECONCILE_INTERVAL_SECONDS,
        "options": {"expires": settings.RECONCILE_INTERVAL_SECONDS},
    },
    "expire-exports": {
        "task": "reports.tasks.expire_exports",
        "schedule": 3600,
        "options": {"expires": 3600},
    },
    "daily-digest": {
        "task": "reports.tasks.send_digest",
        "schedule": crontab(hour=settings.DIGEST_HOUR, minute=0),
    },
    "reconcile-digest": {
        "task": "reports.tasks.reconcile_digest",
        "schedule": crontab(minute=30),
        "options": {"expires": 3600},
    },
}
