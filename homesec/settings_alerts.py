"""Alert channels' settings: links, Web Push, retries, SMTP. Imported by homesec/settings.py."""

import ipaddress

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str


def _networks(name: str, default: list[str]) -> list[str]:
    """CIDR networks (``192.168.0.0/16,fd00::/8``), each checked at start-up."""
    networks = env_list(name, default)
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {network!r} is not a network: expected CIDRs like 192.168.0.0/16"
            ) from None
    return networks


# Where the household opens homesec: links in alerts point here.
PUBLIC_URL = env_str("HOMESEC_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
VAPID_SUBJECT = env_str("HOMESEC_VAPID_SUBJECT", "mailto:homesec@localhost")  # Web Push contact
ALERT_MAX_RETRIES = env_int("HOMESEC_ALERT_MAX_RETRIES", 5, lo=0, hi=20)
EMAIL_HOST = env_str("HOMESEC_SMTP_HOST", "localhost")
EMAIL_PORT = env_int("HOMESEC_SMTP_PORT", 25, lo=1, hi=65535)
EMAIL_HOST_USER = env_str("HOMESEC_SMTP_USER")
EMAIL_HOST_PASSWORD = env_str("HOMESEC_SMTP_PASSWORD")
EMAIL_USE_TLS = env_bool("HOMESEC_SMTP_STARTTLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("HOMESEC_SMTP_FROM", "homesec@localhost")
# Where channels may send besides public addresses (alerts/transports.py). An admin's webhook
# or MQTT broker: the home's private networks (Home Assistant on 192.168.x is normal), not
# loopback (this host's own services: Redis, PostgreSQL) nor link-local (cloud metadata).
CHANNEL_NETWORKS = _networks(
    "HOMESEC_CHANNEL_NETWORKS", ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]
)
# A browser's push endpoint (any signed-in login sets one): https, public addresses only.
PUSH_NETWORKS = _networks("HOMESEC_PUSH_NETWORKS", [])
