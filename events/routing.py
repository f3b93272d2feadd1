from django.urls import path

from .consumers import EventsConsumer, SystemConsumer

websocket_urlpatterns = [
    path("ws/events/", EventsConsumer.as_asgi()),
    path("ws/system/", SystemConsumer.as_asgi()),
]
