"""`manage.py web`: the site (pages, API, WebSockets) from several daphne processes on one
port. One daphne runs Django's views on one core; each listens on the port with a socket
of its own (SO_REUSEPORT) and the kernel spreads the connections over them. Live messages
reach every process through the Redis channel layer, so a browser's socket may land on
any. Each is daphne with request bodies bounded while they arrive (runner/daphne.py).

If one process exits, all stop and the command exits 1: `manage.py up` (or the
container's restart policy) starts it again whole. SIGTERM or SIGINT stop it."""

import http.client
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from runner import processes, tls

READY_TIMEOUT = 60


class Command(BaseCommand):
    help = "Serve pages, API and WebSockets from several daphne processes on one port."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=settings.BIND_ADDRESS)
        parser.add_argument("--port", type=int, default=settings.WEB_PORT)
        parser.add_argument(
            "--processes",
            dest="count",
            type=int,
            default=settings.WEB_PROCESSES,
            help="daphne processes (HOMESEC_WEB_PROCESSES)",
        )

    def handle(self, *args, bind: str, port: int, count: int, **options):
        if not 1 <= count <= 32:
            raise CommandError(f"--processes {count}: give 1 to 32")
        if not 0 <= port <= 65535:
            raise CommandError(f"--port {port}: give 0 to 65535 (0: any free port)")
        try:
            sockets = processes.listening_sockets(bind, port, count)
        except OSError as exc:
            raise CommandError(f"cannot listen on {bind}:{port}: {exc.strerror}") from exc
        stopping = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda signum, frame: stopping.append(signum))
        # Each daphne borrows database connections from a pool (see DATABASES in settings).
        env = {**os.environ, "HOMESEC_DB_POOL": os.environ.get("HOMESEC_DB_POOL", "on")}
        if tls.enabled():
            tls.pem_files()  # made once, here, before the daphnes read it
        children = [
            processes.spawn_attached(
                [sys.executable, "-m", "runner.daphne", *_listen(sock.fileno()),
                 "entry.asgi:application"], pass_fds=(sock.fileno(),), env=env)
            for sock in sockets
        ]  # fmt: skip
        port = sockets[0].getsockname()[1]
        for sock in sockets:  # each is its daphne's now: one that dies takes its own along
            sock.close()
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(bind, bind)
        try:
            self._serve(children, host, port, stopping)
        finally:
            for child in children:
                processes.stop(child, timeout=10)

    def _serve(self, children: list[subprocess.Popen], host: str, port: int, stopping: list):
        deadline = time.monotonic() + READY_TIMEOUT
        while not stopping and not _answers(host, port):
            _check(children)
            if time.monotonic() > deadline:
                raise CommandError(f"no daphne answered on port {port} in {READY_TIMEOUT} s")
            time.sleep(0.2)
        where = f"[{host}]" if ":" in host else host
        scheme = "https" if tls.enabled() else "http"
        self.stdout.write(
            f"web: serving {scheme}://{where}:{port}/ from {len(children)} daphne process(es)"
        )
        self.stdout.flush()
        while not stopping:
            _check(children)
            time.sleep(0.5)


def _check(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is not None:
            raise CommandError(
                f"daphne (pid {child.pid}) exited with code {child.returncode}; stopping the others"
            )


def _listen(fd: int) -> list[str]:
    """daphne's arguments for its socket: plain, or wrapped in TLS (runner/tls.py)."""
    return ["-e", f"{tls.ENDPOINT}{fd}"] if tls.enabled() else ["--fd", str(fd)]


def _answers(host: str, port: int) -> bool:
    """A daphne answers (any answer: the host may not be in ALLOWED_HOSTS)."""
    if tls.enabled():
        import ssl

        unverified = ssl._create_unverified_context()  # its own certificate, just made
        connection = http.client.HTTPSConnection(host, port, timeout=2, context=unverified)
    else:
        connection = http.client.HTTPConnection(host, port, timeout=2)
    try:
        connection.request("GET", "/health")
        connection.getresponse()
        return True
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()
