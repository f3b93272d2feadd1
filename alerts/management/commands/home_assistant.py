"""The Home Assistant bridge (alerts/ha_bridge.py): kept connected to the broker of the
first enabled MQTT channel; with none, it waits for one. SIGTERM or Ctrl-C stops it, and
it says ``offline`` first."""

import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from alerts.ha_bridge import Bridge, broker
from homesec.heartbeat import Heartbeat

log = logging.getLogger("alerts.ha_bridge")
WAIT_SECONDS = 30


class Command(BaseCommand):
    help = "Publish cameras, zones and the house mode to Home Assistant over MQTT."

    def handle(self, *args, **options):
        stop = threading.Event()
        for caught in (signal.SIGTERM, signal.SIGINT):
            signal.signal(caught, lambda *_: stop.set())
        heartbeat = Heartbeat.named("home-assistant")
        self.stdout.write("home assistant: started", ending="\n")
        self.stdout.flush()
        waiting = False
        while not stop.is_set():
            heartbeat.beat()
            close_old_connections()
            try:
                channel = broker()
            except DatabaseError as away:
                log.warning("home assistant: the database is away (%s); retrying", away)
                stop.wait(5)
                continue
            if channel is None:
                if not waiting:
                    log.info("home assistant: no MQTT channel yet; add one to publish to HA")
                waiting = True
                stop.wait(WAIT_SECONDS)
                continue
            waiting = False
            try:
                Bridge(channel).run(stop, heartbeat)
            except ValueError as refused:  # its broker's address is not allowed
                log.error("home assistant: %s", refused)
                stop.wait(WAIT_SECONDS)
