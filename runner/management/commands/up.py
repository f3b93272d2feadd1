import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from runner.supervisor import Runner


class Command(BaseCommand):
    help = (
        "Start everything on this machine: embedded PostgreSQL and Redis (unless "
        "DATABASE_URL / REDIS_URL are set), migrations, the admin login, daphne, the Celery "
        "workers, beat, the camera watcher and Flower. Ctrl-C stops it all."
    )
    requires_system_checks = []

    def handle(self, *args, **options):
        sys.exit(Runner(settings.RUN_DIR).run())
