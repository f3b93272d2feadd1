"""``/ws/system/``: the live system status; ``/ws/logs/``: the live log tail
(events/consumers.py has the shared base)."""

from asgiref.sync import sync_to_async

from events.broadcast import SYSTEM_GROUP
from events.consumers import LiveConsumer
from homesec import logsink

from . import status


class SystemConsumer(LiveConsumer):
    """``/ws/system/``: system status every few seconds while anyone watches, and
    service status when a service's health changes. A new client gets the latest
    status at once."""

    group = SYSTEM_GROUP

    async def opened(self):
        await sync_to_async(status.watching)(self.channel_name, True)
        latest = await sync_to_async(status.latest)()
        if latest:
            await self.send_json(latest)

    async def disconnect(self, code):
        await super().disconnect(code)
        await sync_to_async(status.watching)(self.channel_name, False)


class LogsConsumer(LiveConsumer):
    """``/ws/logs/``: each batch of log lines as it is written (``{"type": "log", "data":
    [lines]}``), for admins; anyone else is closed with 4403."""

    group = logsink.LOGS_GROUP

    async def connect(self):
        user = self.scope.get("user")
        if user is not None and user.is_authenticated:
            allowed = await sync_to_async(user.has_perm)("homesec.view_logentry")
            if not allowed:
                await self.accept()
                await self.close(code=4403)
                return
        await super().connect()

    async def opened(self):
        await sync_to_async(logsink.watching)(self.channel_name, True)

    async def disconnect(self, code):
        await super().disconnect(code)
        await sync_to_async(logsink.watching)(self.channel_name, False)
