"""Real receivers for the alert tests: a webhook server, an SMTP server, an MQTT broker,
an HTTPS push service."""

import contextlib
import ssl
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer

import pytest

from alerts.tasks import deliver
from runner import processes, tls
from tests.servers import RUN_DIR


@pytest.fixture
def quick_retries(monkeypatch):
    monkeypatch.setattr(deliver, "retry_backoff", 1)
    monkeypatch.setattr(deliver, "retry_jitter", False)
    monkeypatch.setattr(deliver, "max_retries", 3)


@pytest.fixture
def smtp_inbox(settings) -> list:
    """A real SMTP server (aiosmtpd) on a free loopback port, and the messages it got."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received: list = []

    class Inbox(Message):
        def handle_message(self, message):
            received.append(message)

    port = processes.free_port()
    smtp = Controller(Inbox(), hostname="127.0.0.1", port=port)
    smtp.start()
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # not the test outbox
    yield received
    smtp.stop()


@contextlib.contextmanager
def amqtt(port: int, auth: str):
    """A real MQTT broker (amqtt) on loopback ``port`` with the authentication plugin
    ``auth`` (its YAML, under ``plugins:``); yields once it accepts connections."""
    config = RUN_DIR / f"amqtt-{port}.yaml"
    config.write_text(
        f"listeners:\n  default:\n    type: tcp\n    bind: 127.0.0.1:{port}\nplugins:\n{auth}"
    )
    broker = subprocess.Popen(
        [sys.executable, "-m", "amqtt.scripts.broker_script", "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert processes.wait_until(lambda: processes.accepts_connections(port), timeout=20)
        yield port
    finally:
        processes.stop(broker)


@pytest.fixture
def mqtt_broker():
    """A real MQTT broker (amqtt) on a free loopback port, open to anyone."""
    anyone = "  amqtt.plugins.authentication.AnonymousAuthPlugin:\n    allow_anonymous: true\n"
    with amqtt(processes.free_port(), anyone) as port:
        yield port


@pytest.fixture
def tls_push_service(tmp_path, monkeypatch):
    """Starts a push service (an HTTPS server on loopback, its certificate made here and
    trusted by requests) for a handler class; returns (server, its https origin)."""
    pem = tmp_path / "push-service.pem"
    pem.write_text(tls.self_signed())
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(pem))  # what pywebpush's requests trusts
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pem)
    started = []

    def start(handler) -> tuple[ThreadingHTTPServer, str]:
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return server, f"https://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in started:
        server.shutdown()
