"""``/ws/system/``: the live system status (events/consumers.py has the shared base)."""

from asgiref.sync import sync_to_async

from events.broadcast import SYSTEM_GROUP
from events.consumers import LiveConsumer

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
