"""Celery's limits (celeryconfig.py reads these) and the retries of the pipeline's tasks."""

from django.core.exceptions import ImproperlyConfigured

from .env import env_int

TOPIC = "Celery"

CELERY_VISIBILITY_TIMEOUT = env_int(
    "HOMESEC_CELERY_VISIBILITY_TIMEOUT",
    3600,
    lo=10,
    help="an unacknowledged message is handed to another worker after this many seconds; "
    "longer than the task time limit",
)
CELERY_TASK_TIME_LIMIT = env_int(
    "HOMESEC_CELERY_TASK_TIME_LIMIT", 300, lo=1, help="seconds a task may run before it is killed"
)
CELERY_TASK_SOFT_TIME_LIMIT = env_int(
    "HOMESEC_CELERY_TASK_SOFT_TIME_LIMIT",
    240,
    lo=1,
    help="seconds before a task is asked to stop; shorter than the time limit",
)
CELERY_RESULT_EXPIRES = env_int(
    "HOMESEC_CELERY_RESULT_EXPIRES",
    3600,
    lo=60,
    help="seconds task results are kept in Redis; a chord reads its parts' within seconds, "
    "and a batch whose chord never completes is judged again by the stale-batch path",
)
if CELERY_TASK_SOFT_TIME_LIMIT >= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "HOMESEC_CELERY_TASK_SOFT_TIME_LIMIT must be shorter than HOMESEC_CELERY_TASK_TIME_LIMIT"
    )
if CELERY_VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    # A message whose task is still running must not be handed to a second worker.
    raise ImproperlyConfigured(
        "HOMESEC_CELERY_VISIBILITY_TIMEOUT must be longer than HOMESEC_CELERY_TASK_TIME_LIMIT"
    )
TASK_MAX_RETRIES = env_int(
    "HOMESEC_TASK_MAX_RETRIES",
    3,
    lo=0,
    hi=20,
    help="retries of a failed detection or alert-evaluation task; then it is dead-lettered",
)
