"""Operations (issue 19): logging and the structured log in PostgreSQL, retention, the
system status, and the site over TLS (runner/tls.py)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_choice, env_float, env_int, env_rate, env_str

TOPIC = "Logs, retention, status, TLS"

# --- Logging, and structured logs in PostgreSQL (homesec/logbuffer.py) ------------------

LOG_LEVEL = env_choice(
    "HOMESEC_LOG_LEVEL",
    "INFO",
    ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"],
    help="the lowest level logged, to the console and to PostgreSQL",
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "homesec.logformat.OneLineFormatter",  # control characters escaped
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s",
        }
    },
    "filters": {"request_id": {"()": "homesec.requestid.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        },
        # Structured lines into PostgreSQL, in batches (homesec/logbuffer.py; HOMESEC_LOG_DB).
        "database": {"class": "homesec.logbuffer.DatabaseHandler", "level": LOG_LEVEL},
    },
    "root": {"handlers": ["console", "database"], "level": LOG_LEVEL},
    # One line per LLM request is noise; failures are logged by the LLM client itself.
    "loggers": {"httpx": {"level": "WARNING"}},
}

LOG_DB = env_bool(  # the reference's LOG_DB_ENABLED
    "HOMESEC_LOG_DB", True, help="log lines into PostgreSQL too (the Logs page)"
)
# Lines waiting for their batch, per process; past it DEBUG lines go first, and every line
# dropped is counted (homesec_log_lines_dropped_total at /metrics, and a line of its own).
LOG_BUFFER_LINES = env_int(
    "HOMESEC_LOG_BUFFER_LINES",
    10_000,
    lo=100,
    hi=1_000_000,
    help="lines waiting per process; past it lines are dropped (DEBUG first) and counted",
)
LOG_BATCH_LINES = env_int(
    "HOMESEC_LOG_BATCH_LINES",
    500,
    lo=1,
    hi=10_000,
    help="most log lines written to PostgreSQL in one COPY",
)
LOG_FLUSH_SECONDS = env_float(
    "HOMESEC_LOG_FLUSH_SECONDS",
    1.0,
    lo=0.05,
    hi=60,
    help="buffered log lines are written at least this often",
)
LOG_RETENTION_DAYS = env_int(
    "HOMESEC_LOG_RETENTION_DAYS", 7, lo=1, help="log lines older than this are removed (daily)"
)
# Browser errors posted to /api/logs/frontend/, per user (or address) a minute.
FRONTEND_LOG_RATE = env_rate(
    "HOMESEC_FRONTEND_LOG_RATE",
    "20/min",
    help="browser errors posted to `/api/logs/frontend/`, per user or address",
)

# --- Retention (ops/retention.py) and the system status (ops/status.py) ------------------

RETENTION_DAYS = env_int(
    "HOMESEC_RETENTION_DAYS",
    30,
    lo=1,
    help="older events, uploads, detections, thumbnails, unnamed faces, plate reads and clips "
    "are removed daily",
)
RETENTION_DELETE_ORIGINALS = env_bool(
    "HOMESEC_RETENTION_DELETE_ORIGINALS",
    False,
    help="remove the uploaded originals too (the camera folders must be writable)",
)
RETENTION_HOUR = env_int(
    "HOMESEC_RETENTION_HOUR", 3, lo=0, hi=23, help="the local hour retention runs, daily"
)
# System status (GPU, queues, cameras, services) collected and sent to /ws/system/.
SYSTEM_STATUS_INTERVAL_SECONDS = env_float(
    "HOMESEC_SYSTEM_STATUS_INTERVAL_SECONDS",
    5.0,
    lo=0.5,
    help="how often beat collects the system status (GPUs, queues, cameras, services)",
)
GPU_HISTORY_DAYS = env_int(
    "HOMESEC_GPU_HISTORY_DAYS",
    7,
    lo=1,
    help="GPU readings and performance samples are kept this long",
)

# --- TLS (runner/tls.py) -------------------------------------------------------------------

# The reference's modes: off, self-signed (a certificate made in RUN_DIR/secrets) or
# provided (HOMESEC_TLS_CERT and HOMESEC_TLS_KEY, PEM files).
TLS = env_choice(
    "HOMESEC_TLS",
    "off",
    ["off", "self-signed", "provided"],
    help="the site over https and wss: `self-signed` (a certificate made in "
    "`RUN_DIR/secrets`) or `provided`",
)
TLS_CERT = env_str("HOMESEC_TLS_CERT", help="the certificate for `provided`, a PEM file")
TLS_KEY = env_str(
    "HOMESEC_TLS_KEY", help="the certificate's private key for `provided`, a PEM file"
)
if TLS == "provided":
    for _name, _path in (("HOMESEC_TLS_CERT", TLS_CERT), ("HOMESEC_TLS_KEY", TLS_KEY)):
        if not _path or not os.path.isfile(_path):
            raise ImproperlyConfigured(f"HOMESEC_TLS=provided needs {_name}: a readable PEM file")
_hsts_seconds = env_int(
    "HOMESEC_HSTS_SECONDS",
    31_536_000,
    lo=0,
    help="with TLS on, how long browsers keep to https (HSTS)",
)
# With TLS on, browsers keep to https for a year once they have seen it (SecurityMiddleware
# sends it on https answers only); cookies never travel in the clear. Off: Django's defaults.
SECURE_HSTS_SECONDS = _hsts_seconds if TLS != "off" else 0
SESSION_COOKIE_SECURE = TLS != "off"
CSRF_COOKIE_SECURE = TLS != "off"
