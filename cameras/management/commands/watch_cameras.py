import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Watch the camera folders for uploads (placeholder until the ingest work lands)."

    def handle(self, *args, **options):
        root = settings.CAMERA_ROOT
        root.mkdir(parents=True, exist_ok=True)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        self.stdout.write(f"watching {root} (ingest is not implemented yet)", ending="\n")
        self.stdout.flush()
        stop.wait()
        self.stdout.write("watcher stopped")
