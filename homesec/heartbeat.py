"""Heartbeats: a file that a long-running loop touches while it works (the watcher each
step, beat each tick), so that a health check can tell a loop that turns from a process
that is merely alive. compose.yaml's checks read the file's age."""

import time
from pathlib import Path

from celery.beat import PersistentScheduler
from django.conf import settings

EVERY_SECONDS = 10.0  # at most one write this often: a loop may turn many times a second


def path_of(name: str) -> Path:
    """Where the heartbeat ``name`` is written: RUN_DIR/heartbeats/NAME."""
    return Path(settings.RUN_DIR) / "heartbeats" / name


class Heartbeat:
    def __init__(self, path: Path, *, every: float = EVERY_SECONDS):
        self.path = path
        self.every = every
        self.last: float | None = None

    @classmethod
    def named(cls, name: str) -> "Heartbeat":
        return cls(path_of(name))

    def beat(self) -> bool:
        """Touch the file unless it was touched less than ``every`` seconds ago; True if
        it was written."""
        now = time.monotonic()
        if self.last is not None and now - self.last < self.every:
            return False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.touch()
        self.last = now
        return True


class HeartbeatScheduler(PersistentScheduler):
    """Celery beat's usual scheduler (celerybeat-schedule file), touching the heartbeat
    ``beat`` on every tick. celeryconfig.beat_scheduler names it."""

    def __init__(self, *args, **kwargs):
        self.heartbeat = Heartbeat.named("beat")
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs):
        self.heartbeat.beat()
        return super().tick(*args, **kwargs)
