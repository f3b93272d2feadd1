"""Whether a WebSocket handshake comes from the site's own pages, judged as Django's CSRF
check judges a POST: its Origin is this site's scheme, host and port (the Host header,
itself one of ALLOWED_HOSTS), or exactly one of CSRF_TRUSTED_ORIGINS.

Browsers send the session cookie with a socket opened by any page, on any site, and
browsers enforce no same-origin rule on sockets: only this check stops another site
(another port on the same host included) from opening one as the signed-in user."""

from django.conf import settings
from django.http.request import split_domain_port, validate_host


def same_origin(scope) -> bool:
    origin = _header(scope, b"origin")
    if origin is None:
        return False
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    host = _host(scope)
    scheme = "https" if _secure(scope) else "http"
    return host is not None and origin == f"{scheme}://{host}"


def _header(scope, name: bytes) -> str | None:
    """The header's value; None when it is missing or given more than once (ambiguous)."""
    values = [value for key, value in scope.get("headers", []) if key.lower() == name]
    return values[0].decode("latin-1") if len(values) == 1 else None


def _host(scope) -> str | None:
    """The Host header when its domain is one of ALLOWED_HOSTS (as HttpRequest.get_host)."""
    host = None
    if getattr(settings, "USE_X_FORWARDED_HOST", False):
        host = _header(scope, b"x-forwarded-host")
    host = host or _header(scope, b"host")
    if host is None:
        return None
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    domain, _port = split_domain_port(host)
    return host if domain and validate_host(domain, allowed) else None


def _secure(scope) -> bool:
    """Served over TLS: by daphne itself (HOMESEC_TLS; daphne's scope names no scheme), wss,
    or (behind a TLS proxy) the header SECURE_PROXY_SSL_HEADER names says https."""
    if settings.TLS != "off" or scope.get("scheme") in ("wss", "https"):
        return True
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if not proxy:
        return False
    meta_name, expected = proxy  # e.g. ("HTTP_X_FORWARDED_PROTO", "https")
    header = meta_name.removeprefix("HTTP_").replace("_", "-").lower().encode()
    value = _header(scope, header)
    return value is not None and value.split(",")[0].strip() == expected
