"""API throttling (DRF): HOMESEC_API_RATE requests per period for each API token, each
logged-in user (their browser session) and each anonymous address; past it, 429 with
``Retry-After``. The counts live in Redis (the default cache), so every web process
shares them.

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

    def __init__(self):  # the rate is read per request, so tests and settings can change it
        pass

    def allow_request(self, request, view) -> bool:
        self.rate = settings.API_RATE
        if self.rate is None or getattr(view, "action", None) in FILE_ACTIONS:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        return f"homesec:throttle:{identity(request, self.get_ident(request))}"
