"""Home Assistant over MQTT discovery: what homesec shows there and what HA may set. Each
camera is a device with, per person / vehicle / animal and per zone, an occupancy binary
sensor and a count; its last event (level, with score, summary and time as attributes);
its last picture as an ``image``; its snooze as a switch. The house mode is a ``select``.
Every entity follows ``homesec/availability`` (the bridge's last will says ``offline``).
The bridge (alerts/ha_bridge.py) publishes these; this module only says what they are.

Field names are Home Assistant's (https://www.home-assistant.io/integrations/mqtt/)."""

import json
import re
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from cameras.models import Camera, Zone
from detection.models import Detection, MediaFile
from events.models import Event
from homesec.audit import record
from homesec.objects import FAMILIES, family
from homesec.paths import OutsideRoot, inside

from . import actions
from .models import ActionLink, Alert, HouseMode, Mode

DISCOVERY = "homeassistant"
TOPIC = "homesec"
AVAILABILITY = f"{TOPIC}/availability"
MODE_SET = f"{TOPIC}/mode/set"
SNOOZE_SET = re.compile(rf"^{TOPIC}/camera/([\w-]+)/snooze/set$")
ANSWER = re.compile(rf"^{TOPIC}/alert/(\d+)/answer$")  # an alert's answer from an automation
OCCUPIED_SECONDS = 30  # an object counts as present this long after its last detection
ICONS = {"person": "mdi:account", "vehicle": "mdi:car", "animal": "mdi:paw"}


def node(camera_id: str) -> str:
    return f"homesec_{camera_id}"


def is_ours(node_id: str) -> bool:
    """A discovery node of homesec's: the house's, or a camera's (not ``homesecurity_…``)."""
    return node_id == "homesec" or node_id.startswith("homesec_")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "zone"


def device(camera: Camera) -> dict:
    return {
        "identifiers": [node(camera.pk)],
        "name": camera.name,
        "manufacturer": "homesec",
        "model": "camera",
        "configuration_url": f"{settings.PUBLIC_URL}/cameras/{camera.pk}/",
    }


def _entity(name: str, unique_id: str, owner: dict, **fields) -> dict:
    return {"name": name, "unique_id": unique_id, "availability_topic": AVAILABILITY,
            "device": owner, **fields}  # fmt: skip


def discovery() -> dict[str, dict]:
    """Every entity's config by its discovery topic."""
    configs: dict[str, dict] = {}
    for camera in Camera.objects.all():
        owner, base, prefix = device(camera), f"{TOPIC}/camera/{camera.pk}", node(camera.pk)
        places = [("", base, "")]
        for zone in Zone.objects.filter(camera=camera).exclude(kind=Zone.Kind.IGNORE):
            places.append(
                (f"{zone.name} ", f"{base}/zone/{slug(zone.name)}", f"_zone_{slug(zone.name)}")
            )
        for shown, topic, suffix in places:
            for kind in FAMILIES:
                configs[f"{DISCOVERY}/binary_sensor/{prefix}/{kind}{suffix}/config"] = _entity(
                    f"{shown}{kind}".capitalize(), f"{prefix}:{kind}{suffix}", owner,
                    state_topic=f"{topic}/{kind}", device_class="occupancy",
                    payload_on="ON", payload_off="OFF",
                )  # fmt: skip
                configs[f"{DISCOVERY}/sensor/{prefix}/{kind}_count{suffix}/config"] = _entity(
                    f"{shown}{kind} count".capitalize(), f"{prefix}:{kind}_count{suffix}", owner,
                    state_topic=f"{topic}/{kind}/count", state_class="measurement",
                    icon=ICONS[kind],
                )  # fmt: skip
        configs[f"{DISCOVERY}/sensor/{prefix}/last_event/config"] = _entity(
            "Last event", f"{prefix}:last_event", owner,
            state_topic=f"{base}/last_event", value_template="{{ value_json.risk_level }}",
            json_attributes_topic=f"{base}/last_event", icon="mdi:shield-alert",
        )  # fmt: skip
        configs[f"{DISCOVERY}/image/{prefix}/snapshot/config"] = _entity(
            "Last picture", f"{prefix}:snapshot", owner,
            image_topic=f"{base}/snapshot", content_type="image/jpeg",
        )  # fmt: skip
        configs[f"{DISCOVERY}/switch/{prefix}/snooze/config"] = _entity(
            "Snooze alerts", f"{prefix}:snooze", owner,
            state_topic=f"{base}/snooze", command_topic=f"{base}/snooze/set",
            payload_on="ON", payload_off="OFF", icon="mdi:bell-sleep",
        )  # fmt: skip
    house = {"identifiers": ["homesec"], "name": "homesec", "manufacturer": "homesec",
             "model": "home", "configuration_url": settings.PUBLIC_URL}  # fmt: skip
    configs[f"{DISCOVERY}/select/homesec/mode/config"] = _entity(
        "House mode", "homesec:mode", house,
        state_topic=f"{TOPIC}/mode", command_topic=MODE_SET, options=list(Mode.values),
        icon="mdi:home-lock",
    )  # fmt: skip
    return configs


