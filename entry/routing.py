from django.urls import path

from events.consumers import EventsConsumer
from ops.consumers import LogsConsumer, SystemConsumer
from reports.jobs_consumer import JobConsumer

websocket_urlpatterns = [
    path("ws/events/", EventsConsumer.as_asgi()),
    path("ws/system/", SystemConsumer.as_asgi()),
    path("ws/jobs/<uuid:job_id>/", JobConsumer.as_asgi()),
    path("ws/logs/", LogsConsumer.as_asgi()),
]
