"""Home Assistant over MQTT with a real broker (amqtt) that wants a login, and the real
bridge process (``manage.py home_assistant``) on the test database: every entity's
discovery config at start, with Home Assistant's field names; occupancy and counts per
camera and zone; the house mode set from HA, refused to a client without the broker's
login; a snooze switched on; an alert answered by an automation; a removed camera's
entities removed; offline when the bridge stops, and when it dies (its last will)."""

import json
import os
import signal
import subprocess
import sys
import threading
import time

import paho.mqtt.client as mqtt
import pytest
from PIL import Image
from pwdlib.hashers.argon2 import Argon2Hasher

from alerts.models import Alert, AlertRule, Channel, HouseMode
from cameras.models import Camera, Zone
from detection.models import Detection
from detection.thumbnails import save_thumbnail
from events.models import Feedback
from runner import processes
from tests import factories
from tests.alerts.conftest import amqtt
from tests.conftest import database_url_of_test_db
from tests.servers import ROOT, RUN_DIR

pytestmark = pytest.mark.django_db(transaction=True)
LOGIN = ("homesec", "a-broker-password")

# Home Assistant's MQTT discovery fields (home-assistant.io/integrations/<kind>.mqtt/):
# those every entity may have, and each kind's own.
COMMON = {"name", "unique_id", "availability_topic", "payload_available",
          "payload_not_available", "device", "icon", "json_attributes_topic",
          "json_attributes_template", "value_template", "qos", "entity_category",
          "enabled_by_default", "object_id", "default_entity_id"}  # fmt: skip
FIELDS = {
    "binary_sensor": {"state_topic", "device_class", "payload_on", "payload_off",
                      "off_delay", "expire_after", "force_update"},
    "sensor": {"state_topic", "state_class", "device_class", "unit_of_measurement",
               "expire_after", "force_update", "suggested_display_precision"},
    "image": {"image_topic", "content_type", "image_encoding", "url_topic", "url_template"},
    "select": {"state_topic", "command_topic", "command_template", "options", "optimistic",
               "retain"},
    "switch": {"state_topic", "command_topic", "payload_on", "payload_off", "state_on",
               "state_off", "optimistic", "retain", "device_class"},
}  # fmt: skip
REQUIRED = {"binary_sensor": {"state_topic"}, "sensor": {"state_topic"},
            "image": {"image_topic"}, "select": {"command_topic", "options"},
            "switch": {"command_topic"}}  # fmt: skip
DEVICE = {"identifiers", "name", "manufacturer", "model", "configuration_url", "sw_version",
          "suggested_area", "via_device", "connections"}  # fmt: skip


@pytest.fixture
def broker():
    """amqtt on a free loopback port: only LOGIN may connect."""
    port = processes.free_port()
    passwords = RUN_DIR / f"amqtt-{port}.passwd"
    passwords.write_text(f"{LOGIN[0]}:{Argon2Hasher().hash(LOGIN[1])}\n")
    logins = f"  amqtt.plugins.authentication.FileAuthPlugin:\n    password_file: {passwords}\n"
    with amqtt(port, logins):
        yield port


class Listener:
    """A client with the broker's login, as Home Assistant: what it holds per topic."""

    def __init__(self, port: int, login=LOGIN):
        self.got: dict[str, bytes] = {}
        self.lock = threading.Lock()
        self.refused = threading.Event()
        self.ready = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
        if login:
            self.client.username_pw_set(*login)
        self.client.on_connect = self._connected
        self.client.on_message = self._message
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()

    def _connected(self, client, data, flags, reason, properties):
        if reason.is_failure:
            self.refused.set()
            return
        client.subscribe([("homeassistant/#", 1), ("homesec/#", 1)])
        self.ready.set()

    def _message(self, client, data, message):
        with self.lock:
            self.got[message.topic] = message.payload

    def value(self, topic: str) -> bytes | None:
        with self.lock:
            return self.got.get(topic)

    def configs(self) -> dict[str, dict]:
        with self.lock:
            found = dict(self.got)
        return {t: json.loads(p) for t, p in found.items() if t.endswith("/config") and p}

    def wait_for(self, topic: str, payload: bytes, timeout: float = 20) -> bool:
        return processes.wait_until(lambda: self.value(topic) == payload, timeout=timeout)

    def close(self):
        self.client.loop_stop()
        self.client.disconnect()


def start_bridge(media_root) -> subprocess.Popen:
    log = RUN_DIR / "logs" / "home-assistant-test.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": database_url_of_test_db(),
           "HOMESEC_MEDIA_ROOT": str(media_root)}  # fmt: skip
    return processes.spawn(
        [sys.executable, "manage.py", "home_assistant"], log_path=log, env=env, cwd=ROOT
    )


