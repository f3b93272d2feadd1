"""What a log line costs its caller (homesec/logbuffer.py): Python's logging alone, then
with the structured log's handler putting it in the buffer (nothing is written: the
caller's cost alone). Needs no server:

    HOMESEC_LOG_DB=on HOMESEC_LOG_BUFFER_LINES=200000 .venv/bin/python bench/log_flood.py
"""

import logging
import os
import time

import _setup  # noqa: F401  (the project on sys.path)


def flood(handler, n=50_000) -> float:
    log = logging.getLogger(f"ingest.flood{id(handler)}")
    log.propagate = False
    log.addHandler(handler)
    log.setLevel("INFO")
    start = time.perf_counter()
    for i in range(n):
        log.info("line %d of the flood", i, extra={"camera": "porch"})
    return (time.perf_counter() - start) / n * 1e6


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homesec.settings")
    os.environ.setdefault("DATABASE_URL", "postgres://unused@127.0.0.1:1/unused")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:1/0")
    import django

    django.setup()
    from homesec import logbuffer

    logbuffer.writer().thread = "not started"
    for _ in range(2):
        plain = flood(logging.NullHandler())
        buffered = flood(logbuffer.DatabaseHandler())
        print(
            f"a line: {plain:.1f} µs in Python's logging alone, {buffered:.1f} µs into "
            f"the buffer (+{buffered - plain:.1f})"
        )


if __name__ == "__main__":
    main()
