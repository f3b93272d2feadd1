"""Request ids: every HTTP request carries one (its ``X-Request-ID`` if that is short and
plain, else a new one), answered in the response's ``X-Request-ID``, stamped on every log
record made while it is handled, and carried into the Celery tasks it enqueues — and the
tasks those enqueue — so a task's log lines carry the id of the request that caused them.

Every log record gets a ``request_id`` attribute (None outside a request or task) from the
record factory installed below, whichever handler or process writes it."""

import contextvars
import logging
import re
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun

HEADER = "X-Request-ID"
VALID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
current = contextvars.ContextVar("request_id", default=None)


def accept(given: str | None) -> str:
    """The client's id if it is 1–64 letters, digits or ``._:-``; else a new one."""
    if given and VALID.fullmatch(given):
        return given
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = accept(request.headers.get(HEADER))
        token = current.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request.request_id
        return response


_base_factory = logging.getLogRecordFactory()


def _record_factory(*args, **kwargs) -> logging.LogRecord:
    record = _base_factory(*args, **kwargs)
    record.request_id = current.get()
    return record


if not getattr(logging.getLogRecordFactory(), "stamps_request_id", False):
    _record_factory.stamps_request_id = True
    logging.setLogRecordFactory(_record_factory)


class RequestIdFilter(logging.Filter):
    """For handlers fed records made before the factory was installed: ``-`` if none."""

    def filter(self, record) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current.get() or "-"
        return True


@before_task_publish.connect
def _carry(headers=None, **kwargs):
    request_id = current.get()
    if request_id and headers is not None and "request_id" not in headers:
        headers["request_id"] = request_id


_task_tokens: dict[str, contextvars.Token] = {}


@task_prerun.connect
def _enter(task_id=None, task=None, **kwargs):
    request_id = getattr(task.request, "request_id", None) if task is not None else None
    if request_id and VALID.fullmatch(str(request_id)):
        _task_tokens[task_id] = current.set(str(request_id))


@task_postrun.connect
def _leave(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        try:
            current.reset(token)
        except ValueError:  # set in another context (an eager task's thread)
            current.set(None)
