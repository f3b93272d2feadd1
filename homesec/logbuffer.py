"""Structured logs in PostgreSQL, from every process, without ever making one wait.

``DatabaseHandler`` (on the root logger: LOGGING for Django, and again after Celery sets
up a worker's logging) turns a record into a row's fields and puts it in a bounded
buffer; a thread of the process writes the buffer to ``homesec.LogEntry`` in batches of
HOMESEC_LOG_BATCH_LINES every HOMESEC_LOG_FLUSH_SECONDS. Logging costs the caller the
record's formatting and a lock, never a query. When the buffer is full a DEBUG line is
dropped first (the oldest waiting one, or the new one), then the new line; every drop is
counted (``homesec_log_lines_dropped_total`` at /metrics) and said in a line of its own.

A record's ``camera``, ``event``, ``media`` and ``duration_ms`` (``extra={...}`` of the
logging call) fill their columns; other ``extra`` fields go to the JSON column. The
request id comes from homesec/requestid.py. After each batch the lines are sent to the
Logs page's live tail (``/ws/logs/``) while anyone watches it."""

import atexit
import datetime
import logging
import os
import socket
import threading
from collections import deque

from django.conf import settings

from .requestid import current as current_request_id

STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}
COLUMNS = {
    "camera": "camera",
    "camera_id": "camera",
    "event": "event",
    "event_id": "event",
    "media": "media",
    "media_id": "media",
    "duration_ms": "duration_ms",
}
# The buffer's own writes and the database driver's chatter are never logged to it.
SKIPPED = ("homesec.logbuffer", "django.db.backends")
# Celery's line per task received, per task done and per beat send: two or three lines an
# upload, 100,000 an hour at a household's rate (bench/soak.py), gigabytes in a week of
# the Logs page. Their warnings and errors are kept; the lines stay in the process logs.
ROUTINE = ("celery.worker.strategy", "celery.app.trace", "celery.beat")


class Buffer:
    """Bounded, two queues: DEBUG lines and the rest, dropped in that order when full."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.lock = threading.Lock()
        self.debug: deque = deque()
        self.rest: deque = deque()
        self.dropped = 0

    def __len__(self) -> int:
        return len(self.debug) + len(self.rest)

    def put(self, row: dict) -> bool:
        """Keep ``row``; False when it (or an older DEBUG line for it) was dropped."""
        is_debug = row["levelno"] <= logging.DEBUG
        with self.lock:
            if len(self.debug) + len(self.rest) >= self.capacity:
                self.dropped += 1
                if is_debug or not self.debug:
                    return False  # a DEBUG line, or nothing of less worth to make room
                self.debug.popleft()
            (self.debug if is_debug else self.rest).append(row)
            return True

    def take(self, count: int) -> tuple[list[dict], int]:
        """Up to ``count`` lines in time order, and the drops since the last take."""
        with self.lock:
            rows = [self.rest.popleft() for _ in range(min(count, len(self.rest)))]
            rows += [self.debug.popleft() for _ in range(min(count - len(rows), len(self.debug)))]
            dropped, self.dropped = self.dropped, 0
        rows.sort(key=lambda row: row["at"])
        return rows, dropped


def _text(value: str, limit: int) -> str:
    """PostgreSQL's text and JSON hold no NUL character."""
    return value[:limit].replace("\x00", "\ufffd")


