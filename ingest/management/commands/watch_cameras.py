import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from homesec.heartbeat import Heartbeat
from ingest.watcher import Watcher


class Command(BaseCommand):
    help = (
        "Watch the camera folders: each upload, once complete, becomes a MediaFile and "
        "its pipeline is enqueued. Uploads made while it was stopped are found at start."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--polling",
            action="store_true",
            default=None,
            help="poll instead of inotify (NFS/SMB/Docker Desktop); HOMESEC_WATCH_POLLING",
        )

    def handle(self, *args, polling, **options):
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        settings.CAMERA_ROOT.mkdir(parents=True, exist_ok=True)
        watcher = Watcher(polling=polling, heartbeat=Heartbeat.named("watcher"))
        self.stdout.write(f"watching {watcher.root}", ending="\n")
        self.stdout.flush()
        watcher.run(stop)
        counts = ", ".join(f"{n} {o.value}" for o, n in watcher.counts.items() if n)
        self.stdout.write(f"watcher stopped ({counts or 'nothing taken'})")
