"""How large a request body may be. runner/daphne.py applies it while the bytes arrive
(daphne would otherwise buffer any body whole before Django sees it); errors.BodyLimit
applies it to a declared length for servers other than ours.

A request that carries valid credentials (a signed-in session or a live API token) may
send what Django itself accepts, DATA_UPLOAD_MAX_MEMORY_SIZE; any other far less: the only
bodies anybody may send without signing in are the login and first-run forms. Credentials
that do not check out count as none."""

from importlib import import_module

from django.conf import settings


def limit(*, credentials: bool) -> int | None:
    """The most bytes a body may have; None: no limit (DATA_UPLOAD_MAX_MEMORY_SIZE None)."""
    signed_in = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if credentials:
        return signed_in
    anonymous = settings.ANONYMOUS_BODY_LIMIT  # HOMESEC_ANONYMOUS_BODY_LIMIT
    return anonymous if signed_in is None else min(anonymous, signed_in)


def has_credentials(cookie_names, authorization: bool) -> bool:
    """Whether a request shows credentials (checked by ``signed_in`` before a body passes
    the anonymous limit)."""
    return authorization or settings.SESSION_COOKIE_NAME in cookie_names


def signed_in(authorization: bytes | None, session_key: bytes | None) -> bool:
    """Whether the credentials shown are a live API token or a signed-in session. Reads the
    database: runner/daphne.py calls it in a thread, and only for a body past the
    anonymous limit."""
    from django.contrib.auth import SESSION_KEY
    from django.db import close_old_connections
    from rest_framework.exceptions import AuthenticationFailed

    from .tokens import TokenAuthentication

    close_old_connections()
    try:
        scheme, _, token = (authorization or b"").partition(b" ")
        if scheme.lower() == b"token" and token.strip():
            try:
                TokenAuthentication().authenticate_credentials(token.strip())
                return True
            except AuthenticationFailed:
                pass
        if session_key:
            engine = import_module(settings.SESSION_ENGINE)
            session = engine.SessionStore(session_key.decode("latin-1"))
            return SESSION_KEY in session.load()
        return False
    finally:
        close_old_connections()


def too_large(limit: int) -> dict:
    """The 413's JSON body."""
    return {"detail": f"the body is more than {limit} bytes"}
