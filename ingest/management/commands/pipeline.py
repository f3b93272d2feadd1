"""``manage.py pipeline``: the map of what happens to an upload (ingest/pipeline.py FLOW)."""

from django.core.management.base import BaseCommand

import celeryconfig
from ingest.pipeline import describe


class Command(BaseCommand):
    help = "Print the pipeline's map: each stage, what starts it, its queue, what it does."

    def handle(self, *args, **options):
        for line in describe(celeryconfig.task_routes):
            self.stdout.write(line)
