"""WebSocket consumers. Anonymous sockets are refused before the handshake completes."""

import json

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .broadcast import EVENTS_GROUP


class EventsConsumer(AsyncJsonWebsocketConsumer):
    """``/ws/events/``: security events as they are created and updated."""

    group = EVENTS_GROUP

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close()  # before accept: the client gets HTTP 403
            return
        # Join the group before accepting, so nothing sent after the handshake is missed.
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        try:
            content = json.loads(text_data or "")
        except ValueError:
            await self._error("messages must be JSON text")
            return
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})
        else:
            await self._error('unknown message; send {"type": "ping"}')

    async def broadcast(self, event):
        await self.send_json(event["message"])

    async def _error(self, message: str):
        await self.send_json({"type": "error", "data": {"message": message}})
