"""How large a request body may be. runner/daphne.py applies it while the bytes arrive
(daphne would otherwise buffer any body whole before Django sees it); errors.BodyLimit
applies it to a declared length for servers other than ours.

A request that carries credentials (a session cookie or an Authorization header) may send
what Django itself accepts, DATA_UPLOAD_MAX_MEMORY_SIZE; an anonymous one far less: the
only bodies anybody may send without signing in are the login and first-run forms."""

from django.conf import settings


def limit(*, credentials: bool) -> int | None:
    """The most bytes a body may have; None: no limit (DATA_UPLOAD_MAX_MEMORY_SIZE None)."""
    signed_in = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if credentials:
        return signed_in
    anonymous = settings.ANONYMOUS_BODY_LIMIT  # HOMESEC_ANONYMOUS_BODY_LIMIT
    return anonymous if signed_in is None else min(anonymous, signed_in)


def has_credentials(cookie_names, authorization: bool) -> bool:
    """Whether a request shows credentials. Only their presence counts: checking them
    needs the database, and a forged one buys at most the signed-in limit."""
    return authorization or settings.SESSION_COOKIE_NAME in cookie_names


def too_large(limit: int) -> dict:
    """The 413's JSON body."""
    return {"detail": f"the body is more than {limit} bytes"}