def states() -> dict[str, bytes]:
    """Every entity's state by its topic, as it is now (published when it changes)."""
    now = timezone.now()
    found: dict[str, bytes] = {f"{TOPIC}/mode": HouseMode.current().encode()}
    recent = Detection.objects.filter(detected_at__gte=now - timedelta(seconds=OCCUPIED_SECONDS))
    recent = list(
        recent.filter(filtered="").values("camera_id", "media_id", "object_type", "zones")
    )
    for camera in Camera.objects.all():
        base = f"{TOPIC}/camera/{camera.pk}"
        zones = Zone.objects.filter(camera=camera).exclude(kind=Zone.Kind.IGNORE)
        places = [(base, None)] + [(f"{base}/zone/{slug(z.name)}", z.name) for z in zones]
        mine = [d for d in recent if d["camera_id"] == camera.pk]
        for topic, zone in places:
            here = [d for d in mine if zone is None or zone in {n for n, _ in d["zones"]}]
            for kind in FAMILIES:
                per_picture: dict[int, int] = {}
                for d in here:
                    if family(d["object_type"]) == kind:
                        per_picture[d["media_id"]] = per_picture.get(d["media_id"], 0) + 1
                count = max(per_picture.values(), default=0)
                found[f"{topic}/{kind}"] = b"ON" if count else b"OFF"
                found[f"{topic}/{kind}/count"] = str(count).encode()
        found[f"{base}/snooze"] = b"ON" if camera.snoozed else b"OFF"
        event = Event.objects.filter(camera=camera).order_by("-started_at").first()
        if event is not None:
            found[f"{base}/last_event"] = json.dumps({
                "risk_level": event.risk_level, "risk_score": event.risk_score,
                "summary": event.summary, "time": timezone.localtime(event.started_at).isoformat(),
                "url": f"{settings.PUBLIC_URL}/events/{event.pk}/",
            }).encode()  # fmt: skip
        picture = _last_picture(camera)
        if picture is not None:
            found[f"{base}/snapshot"] = picture
    return found


def _last_picture(camera: Camera) -> bytes | None:
    media = (
        MediaFile.objects.filter(camera=camera)
        .exclude(thumbnail_path="")
        .order_by("-captured_at")
        .first()
    )
    try:
        path = inside(settings.MEDIA_ROOT, media.thumbnail_path) if media else None
        return path.read_bytes() if path else None
    except (OutsideRoot, OSError):  # removed by retention meanwhile, or unreadable
        return None


def command(topic: str, payload: bytes) -> str:
    """Carry out what Home Assistant set (the broker's login is its authority); what
    was done or refused, for the log."""
    text = payload.decode(errors="replace").strip()
    if topic == MODE_SET:
        if text not in Mode.values:
            return f"house mode {text[:40]!r} refused: not one of {', '.join(Mode.values)}"
        house, _ = HouseMode.objects.get_or_create(pk=1)
        if house.mode != text:
            house.mode = text
            house.save()
            record("mode.update", "house mode", {"mode": text, "by": "Home Assistant"})
        return f"house mode: {text}"
    if matched := SNOOZE_SET.match(topic):
        camera = Camera.objects.filter(pk=matched[1]).first()
        if camera is None or text not in ("ON", "OFF"):
            return f"snooze {matched[1]!r} {text[:10]!r} refused: no such camera or not ON/OFF"
        minutes = settings.SNOOZE_MINUTES if text == "ON" else 0
        actions.snooze(camera, minutes, by="Home Assistant")
        return f"{camera.name}: snooze {text}"
    if matched := ANSWER.match(topic):
        alert = Alert.objects.select_related("event", "camera").filter(pk=matched[1]).first()
        if alert is None or text not in ActionLink.Action.values:
            choices = ", ".join(ActionLink.Action.values)
            return f"answer {text[:20]!r} to alert {matched[1]} refused: none, or not {choices}"
        return actions.answer(alert, text, by="Home Assistant")
    return f"{topic}: not a command"
