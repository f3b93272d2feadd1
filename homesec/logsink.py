"""Where the log buffer's batches go (homesec/logbuffer.py's thread calls this): one
INSERT per batch into ``homesec.LogEntry``, then to the Logs page's live tail while anyone
watches it (``/ws/logs/``, ops/consumers.py)."""

import contextlib
import datetime
import json

from asgiref.sync import async_to_sync
from django.db import close_old_connections, connection

from .store import redis_client

LOGS_GROUP = "logs"
WATCHERS_KEY = "homesec:logs:watchers"
FIELDS = ("at", "level", "component", "message", "camera", "event", "media",
          "request_id", "duration_ms", "extra", "source")  # fmt: skip


def drop_notice(count: int, process: str) -> dict:
    return {
        "at": datetime.datetime.now(tz=datetime.UTC),
        "level": "WARNING",
        "levelno": 30,
        "component": "homesec.logbuffer",
        "camera": "",
        "event": None,
        "media": None,
        "request_id": "",
        "duration_ms": None,
        "process": process,
        "extra": {"dropped": count},
        "message": f"{count} log line(s) dropped: the buffer was full (DEBUG lines first)",
    }


COLUMNS = ("at", "level", "levelno", "component", "message", "camera", "event", "media",
           "request_id", "duration_ms", "extra", "source", "process")  # fmt: skip
COPY = f"COPY homesec_logentry ({', '.join(COLUMNS)}) FROM STDIN"


def write(rows: list[dict]) -> bool:
    """Insert the batch (one COPY: a tenth of the CPU of the ORM's INSERT); False (the
    batch lost) if PostgreSQL refused it."""
    try:
        close_old_connections()
        with connection.cursor() as cursor, cursor.cursor.copy(COPY) as copy:
            for row in rows:
                row.setdefault("source", "backend")
                copy.write_row([json.dumps(row[c]) if c == "extra" else row[c] for c in COLUMNS])
    except Exception:
        return False
    with contextlib.suppress(Exception):  # the live tail is best effort
        tail(rows)
    return True


def idle() -> None:
    connection.close()


def as_json(row: dict) -> dict:
    return {**{name: row.get(name) for name in FIELDS}, "at": row["at"].isoformat()}


def watching(channel_name: str, on: bool) -> None:
    if on:
        redis_client().sadd(WATCHERS_KEY, channel_name)
    else:
        redis_client().srem(WATCHERS_KEY, channel_name)


def tail(rows: list[dict]) -> None:
    if not rows or not redis_client().scard(WATCHERS_KEY):
        return
    from channels.layers import get_channel_layer

    message = {"type": "log", "data": [as_json(row) for row in rows]}
    async_to_sync(get_channel_layer().group_send)(
        LOGS_GROUP, {"type": "broadcast", "message": message}
    )
