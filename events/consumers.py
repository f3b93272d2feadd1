"""WebSocket consumers. Anonymous sockets are refused before the handshake completes; a
socket is closed (code 4401) when the token or session it stands on ends.

A client may send ``{"type": "resume", "since": n}`` at any time: it is sent every
message of the group numbered above ``n`` (the ones it missed while disconnected), or
``{"type": "resync"}`` when those are no longer kept and it should reload instead.
"""

import json

from asgiref.sync import sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .auth import still_holds
from .broadcast import EVENTS_GROUP, missed

SIGNED_OUT = 4401  # close code: the token was revoked or the session ended


class LiveConsumer(AsyncJsonWebsocketConsumer):
    group: str

    async def connect(self):
        user, credential = self.scope.get("user"), self.scope.get("credential")
        if user is None or not user.is_authenticated or credential is None:
            await self.close()  # before accept: the client gets HTTP 403
            return
        # Join the credential's group first, then check it still holds: a revocation is
        # either seen by the check or sent to the group after it (events/revocation.py).
        await self.channel_layer.group_add(credential.group, self.channel_name)
        if not await still_holds(credential):
            await self.close()
            return
        # Join the group before accepting, so nothing sent after the handshake is missed.
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.opened()

    async def opened(self):
        """Called once the socket is accepted."""

    async def disconnect(self, code):
        await self.channel_layer.group_discard(self.group, self.channel_name)
        if self.scope.get("credential") is not None:
            await self.channel_layer.group_discard(
                self.scope["credential"].group, self.channel_name
            )

    async def credential_revoked(self, event):
        await self.close(code=SIGNED_OUT)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        try:
            content = json.loads(text_data or "")
        except ValueError:
            await self._error("messages must be JSON text")
            return
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "ping":
            await self.send_json({"type": "pong"})
        elif kind == "resume":
            await self._resume(content.get("since"))
        else:
            await self._error('unknown message; send {"type": "ping"} or {"type": "resume"}')

    async def _resume(self, since):
        if not isinstance(since, int) or isinstance(since, bool) or since < 0:
            await self._error('"since" must be the number of the last message received (≥ 0)')
            return
        messages = await sync_to_async(missed)(self.group, since)
        if messages is None:
            await self.send_json({"type": "resync", "data": {"reason": "too far behind"}})
            return
        for message in messages:
            await self.send_json(message)

    async def broadcast(self, event):
        await self.send_json(event["message"])

    async def _error(self, message: str):
        await self.send_json({"type": "error", "data": {"message": message}})


class EventsConsumer(LiveConsumer):
    """``/ws/events/``: security events as they are created and updated, and alerts."""

    group = EVENTS_GROUP
