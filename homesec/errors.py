"""Errors answer in kind: JSON with a clear message under /api/ (scripts read it), the
usual pages for browsers. Never a stack trace. Oversized API bodies are refused before
they are read (DRF's parsers would read any size)."""

from django.conf import settings
from django.http import JsonResponse
from django.views import defaults


def _api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": "the request could not be read"}, status=400)
    return defaults.bad_request(request, exception)


def not_found(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": f"nothing at {request.path}"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _api(request):
        return JsonResponse({"detail": "something went wrong on our side; see the logs"},
                            status=500)  # fmt: skip
    return defaults.server_error(request)


class BodyLimit:
    """413 for an API request whose declared body exceeds DATA_UPLOAD_MAX_MEMORY_SIZE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return bad_request(request)
        if _api(request) and length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            return JsonResponse({"detail": f"the body is {length} bytes; at most {limit}"},
                                status=413)  # fmt: skip
        return self.get_response(request)


def exception_handler(exc, context):
    """DRF's own handling, plus: a value the database cannot hold (a number beyond its
    range, a date out of bounds) is the client's mistake, so 400 with a message, not 500."""
    from django.db import DataError
    from rest_framework.response import Response
    from rest_framework.views import exception_handler as drf_handler

    if isinstance(exc, DataError):
        detail = str(exc).splitlines()[0]
        return Response({"detail": f"a value is out of range: {detail}"}, status=400)
    return drf_handler(exc, context)
