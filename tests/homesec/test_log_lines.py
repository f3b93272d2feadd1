"""Every log line the processes write stays one line: a message's control characters are
escaped, so a name a camera or a browser chose cannot forge a line or drive a terminal."""

import logging
import sys

from homesec.logformat import OneLineFormatter


def the_console_handler() -> logging.Handler:
    """The handler LOGGING gives the root logger for the processes' output (their logs)."""
    found = [h for h in logging.getLogger().handlers if isinstance(h.formatter, OneLineFormatter)]
    assert len(found) == 1, logging.getLogger().handlers
    return found[0]


def test_a_message_with_control_characters_is_written_as_one_escaped_line():
    name = "x\nFAKE 2026-12-07 ERROR forged\r\x1b[2J\x9b.jpg"
    record = logging.LogRecord("cameras.ftp", logging.INFO, __file__, 1, "stored %s", (name,), None)
    record.request_id = None
    line = the_console_handler().format(record)
    assert line.count("\n") == 0
    assert "\x1b" not in line
    assert "\r" not in line
    assert "\x9b" not in line
    assert line.endswith(r"stored x\nFAKE 2026-12-07 ERROR forged\r\x1b[2J\x9b.jpg")


def test_a_traceback_still_follows_its_line():
    try:
        raise ValueError("bad")
    except ValueError:
        error = sys.exc_info()
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed:\n%s", ("why",), error)
    record.request_id = None
    lines = the_console_handler().format(record).splitlines()
    assert lines[0].endswith(r"failed:\nwhy")
    assert lines[1] == "Traceback (most recent call last):"
    assert lines[-1] == "ValueError: bad"
