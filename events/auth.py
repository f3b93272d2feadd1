"""Who a WebSocket is, and on which credential it stands.

A script or Home Assistant shows an API token (``Authorization: Token <token>``, as on the
REST API); a socket that shows one stands on it alone, from anywhere: a token is sent on
purpose (a browser cannot add that header to a socket), so no Origin is needed. A browser
shows its session cookie, which it sends whichever site opened the socket: the session
counts only when the Origin is the site's own (events/origin.py)."""

import hashlib
from dataclasses import dataclass
from importlib import import_module

from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from knox.models import AuthToken
from rest_framework.exceptions import AuthenticationFailed

from homesec.tokens import TokenAuthentication

from .origin import same_origin

TOKEN, SESSION = "token", "session"


@dataclass(frozen=True)
class Credential:
    kind: str  # TOKEN or SESSION
    key: str  # the token's digest, or the session key

    @property
    def group(self) -> str:
        """The channel-layer group of the sockets standing on this credential (closed
        when it ends: events/revocation.py). Hashed: group names pass through Redis."""
        digest = hashlib.sha256(f"{self.kind}:{self.key}".encode()).hexdigest()[:40]
        return f"homesec.credential.{digest}"


@database_sync_to_async
def still_holds(credential: Credential) -> bool:
    """Whether the token or the session is still there (it may have ended since the
    socket was authenticated)."""
    if credential.kind == TOKEN:
        return AuthToken.objects.filter(digest=credential.key).exists()
    return import_module(settings.SESSION_ENGINE).SessionStore().exists(credential.key)


@database_sync_to_async
def _by_token(token: bytes):
    try:
        user, auth_token = TokenAuthentication().authenticate_credentials(token)
    except AuthenticationFailed:
        return AnonymousUser(), None
    return user, Credential(TOKEN, auth_token.digest)


def _token_in(scope) -> bytes | None:
    header = dict(scope.get("headers", [])).get(b"authorization", b"")
    scheme, _, token = header.partition(b" ")
    return token.strip() if scheme.lower() == b"token" and token.strip() else None


class CredentialMiddleware(BaseMiddleware):
    """Inside AuthMiddlewareStack: sets ``scope["user"]`` to the user the socket may act
    as (anonymous when none) and ``scope["credential"]`` to what it stands on."""

    async def __call__(self, scope, receive, send):
        user, credential = AnonymousUser(), None
        token = _token_in(scope)
        if token is not None:
            user, credential = await _by_token(token)
        elif scope["user"].is_authenticated and same_origin(scope):
            user, credential = scope["user"], Credential(SESSION, scope["session"].session_key)
        return await super().__call__(
            {**scope, "user": user, "credential": credential}, receive, send
        )
