"""API throttling (DRF): HOMESEC_API_RATE requests per period for each API token, each
logged-in user (their browser session) and each anonymous address, and HOMESEC_API_USER_RATE
for each user across all their tokens and sessions; past either, 429 with ``Retry-After``.
An anonymous address is the connection's (X-Forwarded-For only through HOMESEC_PROXIES
proxies). The counts live in Redis (the default cache), so every web process shares them.

The files the pages show by the dozen (originals, thumbnails, previews, clips) are not
counted: a page of fifty events would otherwise spend a minute's budget on pictures."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

FILE_ACTIONS = frozenset({"original", "thumbnail", "preview", "clip"})


def identity(request, ident) -> str:
    """Whose budget a request spends: its token's, else its user's, else its address's."""
    token = getattr(request, "auth", None)
    if getattr(token, "token_key", None):
        return f"token:{token.token_key}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"anon:{ident}"


class ApiRate(SimpleRateThrottle):
    scope = "api"
    setting = "API_RATE"  # the rate's setting, read per request so tests can change it

    def __init__(self):
        pass

    def allow_request(self, request, view) -> bool:
        self.rate = getattr(settings, self.setting)
        if self.rate is None or getattr(view, "action", None) in FILE_ACTIONS:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str | None:
        return f"homesec:throttle:{identity(request, self.get_ident(request))}"


class UserRate(ApiRate):
    """One user's budget, whichever of their tokens or sessions asks (anonymous: not counted
    here; ApiRate counts them by address)."""

    setting = "API_USER_RATE"

    def get_cache_key(self, request, view) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return f"homesec:throttle:all-of-user:{user.pk}"
