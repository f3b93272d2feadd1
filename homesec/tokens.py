"""API tokens (knox): ``Authorization: Token <token>`` from scripts and Home Assistant."""

from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox import auth


class TokenAuthentication(auth.TokenAuthentication):
    """knox's, less the sweep of the user's other expired tokens it runs on every request
    (a query per request; homesec's tokens are revoked, not expired). A token that does
    carry an expiry (set in the admin) is still refused, and deleted, once past it."""

    def _cleanup_token(self, auth_token) -> bool:
        expired = auth_token.expiry is not None and auth_token.expiry < timezone.now()
        if expired:
            auth_token.delete()
        return expired


class TokenScheme(KnoxTokenScheme):
    """The OpenAPI schema describes it as knox's."""

    target_class = TokenAuthentication
