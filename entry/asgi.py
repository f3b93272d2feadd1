"""ASGI entry point (daphne): HTTP through Django, WebSockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homesec.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs Django set up)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from entry.routing import websocket_urlpatterns  # noqa: E402
from events.auth import CredentialMiddleware  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # A session counts only from the site's own origin, a token from anywhere (the
        # Origin check is events/origin.py's: channels' own ignores the port).
        "websocket": AuthMiddlewareStack(CredentialMiddleware(URLRouter(websocket_urlpatterns))),
    }
)
