"""Builders for the alert tests: events as the analysis leaves them, rules, and a real
webhook receiver."""

import contextlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from alerts.models import AlertRule, Channel
from alerts.transports import SIGNATURE_HEADER, sign
from detection.models import Detection
from events.models import Event
from runner import processes
from tests import factories


def judged(cam, *, score=70, label="person", zone=None, source="rules", summary=None) -> Event:
    """An event as the analysis leaves it, its detection standing in ``zone``."""
    media = factories.processed_upload(cam, label=label)
    detection = Detection.objects.get(media=media)
    if zone:
        Detection.objects.filter(pk=detection.pk).update(zones=[[zone.name, zone.kind]])
    event = Event.objects.create(
        camera=cam,
        started_at=timezone.now(),
        risk_score=score,
        analysis_source=source,
        summary=summary or f"{label.capitalize()} at {cam.name}",
        reasoning="seen at night",
    )
    event.detections.set([detection])
    return event


def rule(name="Anyone, high", **conditions) -> AlertRule:
    cameras, zones, channels = (conditions.pop(k, []) for k in ("cameras", "zones", "channels"))
    made = AlertRule.objects.create(name=name, **conditions)
    made.cameras.set(cameras)
    made.zones.set(zones)
    made.channels.set(channels)
    return made


class WebhookReceiver:
    """A real HTTP server that checks the signature; it can fail on purpose first. It
    keeps the bodies it accepted and the headers of every signed request."""

    def __init__(self):
        self.failures_left = 0
        self.accepted: list[dict] = []
        self.headers: list[dict] = []  # of every correctly signed request, accepted or not
        self.requests = 0
        self.bad_signatures = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests += 1
                secret = Channel.objects.get(target=receiver.url).secret
                connection.close()  # this request's thread ends: no connection left open
                if self.headers[SIGNATURE_HEADER] != sign(secret, body):
                    receiver.bad_signatures += 1
                    self.send_response(401)
                    self.end_headers()
                    return
                receiver.headers.append(dict(self.headers))
                if receiver.failures_left > 0:
                    receiver.failures_left -= 1
                    self.send_response(503)
                else:
                    receiver.accepted.append(json.loads(body))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/homesec"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def wait_for(self, count: int, timeout: float = 20) -> bool:
        return processes.wait_until(lambda: len(self.accepted) >= count, timeout=timeout)


@contextlib.contextmanager
def before_migration(app: str, previous: str):
    """The database as it was at ``app``'s migration ``previous`` (the migrations of other
    apps that need later ones of ``app`` unapplied too): yields the models of then, to
    make rows with; migrated forward on exit."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([(app, previous)])  # and back every migration that depends on later ones
    loader = MigrationExecutor(connection).loader
    then = [key for key in loader.applied_migrations if key in loader.graph.nodes]  # not squashed
    try:
        yield executor.loader.project_state(then).apps
    finally:  # a failing test must not leave the database of then to the tests after it
        MigrationExecutor(connection).migrate(latest)
