"""The Celery app. Its configuration, queues and routes live in celeryconfig.py."""

import os

from celery import Celery
from celery.signals import beat_init, celeryd_init

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
