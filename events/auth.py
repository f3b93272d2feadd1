"""API tokens for WebSockets: a script or Home Assistant connects with the header
``Authorization: Token <token>``, as on the REST API. Browsers use their session."""

from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from rest_framework.exceptions import AuthenticationFailed

from homesec.tokens import TokenAuthentication


@database_sync_to_async
def _user_for(token: bytes):
    try:
        return TokenAuthentication().authenticate_credentials(token)[0]
    except AuthenticationFailed:
        return None


class TokenAuthMiddleware(BaseMiddleware):
    """Inside AuthMiddlewareStack: a socket with no session may show a token instead."""

    async def __call__(self, scope, receive, send):
        if not scope["user"].is_authenticated:
            header = dict(scope.get("headers", [])).get(b"authorization", b"")
            scheme, _, token = header.partition(b" ")
            if scheme.lower() == b"token" and token.strip():
                user = await _user_for(token.strip())
                if user is not None:
                    scope = {**scope, "user": user}
        return await super().__call__(scope, receive, send)
