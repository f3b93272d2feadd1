"""The Celery app. Its configuration, queues and routes live in celeryconfig.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homesec.settings")

app = Celery("homesec")
app.config_from_object("celeryconfig")
app.autodiscover_tasks()
