"""The runner's files in the run directory: ``runner.lock`` (one runner per folder) and
``runner.json`` (its pid, whether it is ready, and the pids and URLs of what it runs,
for tests and tools)."""

import fcntl
import json
import os
from pathlib import Path


class AlreadyRunning(Exception):
    """Another runner holds this run directory; the message says how to stop it."""


class RunState:
    def __init__(self, run_dir: Path):
        self.run_dir = run_dir
        self.path = run_dir / "runner.json"
        self.lock_file = None

    def lock(self) -> None:
        """Hold the folder's lock for the life of this process, or raise AlreadyRunning."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.lock_file = open(self.run_dir / "runner.lock", "a+")  # noqa: SIM115 (held for life)
        try:
            fcntl.flock(self.lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = self.read().get("pid", "?")
            raise AlreadyRunning(
                f"homesec is already running from {self.run_dir} (pid {pid}); stop it first "
                f"(Ctrl-C in its terminal, or `kill {pid}`)"
            ) from None

    def read(self) -> dict:
        try:
            return json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}

    def write(self, *, ready: bool, servers: dict, children: dict, urls: dict) -> None:
        """Replace the state file whole (a reader never sees half of it)."""
        state = {
            "pid": os.getpid(),
            "ready": ready,
            "servers": servers,
            "children": children,
            "urls": urls,
        }
        temporary = self.path.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(state, indent=2))
        temporary.replace(self.path)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
