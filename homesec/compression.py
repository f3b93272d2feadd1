"""Pages, JSON and static text go out gzipped; pictures, clips and archives as they are
(already compressed: gzipping them again only costs CPU).

Django's GZipMiddleware pads each compressed body with random bytes (Django 4.2+), which
defeats the BREACH length side-channel on pages that carry a CSRF token."""

from django.middleware.gzip import GZipMiddleware

ALREADY_COMPRESSED = ("image/", "video/", "audio/", "application/zip", "application/gzip")


class Compress(GZipMiddleware):
    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith(ALREADY_COMPRESSED):
            return response
        return super().process_response(request, response)
