"""The Celery app. Its configuration, queues and routes live in celeryconfig.py."""

import os

from celery import Celery
from celery.signals import (
    after_setup_logger,
    after_setup_task_logger,
    beat_init,
    celeryd_init,
    task_postrun,
    task_prerun,
)

from . import requestid  # noqa: F401  (request ids carried into tasks)
from .env import prepare_run_dir

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homesec.settings")

app = Celery("homesec")
app.config_from_object("celeryconfig")
app.autodiscover_tasks()


@celeryd_init.connect
@beat_init.connect
def _prepare(**kwargs):
    """The metrics folder (and the secret key) before a worker or beat starts its work."""
    prepare_run_dir()


@task_prerun.connect
@task_postrun.connect
def _database_between_tasks(sender=None, **kwargs):
    """Between tasks as between requests: a connection past CONN_MAX_AGE, or one an error
    left unusable, is closed; the next is health-checked before it is used. (Not for a
    task run in the caller's process, whose connection is the caller's.)"""
    from django.db import close_old_connections

    if not getattr(getattr(sender, "request", None), "is_eager", False):
        close_old_connections()


@after_setup_logger.connect
@after_setup_task_logger.connect
def _log_to_database(logger=None, **kwargs):
    """Celery replaced the root's handlers: the structured log's goes back on (and on the
    task logger, which does not pass its lines up)."""
    from .logbuffer import install

    install(logger)
