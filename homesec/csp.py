"""The Content-Security-Policy of every page: scripts only from this site's files and the
inline blocks carrying this response's nonce (``request.csp_nonce`` in templates), no
inline event handlers, nothing loaded from elsewhere, never framed."""

import secrets

POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# The Swagger page (drf-spectacular) loads its scripts from a CDN: the API's schema at
# /api/schema/ is the offline way to read it.
EXEMPT = ("/api/docs/",)


class ContentSecurityPolicy:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if not request.path.startswith(EXEMPT):
            response.setdefault("Content-Security-Policy", POLICY.format(nonce=request.csp_nonce))
        return response
