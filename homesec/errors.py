"""Errors answer in kind: JSON with a clear message under /api/ (scripts read it), the
usual pages for browsers. Never a stack trace. Oversized API bodies are refused before
they are read (DRF's parsers would read any size): by our daphne while they arrive
(runner/daphne.py), and by BodyLimit below under any other server."""

from django.http import JsonResponse
from django.views import defaults

from homesec import bodies


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
        return JsonResponse(
            {"detail": "something went wrong on our side; see the logs"}, status=500
        )
    return defaults.server_error(request)


class BodyLimit:
    """413 for an API request whose declared body exceeds DATA_UPLOAD_MAX_MEMORY_SIZE. Under
    `manage.py web` daphne has refused such a body already, and an anonymous one at a lower
    limit; this is the bound for other servers (a WSGI one, runserver, the test client)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return bad_request(request)
        limit = bodies.limit(credentials=True)
        if _api(request) and limit is not None and length > limit:
            return JsonResponse(bodies.too_large(limit), status=413)
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
