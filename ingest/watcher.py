"""Watching the camera root: a file is taken once its size and mtime stop changing.

watchdog (inotify, or polling for network mounts) says which files changed; a scan
at start-up and every few minutes finds files that landed while nobody watched. Each
``step()`` does one round of work and says whether it did any, so a test can drive
the watcher one step at a time.
"""

import logging
import os
import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from cameras.models import RejectedUpload
from detection.models import MediaFile
from homesec.heartbeat import Heartbeat

from . import pipeline
from .uploads import Ingestor, Outcome, is_candidate

log = logging.getLogger(__name__)

RETRY_INCOMPLETE_SECONDS = 1.0
# A file whose ingest raised (PostgreSQL restarting, say) is tried again after 1, 2, 4…
# seconds, at most a minute apart; after the last try the periodic scan offers it again.
RETRY_FAILED_SECONDS = (1, 2, 4, 8, 16, 32, 60, 60)
KNOWN_CHUNK = 1000


@dataclass
class Tracked:
    signature: tuple[int, int]  # size, mtime in ns
    changed_at: float  # monotonic time of the last change seen
    check_at: float = 0.0  # an incomplete file is looked at again from then on
    failures: int = 0  # ingests that raised


class _Events(FileSystemEventHandler):
    """Hands watchdog's events (from its thread) to the watcher as paths."""

    def __init__(self, paths: queue.SimpleQueue):
        self.paths = paths

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            # A folder moved in brings files without events of their own; a folder's
            # "modified" only echoes changes to its files, which have their own events.
            if event.event_type in ("created", "moved"):
                self.paths.put((os.fsdecode(event.dest_path or event.src_path), True))
        elif event.event_type not in ("deleted", "opened", "closed_no_write"):
            self.paths.put((os.fsdecode(event.dest_path or event.src_path), False))


class Watcher:
    def __init__(
        self, root: Path | None = None, *, polling: bool | None = None,
        heartbeat: Heartbeat | None = None,
    ):  # fmt: skip
        self.root = (root or settings.CAMERA_ROOT).absolute()
        self.polling = settings.WATCH_POLLING if polling is None else polling
        self.stable = settings.FILE_STABLE_SECONDS
        self.grace = settings.INCOMPLETE_GRACE_SECONDS
        self.ingestor = Ingestor(self.root)
        self.tracked: dict[Path, Tracked] = {}
        self.events: queue.SimpleQueue = queue.SimpleQueue()
        self.observer = None
        self.next_scan = 0.0
        self.counts = {outcome: 0 for outcome in Outcome}
        # Touched each step while the root is there: alive and watching, not just alive.
        self.heartbeat = heartbeat

    # --- life ---------------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
        log.info("watching %s (%s)", self.root, "polling" if self.polling else "inotify")
        try:
            while not stop.is_set():
                if not self.step():
                    stop.wait(0.05)
        finally:
            self.close()

    def close(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)
            self.observer = None

    def step(self) -> bool:
        """One round: follow the root, take in events, scan when due, ingest what is stable."""
        now = time.monotonic()
        if not self._root_ready():
            return False
        if self.heartbeat is not None:
            self.heartbeat.beat()
        self._drain_events(now)
        pipeline.send_unsent(now)
        if now >= self.next_scan:
            self.scan()
            self.next_scan = now + settings.SCAN_INTERVAL_SECONDS
        return self._ingest_stable(time.monotonic())

    # --- the parts of a step --------------------------------------------------------

    def _root_ready(self) -> bool:
        if self.root.is_dir():
            if self.observer is None:
                self._start_observer()
                self.next_scan = 0.0  # (re)appeared: look at everything in it
            return True
        if self.observer is not None:
            log.warning("the camera root %s is gone; waiting for it to come back", self.root)
            self.close()
        return False

    def _start_observer(self) -> None:
        self.observer = PollingObserver(timeout=1) if self.polling else Observer()
        self.observer.schedule(_Events(self.events), str(self.root), recursive=True)
        self.observer.start()

    def _drain_events(self, now: float) -> None:
        while True:
            try:
                name, is_directory = self.events.get_nowait()
            except queue.Empty:
                return
            path = Path(name)
            if is_directory:
                self.scan(path)
            else:
                self._track(path, now)

    def _track(self, path: Path, now: float, *, age: float = 0.0) -> None:
        try:
            stat = path.lstat()
        except OSError:
            self.tracked.pop(path, None)
            return
        signature = (stat.st_size, stat.st_mtime_ns)
        known = self.tracked.get(path)
        if known is None or known.signature != signature:
            self.tracked[path] = Tracked(signature, now - age)

    def _ingest_stable(self, now: float) -> bool:
        did_work = False
        for path, tracked in list(self.tracked.items()):
            if now < tracked.check_at:
                continue
            self._track(path, now)  # refresh the signature
            tracked = self.tracked.get(path)
            if tracked is None or now - tracked.changed_at < self.stable:
                continue
            final = now - tracked.changed_at >= self.grace
            outcome = self._ingest(path, final=final)
            if outcome is Outcome.INCOMPLETE:
                tracked.check_at = now + RETRY_INCOMPLETE_SECONDS
                continue
            if outcome is None and tracked.failures < len(RETRY_FAILED_SECONDS):
                tracked.check_at = now + RETRY_FAILED_SECONDS[tracked.failures]
                tracked.failures += 1
                continue
            del self.tracked[path]
            self.counts[outcome or Outcome.IGNORED] += 1
            did_work = True
        return did_work

    def _ingest(self, path: Path, *, final: bool) -> Outcome | None:
        """The outcome, or None when the ingest raised: one bad file must not stop the watcher."""
        try:
            return self.ingestor.ingest(path, final=final)
        except Exception:
            log.exception("could not ingest %s", path)
            return None

    # --- catching up ----------------------------------------------------------------

    def scan(self, folder: Path | None = None) -> int:
        """Track every upload under ``folder`` (default: the root) that has no row yet."""
        found = []
        for directory, subdirectories, files in os.walk(folder or self.root):
            subdirectories[:] = [d for d in subdirectories if not d.startswith(".")]
            for name in files:
                path = Path(directory, name)
                if path not in self.tracked and is_candidate(path.relative_to(self.root)):
                    found.append(path)
        new = self._unknown(found)
        wall_now, now = time.time(), time.monotonic()
        for path in new:
            try:
                age = max(0.0, wall_now - path.lstat().st_mtime)
            except OSError:
                continue
            self._track(path, now, age=age)  # untouched for a while: no need to wait again
        if new:
            log.info("scan found %d upload(s) not yet recorded", len(new))
        return len(new)

    def _unknown(self, paths: list[Path]) -> list[Path]:
        unknown = []
        for start in range(0, len(paths), KNOWN_CHUNK):
            chunk = {str(p.relative_to(self.root)): p for p in paths[start : start + KNOWN_CHUNK]}
            known = set(MediaFile.objects.filter(path__in=chunk).values_list("path", flat=True))
            known |= set(
                RejectedUpload.objects.filter(path__in=chunk).values_list("path", flat=True)
            )
            unknown += [path for relative, path in chunk.items() if relative not in known]
        return unknown
