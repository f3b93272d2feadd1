"""What every page's header needs: the house mode and where its live feed starts."""

from alerts.models import HouseMode, Mode
from events.broadcast import EVENTS_GROUP, current_seq

NOT_PAGES = ("/api/", "/static/", "/admin/", "/health", "/ready")


class LiveSeqMiddleware:
    """Notes the number of the latest live message *before* a page reads the database;
    the page's socket asks for everything after it, so an event published while the
    page was being made is still shown, once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and not request.path.startswith(NOT_PAGES):
            request.live_seq = current_seq(EVENTS_GROUP)
        return self.get_response(request)


def chrome(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "house_mode": HouseMode.current(),
        "modes": Mode.choices,
        "live_seq": getattr(request, "live_seq", 0),
    }
