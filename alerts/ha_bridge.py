"""The Home Assistant bridge (``manage.py home_assistant``, started by ``make run``): one
MQTT connection to the broker of the first enabled MQTT channel, kept open. On connecting
it says ``online`` on homesec/availability (its last will says ``offline``, so HA shows
homesec offline when the bridge is gone), publishes every entity's discovery config
(retained) and then, every few seconds, what changed: new cameras and zones, states, and
an empty config for each entity whose camera or zone was removed (HA removes it). What HA
sets (the house mode, a camera's snooze) is carried out here (alerts/home_assistant.py);
the broker's login is the authority, as for HA itself."""

import contextlib
import json
import logging
import queue
import threading
import time
import uuid
from urllib.parse import unquote, urlsplit

import paho.mqtt.client as mqtt
from django.db import DatabaseError, close_old_connections

from cameras.models import Camera
from homesec.heartbeat import Heartbeat

from . import home_assistant as ha
from .models import Channel
from .transports import MQTT_PORT, channel_target_refusal

log = logging.getLogger(__name__)
OURS = f"{ha.DISCOVERY}/+/+/+/config"  # what HA knows, ours among it (node homesec…)
CHECK_SECONDS = 30  # how often it looks for a changed channel


def broker() -> Channel | None:
    """The channel whose broker the bridge uses: the first enabled MQTT channel."""
    return Channel.objects.filter(kind="mqtt", enabled=True).order_by("pk").first()


class Bridge:
    def __init__(self, channel: Channel, *, every: float = 2.0):
        self.target = channel.target
        self.address = urlsplit(channel.target)
        self.every = every
        self.inbox: queue.Queue = queue.Queue()  # paho's thread hands messages to ours
        self.connected = threading.Event()
        self.published: dict[str, bytes] = {}  # topic → the retained payload last sent
        self.seen: set[str] = set()  # our discovery topics the broker holds retained
        self.fresh = threading.Event()  # (re)connected: everything is published again
        name = f"homesec-bridge-{uuid.uuid4().hex[:8]}"  # two bridges never take each other's
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=name)
        if self.address.username:
            self.client.username_pw_set(
                unquote(self.address.username), unquote(self.address.password or "")
            )
        self.client.will_set(ha.AVAILABILITY, "offline", qos=1, retain=True)
        self.client.reconnect_delay_set(1, 30)
        self.client.on_connect = self._connected
        self.client.on_disconnect = self._disconnected
        self.client.on_message = lambda client, data, message: self.inbox.put(
            (message.topic, message.payload, message.retain)
        )

    def run(self, stop: threading.Event, heartbeat: Heartbeat | None = None) -> None:
        host, port = self.address.hostname, self.address.port or MQTT_PORT
        if why := channel_target_refusal(host):
            raise ValueError(why)
        self.client.connect_async(host, port, keepalive=30)
        self.client.loop_start()
        next_sync = next_check = 0.0
        try:
            while not stop.is_set():
                close_old_connections()  # a connection PostgreSQL dropped is made again
                self._handle_inbox()
                if self.connected.is_set() and time.monotonic() >= next_sync:
                    try:
                        self.sync()
                    except DatabaseError as away:  # HA keeps what it last had meanwhile
                        log.warning("home assistant: the database is away (%s); retrying", away)
                    next_sync = time.monotonic() + self.every
                if time.monotonic() >= next_check:  # an admin changed or removed the channel
                    next_check = time.monotonic() + CHECK_SECONDS
                    if self._channel_changed():
                        log.info("home assistant: the MQTT channel changed; connecting again")
                        return
                if heartbeat:
                    heartbeat.beat()
                stop.wait(0.2)
        finally:
            if self.connected.is_set():
                gone = self.client.publish(ha.AVAILABILITY, "offline", qos=1, retain=True)
                with contextlib.suppress(RuntimeError, ValueError):  # the broker went first
                    gone.wait_for_publish(5)
            self.client.disconnect()
            self.client.loop_stop()

    def _channel_changed(self) -> bool:
        try:
            now = broker()
        except DatabaseError:
            return False  # asked again at the next check
        return now is None or now.target != self.target

    def sync(self) -> None:
        """Publish what changed since the last time: configs, states, removals."""
        if self.fresh.is_set():  # the broker may have restarted empty
            self.fresh.clear()
            self.published.clear()
        configs = {topic: json.dumps(config).encode() for topic, config in ha.discovery().items()}
        cameras = set(Camera.objects.values_list("pk", flat=True))
        for topic in sorted(self.seen - set(configs)):
            camera = topic.split("/")[2].removeprefix("homesec_")
            if topic.endswith("/risk/config") and camera in cameras:
                continue  # the alerts' own risk sensor (alerts/senders.py)
            self._publish(topic, b"")  # an empty config: HA removes the entity
            self.seen.discard(topic)
        states = ha.states()
        for topic in [t for t in self.published if t not in configs and t not in states]:
            if self.published[topic]:
                self._publish(topic, b"")  # a removed camera's or zone's retained state
        for topic, payload in {**configs, **states}.items():
            self._publish(topic, payload)

    def _publish(self, topic: str, payload: bytes) -> None:
        if self.published.get(topic) == payload:
            return
        self.client.publish(topic, payload, qos=1, retain=True)
        self.published[topic] = payload

    def _handle_inbox(self) -> None:
        while True:
            try:
                topic, payload, retained = self.inbox.get_nowait()
            except queue.Empty:
                return
            if topic.startswith(f"{ha.DISCOVERY}/"):
                if ha.is_ours(topic.split("/")[2]):
                    (self.seen.add if payload else self.seen.discard)(topic)
            elif retained:  # a command kept on the broker is not said again at each start
                log.warning("home assistant: %s ignored: a retained command", topic)
            else:
                try:
                    log.info("home assistant: %s", ha.command(topic, payload))
                except DatabaseError as away:  # its state, published again, shows it undone
                    log.warning(
                        "home assistant: %s not done, the database is away (%s)", topic, away
                    )

    def _connected(self, client, data, flags, reason, properties) -> None:
        if reason.is_failure:
            log.warning("home assistant: the broker refused the bridge: %s", reason)
            return
        client.publish(ha.AVAILABILITY, "online", qos=1, retain=True)
        client.subscribe([(OURS, 1), (ha.MODE_SET, 1), (f"{ha.TOPIC}/camera/+/snooze/set", 1),
                          (f"{ha.TOPIC}/alert/+/answer", 1)])  # fmt: skip
        self.fresh.set()  # the main loop publishes everything again
        self.connected.set()
        log.info("home assistant: connected to %s", self.address.hostname)

    def _disconnected(self, client, data, flags, reason, properties) -> None:
        self.connected.clear()
        log.warning("home assistant: disconnected from the broker (%s); reconnecting", reason)