def test_home_assistant_gets_every_entity_at_start_and_sets_the_mode(broker, tmp_path, settings):
    back = factories.camera("Back Door")
    Zone.objects.create(camera=back, name="Porch", kind="entry_point",
                        polygon=[[0, 0], [1, 0], [1, 1], [0, 1]])  # fmt: skip
    Zone.objects.create(camera=back, name="Street", kind="ignore",
                        polygon=[[0, 0], [1, 0], [1, 1]])  # fmt: skip
    factories.camera("Drive")
    Channel.objects.create(
        name="ha", kind="mqtt", target=f"mqtt://{LOGIN[0]}:{LOGIN[1]}@127.0.0.1:{broker}"
    )
    media = factories.processed_upload(back)  # a person on the porch, just now
    Detection.objects.filter(media=media).update(zones=[["Porch", "entry_point"]])
    settings.MEDIA_ROOT = tmp_path
    media.thumbnail_path = save_thumbnail(Image.new("RGB", (64, 40), "red"), "thumbnails/m.jpg")
    media.save(update_fields=["thumbnail_path"])

    ha = Listener(broker)
    bridge = start_bridge(tmp_path)
    try:
        assert ha.wait_for("homesec/availability", b"online")
        # 3 kinds × (camera + Porch) × (occupancy, count) + last event, picture, snooze for
        # the back door; 3 × 2 + 3 for the drive; the house mode. Ignore zones have none.
        assert processes.wait_until(lambda: len(ha.configs()) == 12 + 3 + 6 + 3 + 1, timeout=20)
        configs = ha.configs()
        for topic, config in configs.items():
            kind = topic.split("/")[1]
            assert set(config) <= COMMON | FIELDS[kind], (
                topic,
                set(config) - COMMON - FIELDS[kind],
            )
            assert REQUIRED[kind] <= set(config), topic
            assert set(config["device"]) <= DEVICE
            assert config["availability_topic"] == "homesec/availability"
        unique = [config["unique_id"] for config in configs.values()]
        assert len(unique) == len(set(unique))
        assert not any("street" in topic for topic in configs)
        person = configs["homeassistant/binary_sensor/homesec_back_door/person_zone_porch/config"]
        assert person["device_class"] == "occupancy"
        assert ha.wait_for(person["state_topic"], b"ON")
        assert ha.value("homesec/camera/back_door/person/count") == b"1"
        assert ha.value("homesec/camera/back_door/vehicle") == b"OFF"
        assert ha.value("homesec/camera/drive/person") == b"OFF"
        picture = configs["homeassistant/image/homesec_back_door/snapshot/config"]
        assert ha.value(picture["image_topic"])[:2] == b"\xff\xd8"  # the JPEG itself

        mode = configs["homeassistant/select/homesec/mode/config"]
        assert mode["options"] == ["home", "away", "night", "vacation"]
        assert ha.wait_for(mode["state_topic"], b"home")
        stranger = Listener(broker, login=None)  # no login: the broker refuses it
        assert stranger.refused.wait(10)
        stranger.close()
        assert HouseMode.current() == "home"
        ha.client.publish(mode["command_topic"], "party", qos=1).wait_for_publish(5)
        time.sleep(1)  # the bridge had it: not a mode, so nothing changed
        assert HouseMode.current() == "home"
        ha.client.publish(mode["command_topic"], "away", qos=1)
        assert processes.wait_until(lambda: HouseMode.current() == "away", timeout=10)
        assert ha.wait_for(mode["state_topic"], b"away")

        snooze = configs["homeassistant/switch/homesec_back_door/snooze/config"]
        ha.client.publish(snooze["command_topic"], "ON", qos=1)
        assert processes.wait_until(lambda: Camera.objects.get(pk="back_door").snoozed, timeout=10)
        assert ha.wait_for(snooze["state_topic"], b"ON")

        event = factories.event(Camera.objects.get(pk="back_door"), score=80)
        rule = AlertRule.objects.create(name="Any")
        alert = Alert.objects.create(
            rule=rule, event=event, camera_id="back_door", risk_level="high", summary="x"
        )
        ha.client.publish(f"homesec/alert/{alert.pk}/answer", "looks_fine", qos=1)  # automation
        assert processes.wait_until(
            lambda: Feedback.objects.filter(event=event).exists(), timeout=10
        )
        assert Feedback.objects.get(event=event).verdict == "false_alarm"

        Camera.objects.filter(pk="drive").delete()  # its entities go from HA
        gone = "homeassistant/binary_sensor/homesec_drive/person/config"
        assert ha.wait_for(gone, b"")
        assert ha.wait_for("homesec/camera/drive/person", b"")  # its retained state too
        assert ha.value("homeassistant/binary_sensor/homesec_back_door/person/config")

        bridge.send_signal(signal.SIGTERM)  # stopped: says offline itself
        bridge.wait(timeout=20)
        assert ha.wait_for("homesec/availability", b"offline")
        # A command kept on the broker (published retained meanwhile) is not carried out
        # again when the bridge connects: the mode set in homesec since stays.
        ha.client.publish(mode["command_topic"], "night", qos=1, retain=True).wait_for_publish(5)
        bridge = start_bridge(tmp_path)
        assert ha.wait_for("homesec/availability", b"online")
        time.sleep(2)
        assert HouseMode.current() == "away"
        ha.client.publish(mode["command_topic"], b"", qos=1, retain=True).wait_for_publish(5)
        bridge.kill()  # dies: the broker says it, from the bridge's last will
        bridge.wait()
        assert ha.wait_for("homesec/availability", b"offline", timeout=90)
    finally:
        if bridge.poll() is None:
            bridge.kill()
        ha.close()
