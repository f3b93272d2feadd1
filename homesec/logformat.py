"""Log lines that stay one line each: a message's control characters (a newline that would
forge a second line, ESC that drives the terminal reading the log) are written escaped, as
``\\n`` and ``\\x1b``. A traceback still follows its line as it is."""

import logging
import re

CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")  # C0 but tab, DEL, C1


def escape(text: str) -> str:
    return CONTROL.sub(lambda match: match[0].encode("unicode_escape").decode(), text)


class OneLineFormatter(logging.Formatter):
    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = escape(record.message)
        return super().formatMessage(record)
