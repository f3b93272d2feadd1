"""`manage.py up`: start everything homesec needs on one machine, and keep it running.

Order: the embedded PostgreSQL and Redis (unless DATABASE_URL / REDIS_URL point
elsewhere) and llama-server (with HOMESEC_LLM=local, unless HOMESEC_LLM_URL), migrations,
the first admin login, then the site (`manage.py web`: daphne processes on one port),
one Celery worker per queue family (celeryconfig.worker_groups), beat, the camera
watcher, the FTP server and Flower.
Children log to ``RUN_DIR/logs/NAME.log``; the runner prints what starts, where and
how long it took. A child that exits is reported with the end of its log and
restarted with backoff. SIGINT, SIGTERM or SIGHUP stop everything, servers last.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from homesec.env import generated_secret

from . import embedded, processes, summary
from .runstate import AlreadyRunning, RunState
from .summary import relative

READY_TIMEOUT = 120
STOP_TIMEOUT = 20
STABLE_AFTER = 60  # a child that ran this long before exiting starts its backoff afresh
STARTERS = {
    "postgres": embedded.start_postgres,
    "redis": embedded.start_redis,
    "llm": embedded.start_llm,
}


def worker_argv(name: str, group: dict) -> list[str]:
    """The command line of one Celery worker of ``celeryconfig.worker_groups``."""
    return [
        sys.executable, "-m", "celery", "-A", "homesec", "worker", "-n", f"{name}@%h",
        "-Q", ",".join(group["queues"]), "-c", str(group["concurrency"]),
        "-P", group.get("pool", "prefork"),
        "--prefetch-multiplier", str(group["prefetch_multiplier"]), "-l", "INFO",
        # Gossip and mingle (workers watching each other) serve nothing here, and gossip's
        # restart after a lost broker fails with an AttributeError in Celery 5.7.
        "--without-gossip", "--without-mingle",
    ]  # fmt: skip


class RunnerError(RuntimeError):
    """Start-up cannot go on; the message says why and what to do."""


class Stopping(Exception):
    """A stop was asked for while starting."""


@dataclass
class Child:
    name: str
    argv: list[str]
    ready_text: str | None = None  # appears in its log once it is ready...
    port: int | None = None  # ...or it accepts connections on this port
    url: str | None = None
    env: dict[str, str] | None = None  # on top of the runner's environment
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    failures: int = 0
    restart_at: float = 0.0
    log_start: int = 0


class Runner:
    def __init__(self, run_dir: Path, out=None):
        self.run_dir = run_dir
        self.logs = run_dir / "logs"
        self.out = out or sys.stdout
        self.env = {**os.environ, "HOMESEC_RUN_DIR": str(run_dir), "PYTHONUNBUFFERED": "1"}
        # Every process writes its metrics here; /metrics sums them (homesec/metrics.py).
        self.env.setdefault("PROMETHEUS_MULTIPROC_DIR", str(run_dir / "metrics"))
        self.servers: list[embedded.Server] = []
        self.children: list[Child] = []
        self.urls: dict[str, str] = {}
        self.stop_requested = False
        self.server_retry_at = 0.0
        self.state = RunState(run_dir)

    # --- the whole life ---------------------------------------------------------

    def run(self) -> int:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, self._request_stop)
        try:
            self.state.lock()
        except AlreadyRunning as exc:
            self.say(f"✗ {exc}")
            return 1
        code = 0
        try:
            self.start()
            while not self.stop_requested:
                self.step()
                time.sleep(0.5)
        except Stopping:
            pass
        except (RunnerError, embedded.EmbeddedError) as exc:
            self.say(f"✗ {exc}")
            code = 1
        finally:
            self.stop()
        return code

    def start(self) -> None:
        began = time.monotonic()
        self._write_state(ready=False)  # replaces what a killed run may have left
        self.say(f"homesec: starting in {self.run_dir} (Ctrl-C stops everything)")
        self._start_servers()
        self._manage(["migrate", "--noinput"], "database migrated")
        self._manage(["ensure_admin"], None)
        self._fresh_metrics()
        self.children = self._plan()
        for child in self.children:
            self._launch(child)
        self._wait_ready()
        self._write_state(ready=True)
        self._summary(time.monotonic() - began)

    def step(self) -> bool:
        """Supervise once: report and restart what exited. True when something restarted."""
        now = time.monotonic()
        restarted = self._restart_servers(now)
        for child in self.children:
            if child.process is not None and child.process.poll() is not None:
                self._report_exit(child, now)
            if child.process is None and now >= child.restart_at:
                self._launch(child)
                self.say(f"↻ {child.name} restarted")
                restarted = True
        if restarted:
            self._write_state(ready=True)
        return restarted

    def stop(self) -> None:
        began = time.monotonic()
        running = [c for c in self.children if c.process and c.process.poll() is None]
        if running or self.servers:
            self.say("stopping: " + ", ".join([c.name for c in running] + self._server_names()))
        for child in running:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child.process.pid, signal.SIGTERM)
        deadline = began + STOP_TIMEOUT
        for child in running:
            try:
                child.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(f"  ! {child.name} did not stop within {STOP_TIMEOUT} s: killed")
        for child in self.children:
            if child.process is not None:
                processes.kill_group(child.process.pid)  # pool workers and other leftovers
                child.process.wait()
        for server in reversed(self.servers):
            server.stop()
        (self.run_dir / "services.json").unlink(missing_ok=True)
        self.state.remove()
        self.say(f"homesec stopped in {time.monotonic() - began:.1f} s; nothing left running.")

    # --- start-up steps ---------------------------------------------------------

    def _start_servers(self) -> None:
        for name, env_var, start in self._servers_to_start():
            if os.environ.get(env_var):
                self.say(f"  · {name:<12} from {env_var}")
                continue
            began = time.monotonic()
            try:
                server = start(self.run_dir)
            except embedded.EmbeddedError as exc:
                if start is not embedded.start_llm:
                    raise
                # No LLM is no reason to stay blind: the explainable scorer judges instead.
                self.say(f"  ! LLM not started: {exc}\n    events are judged by the rules alone")
                self.env["HOMESEC_LLM"] = "off"
                continue
            self.servers.append(server)
            self.env[env_var] = server.url
            self._check_stop()
            where = f"127.0.0.1:{server.port}  data {relative(server.data_dir)}"
            self.say(f"  ✓ {name:<12} {where:<44} {time.monotonic() - began:5.1f} s")
        services = self.run_dir / "services.json"
        services.write_text(
            json.dumps(
                {
                    "database_url": self.env["DATABASE_URL"],
                    "redis_url": self.env["REDIS_URL"],
                    "llm_url": self.env.get("HOMESEC_LLM_URL"),
                }
            )
        )
        services.chmod(0o600)

    def _servers_to_start(self) -> list[tuple]:
        servers = [
            ("PostgreSQL", "DATABASE_URL", embedded.start_postgres),
            ("Redis", "REDIS_URL", embedded.start_redis),
        ]
        if settings.LLM_MODE == "local":  # `auto` asks only a server named to it
            servers.append(("LLM", "HOMESEC_LLM_URL", embedded.start_llm))
        return servers

    def _manage(self, args: list[str], done: str | None) -> None:
        began = time.monotonic()
        result = subprocess.run(
            [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
            env=self.env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
        )
        self._check_stop()
        if result.returncode != 0:
            raise RunnerError(
                f"`manage.py {' '.join(args)}` failed:\n{result.stdout}{result.stderr}".rstrip()
            )
        text = done or result.stdout.strip().splitlines()[-1]
        self.say(f"  ✓ {text:<57} {time.monotonic() - began:5.1f} s")

    def _plan(self) -> list[Child]:
        from celeryconfig import worker_groups

        py, host = sys.executable, settings.BIND_ADDRESS
        web_port = self._port(settings.WEB_PORT, "HOMESEC_PORT")
        flower_port = self._port(settings.FLOWER_PORT, "HOMESEC_FLOWER_PORT")
        ftp_port = self._port(settings.FTP_PORT, "HOMESEC_FTP_PORT")
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        celery = [py, "-m", "celery", "-A", "homesec"]
        children = [
            Child(
                "web",
                [py, "manage.py", "web", "--bind", host, "--port", str(web_port)],
                ready_text="web: serving",
                url=f"{'http' if settings.TLS == 'off' else 'https'}://{shown}:{web_port}/",
            ),
        ]
        for name, group in worker_groups.items():
            children.append(Child(f"worker-{name}", worker_argv(name, group), ready_text=" ready."))
        schedule = self.run_dir / "celerybeat-schedule"
        flower_auth = f"admin:{self._flower_password()}"
        children += [
            Child(
                "beat",
                [*celery, "beat", "-s", str(schedule), "-l", "INFO"],
                ready_text="beat: Starting",
            ),
            Child("watcher", [py, "manage.py", "watch_cameras"], ready_text="watching"),
            Child(
                "home-assistant",
                [py, "manage.py", "home_assistant"],
                ready_text="home assistant: started",
            ),
            Child(
                "ftp",
                [py, "manage.py", "ftp_server", "--host", host, "--port", str(ftp_port)],
                port=ftp_port,
                url=f"ftp://{shown}:{ftp_port}",
            ),
            # Loopback only, whatever HOMESEC_BIND says: Flower's /metrics and /healthcheck
            # answer without its login.
            Child(
                "flower",
                [*celery, "flower", "--address=127.0.0.1", f"--port={flower_port}"],
                port=flower_port,
                url=f"http://127.0.0.1:{flower_port}/",
                env={"FLOWER_BASIC_AUTH": flower_auth},
            ),
        ]
        if settings.DEMO_CAMERA:
            children.append(Child("demo", [py, "manage.py", "demo_camera"], ready_text="feeding"))
        return children

    def _fresh_metrics(self) -> None:
        """Counters start from zero with each run (Prometheus expects resets)."""
        folder = Path(self.env["PROMETHEUS_MULTIPROC_DIR"])
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    def _flower_password(self) -> str:
        if settings.FLOWER_PASSWORD:
            return settings.FLOWER_PASSWORD
        return generated_secret(self.run_dir / "secrets" / "flower.password")

    def _port(self, wanted: int, setting: str) -> int:
        if wanted and processes.port_is_free(wanted, settings.BIND_ADDRESS):
            return wanted
        port = processes.free_port(settings.BIND_ADDRESS)
        if wanted:
            self.say(f"  · port {wanted} ({setting}) is taken; using {port} instead")
        return port

    def _launch(self, child: Child) -> None:
        log = self.logs / f"{child.name}.log"
        child.log_start = log.stat().st_size if log.exists() else 0
        child.process = processes.spawn(
            child.argv, log_path=log, env={**self.env, **(child.env or {})}, cwd=settings.BASE_DIR
        )
        child.started_at = time.monotonic()

    def _is_ready(self, child: Child) -> bool:
        if child.process is None or child.process.poll() is not None:
            return False
        if child.port:
            return processes.accepts_connections(child.port)
        if child.ready_text:
            with open(self.logs / f"{child.name}.log", "rb") as log:
                log.seek(child.log_start)
                return child.ready_text.encode() in log.read()
        return True

    def _wait_ready(self) -> None:
        pending = list(self.children)
        deadline = time.monotonic() + READY_TIMEOUT
        while pending and time.monotonic() < deadline:
            self._check_stop()
            self.step()
            for child in [c for c in pending if self._is_ready(c)]:
                took = time.monotonic() - child.started_at
                self.say(f"  ✓ {child.name:<16} {child.url or '':<40} {took:5.1f} s")
                pending.remove(child)
            time.sleep(0.2)
        for child in pending:
            self.say(f"  ! {child.name} is not ready after {READY_TIMEOUT} s; see its log")

    def _summary(self, took: float) -> None:
        self.urls = {c.name: c.url for c in self.children if c.url}
        self.say(summary.ready(self.urls, took, env=self.env, run_dir=self.run_dir))

    # --- supervision ------------------------------------------------------------

    def _report_exit(self, child: Child, now: float) -> None:
        ran = now - child.started_at
        child.failures = 1 if ran > STABLE_AFTER else child.failures + 1
        delay = min(30, 2 ** (child.failures - 1))
        log = self.logs / f"{child.name}.log"
        self.say(
            f"✗ {child.name} exited with code {child.process.returncode} after {ran:.0f} s; "
            f"restarting in {delay} s. End of {relative(log)}:\n"
            + textwrap.indent(processes.tail(log), "    | ")
        )
        processes.kill_group(child.process.pid)
        child.process = None
        child.restart_at = now + delay

    def _restart_servers(self, now: float) -> bool:
        if now < self.server_retry_at:
            return False
        restarted = False
        for index, server in enumerate(self.servers):
            if server.alive:
                continue
            start = STARTERS[server.name]
            self.say(f"✗ {server.name} exited with code {server.process.returncode}; restarting")
            try:
                self.servers[index] = start(self.run_dir, port=server.port)
                restarted = True
            except embedded.EmbeddedError as exc:
                self.say(f"✗ {exc}\n  trying again in 10 s")
                self.server_retry_at = now + 10
        return restarted

    # --- small helpers ----------------------------------------------------------

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def _request_stop(self, signum, frame) -> None:
        if not self.stop_requested:
            self.say(f"\n{signal.Signals(signum).name}: stopping everything…")
        self.stop_requested = True

    def _check_stop(self) -> None:
        if self.stop_requested:
            raise Stopping

    def _server_names(self) -> list[str]:
        return [server.name for server in reversed(self.servers)]

    def _write_state(self, *, ready: bool) -> None:
        self.state.write(
            ready=ready,
            servers={s.name: s.process.pid for s in self.servers},
            children={c.name: c.process.pid for c in self.children if c.process},
            urls={c.name: c.url for c in self.children if c.url},
        )
