from django.urls import path

from events.consumers import EventsConsumer
from ops.consumers import LogsConsumer, SystemConsumer

websocket_urlpatterns = [
    path("ws/events/", EventsConsumer.as_asgi()),
    path("ws/system/", SystemConsumer.as_asgi()),
    path("ws/logs/", LogsConsumer.as_asgi()),
]
