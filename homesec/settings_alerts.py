"""Alerts: where links in alerts point, Web Push, delivery retries, SMTP, and the networks
alert channels may send to."""

from .env import env_bool, env_int, env_networks, env_str

TOPIC = "Alerts"

# CIDR networks, each checked at start-up (tests/alerts/test_targets.py calls it).
_networks = env_networks

# Where the household opens homesec: links in alerts point here.
PUBLIC_URL = env_str(
    "HOMESEC_PUBLIC_URL",
    "http://127.0.0.1:8000",
    help="where the household opens homesec: links in alerts point here",
).rstrip("/")
VAPID_SUBJECT = env_str(
    "HOMESEC_VAPID_SUBJECT",
    "mailto:homesec@localhost",
    help="the Web Push contact the push services see",
)
ACTION_LINK_HOURS = env_int(
    "HOMESEC_ACTION_LINK_HOURS",
    24,
    lo=1,
    hi=24 * 7,
    help="how long the answers in an alert (Looks fine, Snooze) and its picture link work",
)
SNOOZE_MINUTES = env_int(
    "HOMESEC_SNOOZE_MINUTES",
    60,
    lo=5,
    hi=24 * 60,
    help="how long an alert's Snooze keeps its camera's alerts back",
)
ALERT_MAX_RETRIES = env_int(
    "HOMESEC_ALERT_MAX_RETRIES",
    5,
    lo=0,
    hi=20,
    help="delivery retries (backoff 2 s, 4 s, … up to 5 min) before the dead letter",
)
EMAIL_HOST = env_str("HOMESEC_SMTP_HOST", "localhost", help="SMTP server for email channels")
EMAIL_PORT = env_int("HOMESEC_SMTP_PORT", 25, lo=1, hi=65535, help="the SMTP server's port")
EMAIL_HOST_USER = env_str("HOMESEC_SMTP_USER", help="SMTP login, if the server wants one")
EMAIL_HOST_PASSWORD = env_str("HOMESEC_SMTP_PASSWORD", help="the SMTP login's password")
EMAIL_USE_TLS = env_bool("HOMESEC_SMTP_STARTTLS", False, help="STARTTLS to the SMTP server")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str(
    "HOMESEC_SMTP_FROM", "homesec@localhost", help="the sender of alert mail"
)
# Where channels may send besides public addresses (alerts/transports.py). An admin's webhook
# or MQTT broker: the home's private networks (Home Assistant on 192.168.x is normal), not
# loopback (this host's own services: Redis, PostgreSQL) nor link-local (cloud metadata).
CHANNEL_NETWORKS = env_networks(
    "HOMESEC_CHANNEL_NETWORKS",
    ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
    help="non-public networks an admin's webhook or MQTT broker may be on (loopback and "
    "link-local only when listed)",
)
# A browser's push endpoint (any signed-in login sets one): https, public addresses only.
PUSH_NETWORKS = env_networks(
    "HOMESEC_PUSH_NETWORKS",
    [],
    help="non-public networks a browser's push endpoint may be on (https always)",
)
