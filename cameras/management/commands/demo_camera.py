import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from cameras import demo


class Command(BaseCommand):
    help = (
        f"Feed the demo camera: real photos into '{demo.FOLDER}/' under the camera root, "
        "one every HOMESEC_DEMO_INTERVAL_SECONDS, HOMESEC_DEMO_PHOTOS in all; then idle."
    )

    def handle(self, *args, **options):
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        self.stdout.write(f"demo camera feeding {settings.CAMERA_ROOT / demo.FOLDER}")
        self.stdout.flush()
        sent = demo.feed(stop, interval=settings.DEMO_INTERVAL_SECONDS, count=settings.DEMO_PHOTOS)
        if not stop.is_set():
            self.stdout.write(f"demo camera: {sent} photo(s) sent; idle until stopped")
            self.stdout.flush()
        stop.wait()  # stays up, so the runner does not take it for a crash
