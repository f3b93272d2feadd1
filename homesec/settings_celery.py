"""Celery's limits (celeryconfig.py reads these) and logging. Imported by homesec/settings.py."""

from django.core.exceptions import ImproperlyConfigured

from .env import env_choice, env_int

CELERY_VISIBILITY_TIMEOUT = env_int("HOMESEC_CELERY_VISIBILITY_TIMEOUT", 3600, lo=10)
CELERY_TASK_TIME_LIMIT = env_int("HOMESEC_CELERY_TASK_TIME_LIMIT", 300, lo=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("HOMESEC_CELERY_TASK_SOFT_TIME_LIMIT", 240, lo=1)
CELERY_RESULT_EXPIRES = env_int("HOMESEC_CELERY_RESULT_EXPIRES", 86400, lo=60)
if CELERY_TASK_SOFT_TIME_LIMIT >= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "HOMESEC_CELERY_TASK_SOFT_TIME_LIMIT must be shorter than HOMESEC_CELERY_TASK_TIME_LIMIT"
    )
if CELERY_VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    # A message whose task is still running must not be handed to a second worker.
    raise ImproperlyConfigured(
        "HOMESEC_CELERY_VISIBILITY_TIMEOUT must be longer than HOMESEC_CELERY_TASK_TIME_LIMIT"
    )

LOG_LEVEL = env_choice(
    "HOMESEC_LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "homesec.logformat.OneLineFormatter",  # control characters escaped
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s",
        }
    },
    "filters": {"request_id": {"()": "homesec.requestid.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        },
        # Structured lines into PostgreSQL, in batches (homesec/logbuffer.py; HOMESEC_LOG_DB).
        "database": {"class": "homesec.logbuffer.DatabaseHandler", "level": LOG_LEVEL},
    },
    "root": {"handlers": ["console", "database"], "level": LOG_LEVEL},
    # One line per LLM request is noise; failures are logged by the LLM client itself.
    "loggers": {"httpx": {"level": "WARNING"}},
}
