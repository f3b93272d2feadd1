"""Ingest and cameras: the camera folders and how uploads are taken from them, lost work
enqueued again, duplicates, the FTP receiver, the demo camera, cameras going offline."""

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_choice, env_float, env_int, env_list, env_path, env_ports
from .settings_core import RUN_DIR

TOPIC = "Ingest and cameras"

CAMERA_ROOT = env_path(
    "HOMESEC_CAMERA_ROOT",
    RUN_DIR / "cameras",
    help="camera uploads: one folder per camera under it",
    shown="`RUN_DIR/cameras`",
)
FILE_STABLE_SECONDS = env_float(
    "HOMESEC_FILE_STABLE_SECONDS",
    2.0,
    lo=0.0,
    hi=600,
    help="a file is taken once its size and mtime have not changed for this long",
)
INCOMPLETE_GRACE_SECONDS = env_float(
    "HOMESEC_INCOMPLETE_GRACE_SECONDS",
    30.0,
    lo=0.0,
    help="a file that still does not decode this long after its last change is rejected",
)
WATCH_POLLING = env_bool(
    "HOMESEC_WATCH_POLLING",
    False,
    help="poll the folders instead of inotify (NFS, SMB, Docker Desktop mounts)",
)
SCAN_INTERVAL_SECONDS = env_float(
    "HOMESEC_SCAN_INTERVAL_SECONDS",
    300.0,
    lo=1.0,
    help="how often the watcher scans every folder for uploads it missed",
)
# Work still pending this long is enqueued again (its broker message may be lost).
PENDING_TIMEOUT_SECONDS = env_int(
    "HOMESEC_PENDING_TIMEOUT_SECONDS",
    600,
    lo=1,
    help="work still pending this long is enqueued again (its broker message may be lost)",
)
RECONCILE_INTERVAL_SECONDS = env_int(
    "HOMESEC_RECONCILE_INTERVAL_SECONDS",
    60,
    lo=1,
    help="how often beat looks for lost work: pending uploads, unevaluated events, "
    "overdue deliveries, clips never made, exports never run",
)
DEDUPE_TTL_SECONDS = env_int(
    "HOMESEC_DEDUPE_TTL_SECONDS",
    300,
    lo=1,
    help="how long Redis remembers an upload's content hash (a repeat is skipped)",
)
AUTO_CREATE_CAMERAS = env_bool(
    "HOMESEC_AUTO_CREATE_CAMERAS", True, help="a new folder becomes a new camera"
)
CAMERA_OFFLINE_AFTER_SECONDS = env_int(
    "HOMESEC_CAMERA_OFFLINE_AFTER_SECONDS",
    600,
    lo=10,
    help="no upload for this long: the camera is offline (first value; then the Settings page)",
)

# `make run` feeds a demo camera with real photos so a new install shows events at once.
DEMO_CAMERA = env_bool("HOMESEC_DEMO", True, help="`make run`'s demo camera, fed with real photos")
DEMO_INTERVAL_SECONDS = env_float(
    "HOMESEC_DEMO_INTERVAL_SECONDS", 300.0, lo=1.0, help="one demo photo this often"
)
DEMO_PHOTOS = env_int("HOMESEC_DEMO_PHOTOS", 12, lo=1, help="demo photos in all; then it idles")


def _ftp_logins(entries: list[str]) -> dict[str, str]:
    logins = {}
    for entry in entries:
        camera_id, _, password = entry.partition(":")
        if not camera_id or not password:
            raise ImproperlyConfigured(
                f"HOMESEC_FTP_LOGINS entry {camera_id!r} is not valid: expected camera_id:password"
            )
        logins[camera_id] = password
    return logins


FTP_PORT = env_int(
    "HOMESEC_FTP_PORT",
    2121,
    lo=0,
    hi=65535,
    help="the FTP receiver's port; taken: a free one is used and printed",
)
# Logins set from the environment, camera_id:password,... (the admin can set them too).
FTP_LOGINS = _ftp_logins(
    env_list(
        "HOMESEC_FTP_LOGINS",
        [],
        help="FTP logins, `camera_id:password,...` (passwords can also be set in the admin)",
    )
)
FTP_PASSIVE_PORTS = env_ports(
    "HOMESEC_FTP_PASSIVE_PORTS", "60000-60099", help="ports of FTP data connections"
)
# Explicit FTPS: "offered" (TLS for cameras that can, plaintext for those that cannot),
# "required" (no plaintext login or transfer), "off".
FTP_TLS = env_choice(
    "HOMESEC_FTP_TLS",
    "offered",
    ["offered", "required", "off"],
    help="explicit FTPS: `offered` (TLS or plaintext, the camera's choice), `required` "
    "(no plaintext login or transfer), `off`",
)
