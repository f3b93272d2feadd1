"""The operator's settings (issue 19): API throttling, structured logs, the performance
collector, TLS. Imported by homesec/settings.py."""

import os

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_choice, env_float, env_int, env_str

PERIODS = ("s", "sec", "second", "m", "min", "minute", "h", "hour", "d", "day")


def _rate(name: str, default: str) -> str | None:
    """``N/period`` (60/min, 1000/hour), or off."""
    value = env_str(name, default)
    if value.lower() in ("off", "0", "none"):
        return None
    count, _, period = value.partition("/")
    if not count.isdigit() or int(count) < 1 or period not in PERIODS:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not valid: expected N/second, N/min, N/hour, N/day or off"
        )
    return value


# Requests a minute (the reference's RATE_LIMIT_REQUESTS_PER_MINUTE) per API token, per
# logged-in user and per anonymous address; then 429 with Retry-After.
API_RATE = _rate("HOMESEC_API_RATE", "60/min")
# And for one user across all their tokens and browser sessions together: a new token buys
# no new budget.
API_USER_RATE = _rate("HOMESEC_API_USER_RATE", "300/min")
# Live API tokens one user may hold; past it, a new one is refused until one is revoked.
TOKENS_PER_USER = env_int("HOMESEC_TOKENS_PER_USER", 10, lo=1, hi=1000)
# Reverse proxies in front of the site whose X-Forwarded-For is believed (DRF's NUM_PROXIES):
# 0, the default, counts an anonymous caller by its connection's address, whatever the header
# claims; 1 behind one proxy (its address is then the header's last entry).
PROXIES = env_int("HOMESEC_PROXIES", 0, lo=0, hi=10)

# --- Structured logs in PostgreSQL (homesec/logbuffer.py) -------------------------------

LOG_DB = env_bool("HOMESEC_LOG_DB", True)  # the reference's LOG_DB_ENABLED
# Lines waiting for their batch, per process; past it DEBUG lines go first, and every line
# dropped is counted (homesec_log_lines_dropped_total at /metrics, and a line of its own).
LOG_BUFFER_LINES = env_int("HOMESEC_LOG_BUFFER_LINES", 10_000, lo=100, hi=1_000_000)
LOG_BATCH_LINES = env_int("HOMESEC_LOG_BATCH_LINES", 500, lo=1, hi=10_000)
LOG_FLUSH_SECONDS = env_float("HOMESEC_LOG_FLUSH_SECONDS", 1.0, lo=0.05, hi=60)
LOG_RETENTION_DAYS = env_int("HOMESEC_LOG_RETENTION_DAYS", 7, lo=1)
# Browser errors posted to /api/logs/frontend/, per user (or address) a minute.
FRONTEND_LOG_RATE = _rate("HOMESEC_FRONTEND_LOG_RATE", "20/min")

# --- TLS (runner/tls.py) -------------------------------------------------------------------

# The reference's modes: off, self-signed (a certificate made in RUN_DIR/secrets) or
# provided (HOMESEC_TLS_CERT and HOMESEC_TLS_KEY, PEM files).
TLS = env_choice("HOMESEC_TLS", "off", ["off", "self-signed", "provided"])
TLS_CERT = env_str("HOMESEC_TLS_CERT")
TLS_KEY = env_str("HOMESEC_TLS_KEY")
if TLS == "provided":
    for _name, _path in (("HOMESEC_TLS_CERT", TLS_CERT), ("HOMESEC_TLS_KEY", TLS_KEY)):
        if not _path or not os.path.isfile(_path):
            raise ImproperlyConfigured(f"HOMESEC_TLS=provided needs {_name}: a readable PEM file")
if TLS != "off":
    # Browsers keep to https for a year once they have seen it (SecurityMiddleware sends it
    # on https answers only); cookies never travel in the clear.
    SECURE_HSTS_SECONDS = env_int("HOMESEC_HSTS_SECONDS", 31_536_000, lo=0)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