def _value(value):
    if isinstance(value, str):
        return _text(value, 2000)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return [_value(v) for v in value[:50]]
    if isinstance(value, dict):
        return {str(k): _value(v) for k, v in list(value.items())[:50]}
    return _text(str(value), 500)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def row_of(record: logging.LogRecord, message: str) -> dict:
    """A log record as a LogEntry's fields."""
    row = {"camera": "", "event": None, "media": None, "duration_ms": None, "extra": {}}
    fields = vars(record)
    for name in fields.keys() - STANDARD:  # only what the call added: a set difference in C
        value = fields[name]
        if name in COLUMNS:
            column = COLUMNS[name]
            if column == "camera":
                row[column] = _text(str(value or ""), 64)
            elif column == "duration_ms":
                row[column] = float(value) if isinstance(value, (int, float)) else None
            else:
                row[column] = _int(value)
        elif not name.startswith("_"):
            row["extra"][name] = _value(value)
    request_id = getattr(record, "request_id", None) or current_request_id.get()
    request_id = "" if request_id in (None, "-") else request_id[:64]
    row.update(
        at=datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC),
        level=record.levelname[:8],
        levelno=record.levelno,
        component=record.name[:100],
        message=_text(message, 10_000),
        request_id=request_id,
        process=PROCESS,
    )
    return row


PROCESS = f"{socket.gethostname()[:40]}:{os.getpid()}"


class Writer:
    """The process's buffer and the thread that empties it into PostgreSQL."""

    def __init__(self):
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self):
        global PROCESS
        PROCESS = f"{socket.gethostname()[:40]}:{os.getpid()}"
        self.buffer = Buffer(getattr(settings, "LOG_BUFFER_LINES", 10_000))
        self.wake = threading.Event()
        self.thread: threading.Thread | None = None
        self.start_lock = threading.Lock()
        self.flush_lock = threading.Lock()  # one flush at a time: see flush()
        self.failed = 0

    def put(self, row: dict) -> None:
        if not self.buffer.put(row):
            _count_drop()
        if self.thread is None:
            self._start()
        elif len(self.buffer) >= settings.LOG_BATCH_LINES:
            self.wake.set()

    def _start(self):
        with self.start_lock:
            if self.thread is None:
                atexit.register(self.flush)
                self.thread = threading.Thread(target=self._run, name="homesec-logs", daemon=True)
                self.thread.start()

    def _run(self):
        while True:
            self.wake.wait(settings.LOG_FLUSH_SECONDS)
            self.wake.clear()
            if not self.flush():
                from . import logsink

                logsink.idle()  # a quiet process holds no connection for its logs

    def flush(self) -> int:
        """Write what waits, in batches; returns the lines written. When it returns, every
        line put before it was called is written (or counted as failed): a flush already
        under way in the writer's thread, holding a batch it took, is waited for."""
        from django.apps import apps

        if not apps.ready:
            return 0
        from . import logsink

        written = 0
        with self.flush_lock:
            while True:
                rows, dropped = self.buffer.take(settings.LOG_BATCH_LINES)
                if dropped:
                    rows.append(logsink.drop_notice(dropped, PROCESS))
                if not rows:
                    return written
                if not logsink.write(rows):
                    self.failed += len(rows)
                    return written
                written += len(rows)


_writer: Writer | None = None


def writer() -> Writer:
    global _writer
    if _writer is None:
        _writer = Writer()
    return _writer


def _count_drop():
    from .metrics import LOG_DROPPED

    LOG_DROPPED.inc()


class DatabaseHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        if not settings.LOG_DB or record.name.startswith(SKIPPED):
            return
        if record.levelno < logging.WARNING and record.name.startswith(ROUTINE):
            return
        if threading.current_thread().name == "homesec-logs":
            return  # what writing the logs itself logs (the channel layer, say)
        try:
            message = record.getMessage()
            if record.exc_info:
                message += "\n" + logging.Formatter().formatException(record.exc_info)
            writer().put(row_of(record, message))
        except Exception:
            self.handleError(record)


def install(logger: logging.Logger | None = None) -> None:
    """The handler on ``logger`` (the root) unless one is there (Celery's logging set-up
    replaces the root's handlers; homesec/celery.py calls this after it)."""
    logger = logger or logging.getLogger()
    if not any(isinstance(handler, DatabaseHandler) for handler in logger.handlers):
        handler = DatabaseHandler()
        handler.setLevel(settings.LOG_LEVEL)
        logger.addHandler(handler)
