"""homesec settings, read from HOMESEC_* environment variables (and DATABASE_URL, REDIS_URL).

Defaults are the reference system's; every reader rejects nonsense with a message
that names the variable (see homesec/env.py). The README lists them all. Reading them
writes nothing to disk.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from . import env
from .env import (
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_path,
    env_str,
    read_secret,
    run_dir,
    secret_key_file,
    service_url,
)

BASE_DIR = env.BASE_DIR
RUN_DIR = run_dir()

# --- Django ---------------------------------------------------------------------

# Made by manage.py (or any process start) on first use, kept in RUN_DIR/secrets/.
SECRET_KEY = env_str("HOMESEC_SECRET_KEY") or read_secret(secret_key_file())
DEBUG = env_bool("HOMESEC_DEBUG", False)
ALLOWED_HOSTS = env_list("HOMESEC_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("HOMESEC_CSRF_TRUSTED_ORIGINS", [])
TIME_ZONE = env_str("HOMESEC_TIME_ZONE", "UTC")
USE_TZ = True
LANGUAGE_CODE = "en-us"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "knox",
    "axes",
    "channels",
    # From the ground floor up (the layers README.md names; `make lint` checks them).
    "homesec",
    "runner",
    "cameras",
    "detection",
    "events",
    "alerts",
    "analysis",
    "ingest",
    "ops",
    "web",
]

MIDDLEWARE = [
    "homesec.requestid.RequestIdMiddleware",  # X-Request-ID, in every log line of the request
    "homesec.metrics.RequestMetrics",
    "homesec.compression.Compress",
    "django.middleware.security.SecurityMiddleware",
    "homesec.csp.ContentSecurityPolicy",
    "homesec.errors.BodyLimit",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lockout (found at login) into its answer
    # Sync-only, so innermost: then Django runs the whole chain in the request's thread.
    # (Under an async-capable innermost middleware it runs that part on the event loop,
    # each of its process_* methods a thread hop away: 0.2–1 ms of CPU a request here.)
    "homesec.audit.RequestMiddleware",
    "web.context.LiveSeqMiddleware",
]

# Login attempts are rate-limited (django-axes): after HOMESEC_LOGIN_FAILURE_LIMIT
# failures for one user name from one address, that pair is locked out for a while.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("HOMESEC_LOGIN_FAILURE_LIMIT", 5, lo=1)
AXES_COOLOFF_TIME = env_float("HOMESEC_LOGIN_LOCKOUT_MINUTES", 15.0, lo=0.1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

ROOT_URLCONF = "entry.urls"
WSGI_APPLICATION = "entry.wsgi.application"
ASGI_APPLICATION = "entry.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "web.context.chrome",
            ]
        },
    }
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
# The pages read the CSRF token from their own <meta>, so no script needs the cookie.
CSRF_COOKIE_HTTPONLY = True

STATIC_URL = "static/"
# whitenoise serves the apps' static files straight from their folders, so there is no
# collectstatic step; set HOMESEC_STATIC_ROOT to collect them for a front proxy instead.
WHITENOISE_USE_FINDERS = True
# Each static URL carries its content's hash (homesec.staticfiles), so browsers keep them.
WHITENOISE_MAX_AGE = 0 if DEBUG else 365 * 24 * 3600
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "homesec.staticfiles.VersionedStaticFiles"},
}
STATIC_ROOT = env_str("HOMESEC_STATIC_ROOT")

# --- Storage ----------------------------------------------------------------------

# Each server: its variable, else the running `make run`'s, else the usual local port.
DATABASE_URL = service_url(
    "DATABASE_URL", "database_url", "postgres://homesec@127.0.0.1:5432/homesec"
)
REDIS_URL = service_url("REDIS_URL", "redis_url", "redis://127.0.0.1:6379/0")

try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must be a postgres:// URL: homesec needs PostgreSQL")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The web server (`manage.py web` turns this on for its daphne processes) runs every
# request's view in a thread of its own, so a connection kept per thread would be a new
# connection per request: it borrows from a pool instead, each connection checked as it
# is lent (so a restarted PostgreSQL costs no request an error). Celery's processes keep
# theirs (a pool must not be forked).
if env_bool("HOMESEC_DB_POOL", False):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2, "max_size": env_int("HOMESEC_DB_POOL_SIZE", 10, lo=2, hi=100),
        "timeout": 10}  # fmt: skip
if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL={REDIS_URL!r} must start with redis:// or rediss://")

# Redis pub/sub: a group message goes to Redis once and each web process fans it out to
# its own sockets (the list-based layer pushes and pops once per socket). Pub/sub keeps
# nothing for a socket that is away; the numbered replay (events/broadcast.py) does.
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": [REDIS_URL], "prefix": "homesec:asgi"},
    }
}

# Django's cache (API throttle counts) in Redis, so every web process shares it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "homesec:cache",
    }
}

CAMERA_ROOT = env_path("HOMESEC_CAMERA_ROOT", RUN_DIR / "cameras")
MEDIA_ROOT = env_path("HOMESEC_MEDIA_ROOT", RUN_DIR / "media")
MEDIA_URL = "media/"

# Bodies are refused while they arrive (runner/daphne.py, homesec/bodies.py): a request
# with credentials may send DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), an anonymous one this.
ANONYMOUS_BODY_LIMIT = env_int("HOMESEC_ANONYMOUS_BODY_LIMIT", 64 * 1024, lo=1024)

# --- Servers started by `manage.py up` -------------------------------------------

BIND_ADDRESS = env_str("HOMESEC_BIND", "127.0.0.1")
WEB_PORT = env_int("HOMESEC_PORT", 8000, lo=0, hi=65535)
# daphne processes sharing the web port (`manage.py web`): one runs Django on one core.
WEB_PROCESSES = env_int("HOMESEC_WEB_PROCESSES", min(len(os.sched_getaffinity(0)), 4), lo=1, hi=32)
FLOWER_PORT = env_int("HOMESEC_FLOWER_PORT", 5555, lo=0, hi=65535)
# Flower can revoke and kill tasks, so it always asks for a password (user "admin").
FLOWER_PASSWORD = env_str("HOMESEC_FLOWER_PASSWORD")

# --- Ingest ------------------------------------------------------------------------

# A file is taken once its size and mtime have not changed for this long.
FILE_STABLE_SECONDS = env_float("HOMESEC_FILE_STABLE_SECONDS", 2.0, lo=0.0, hi=600)
# A file that still does not decode this long after its last change is rejected.
INCOMPLETE_GRACE_SECONDS = env_float("HOMESEC_INCOMPLETE_GRACE_SECONDS", 30.0, lo=0.0)
WATCH_POLLING = env_bool("HOMESEC_WATCH_POLLING", False)  # for NFS/SMB/Docker Desktop mounts
SCAN_INTERVAL_SECONDS = env_float("HOMESEC_SCAN_INTERVAL_SECONDS", 300.0, lo=1.0)
MAX_IMAGE_PIXELS = env_int("HOMESEC_MAX_IMAGE_PIXELS", 50_000_000, lo=1)
VIDEO_SAMPLE_FPS = env_float("HOMESEC_VIDEO_SAMPLE_FPS", 1.0, lo=0.01, hi=60)
VIDEO_MAX_FRAMES = env_int("HOMESEC_VIDEO_MAX_FRAMES", 30, lo=1)
# Work still pending this long is enqueued again (its broker message may be lost).
PENDING_TIMEOUT_SECONDS = env_int("HOMESEC_PENDING_TIMEOUT_SECONDS", 600, lo=1)
RECONCILE_INTERVAL_SECONDS = env_int("HOMESEC_RECONCILE_INTERVAL_SECONDS", 60, lo=1)


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


def _port_range(name: str, default: str) -> range:
    value = env_str(name, default)
    low, _, high = value.partition("-")
    try:
        ports = range(int(low), int(high or low) + 1)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not valid: expected FIRST-LAST") from None
    if not ports or ports.start < 1024 or ports.stop > 65536:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not valid: expected 1024-65535, FIRST<=LAST"
        )
    return ports


FTP_PORT = env_int("HOMESEC_FTP_PORT", 2121, lo=0, hi=65535)
# Logins set from the environment, camera_id:password,... (the admin can set them too).
FTP_LOGINS = _ftp_logins(env_list("HOMESEC_FTP_LOGINS", []))
FTP_PASSIVE_PORTS = _port_range("HOMESEC_FTP_PASSIVE_PORTS", "60000-60099")
# Explicit FTPS: "offered" (TLS for cameras that can, plaintext for those that cannot),
# "required" (no plaintext login or transfer), "off".
FTP_TLS = env_choice("HOMESEC_FTP_TLS", "offered", ["offered", "required", "off"])

# --- Detection -----------------------------------------------------------------------

# One of detection.backends.REGISTRY (checked against it when the detection app loads).
DETECTOR = env_str("HOMESEC_DETECTOR", "darknet")
DETECTOR_MODEL = env_str("HOMESEC_DETECTOR_MODEL")  # a file; darknet needs none
DETECTOR_DEVICE = env_str("HOMESEC_DETECTOR_DEVICE", "cpu")  # cuda:0 on a GPU worker
# Frames per call of the model (a clip's frames; ultralytics only). Halved by the worker if
# the GPU runs out of memory.
DETECTOR_BATCH = env_int("HOMESEC_DETECTOR_BATCH", 16, lo=1, hi=512)

# --- LLM (any OpenAI-compatible server) ---------------------------------------------

# On by default: `make run` builds and starts llama.cpp's llama-server with SmolLM2-135M
# unless HOMESEC_LLM_URL names a server of your own (vLLM in production).
LLM_ENABLED = env_bool("HOMESEC_LLM", True)  # off: the explainable scorer judges alone
LLM_URL = service_url("HOMESEC_LLM_URL", "llm_url", "http://127.0.0.1:8080/v1")
LLM_MODEL = env_str("HOMESEC_LLM_MODEL", "SmolLM2-135M-Instruct")
LLM_API_KEY = env_str("HOMESEC_LLM_API_KEY")
LLM_TIMEOUT_SECONDS = env_float("HOMESEC_LLM_TIMEOUT_SECONDS", 60.0, lo=0.1)
LLM_RETRIES = env_int("HOMESEC_LLM_RETRIES", 2, lo=0, hi=10)
# Every event is published from the explainable scorer as its batch closes; the LLM's
# verdict updates it when it comes. Past this deadline the scorer's verdict is final for
# the rules that wait for the AI (they alert on it), and the page says the LLM was late.
LLM_DEADLINE_SECONDS = env_float("HOMESEC_LLM_DEADLINE_SECONDS", 20.0, lo=1.0)
LLM_TEMPERATURE = env_float("HOMESEC_LLM_TEMPERATURE", 0.2, lo=0.0, hi=2.0)
# The schema bounds an answer to 960 characters of text; a small model can spend a token
# per character, so 1000 leaves no valid answer cut off.
LLM_MAX_TOKENS = env_int("HOMESEC_LLM_MAX_TOKENS", 1000, lo=16)
from .settings_vision import LLM_VISION, LLM_VISION_IMAGES, LLM_VISION_MAX_SIDE  # noqa: E402, F401

# Who sets the score: "rules" (the explainable scorer; the LLM words it) or "llm".
RISK_SOURCE = env_choice("HOMESEC_RISK_SOURCE", "rules", ["rules", "llm"])
HOUSEHOLD_CONTEXT = env_str("HOMESEC_HOUSEHOLD_CONTEXT", "")
BATCH_CHECK_SECONDS = env_float("HOMESEC_BATCH_CHECK_SECONDS", 5.0, lo=0.1)
# Events the fallback judged are judged again by the LLM once it answers (beat).
REANALYZE_SECONDS = env_float("HOMESEC_REANALYZE_SECONDS", 60.0, lo=1.0)

# --- Retention -------------------------------------------------------------------

RETENTION_DAYS = env_int("HOMESEC_RETENTION_DAYS", 30, lo=1)
RETENTION_DELETE_ORIGINALS = env_bool("HOMESEC_RETENTION_DELETE_ORIGINALS", False)
RETENTION_HOUR = env_int("HOMESEC_RETENTION_HOUR", 3, lo=0, hi=23)  # local time, daily

# --- REST API ---------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so a refused request gets 401 with "WWW-Authenticate: Token".
        "homesec.tokens.TokenAuthentication",  # scripts, Home Assistant: "Authorization: Token …"
        "rest_framework.authentication.SessionAuthentication",  # the browser (CSRF on writes)
    ],
    "DEFAULT_PERMISSION_CLASSES": ["homesec.roles.ModelPermissions"],  # admin and member
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "homesec.errors.exception_handler",
    # HOMESEC_API_RATE per token, session or address; HOMESEC_API_USER_RATE per user.
    "DEFAULT_THROTTLE_CLASSES": ["homesec.throttles.ApiRate", "homesec.throttles.UserRate"],
}
REST_KNOX = {"TOKEN_TTL": None, "AUTO_REFRESH": False}  # revoked, not expired
SPECTACULAR_SETTINGS = {
    "TITLE": "homesec API",
    "DESCRIPTION": "Cameras, events, detections, alerts and operations of a homesec install.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# --- Alerts: homesec/settings_alerts.py ------------------------------------------

from .settings_alerts import *  # noqa: E402, F403

# --- Pipeline thresholds (defaults are the reference's) ---------------------------

DETECTION_CONFIDENCE_THRESHOLD = env_float(
    "HOMESEC_DETECTION_CONFIDENCE_THRESHOLD", 0.5, lo=0.0, hi=1.0
)
FAST_PATH_CONFIDENCE_THRESHOLD = env_float(
    "HOMESEC_FAST_PATH_CONFIDENCE_THRESHOLD", 0.90, lo=0.0, hi=1.0
)
FAST_PATH_OBJECT_TYPES = env_list("HOMESEC_FAST_PATH_OBJECT_TYPES", ["person"])
SECURITY_OBJECT_TYPES = env_list(
    "HOMESEC_SECURITY_OBJECT_TYPES",
    ["person", "car", "truck", "bus", "motorcycle", "bicycle", "dog", "cat", "bird", "horse"],
)
BATCH_WINDOW_SECONDS = env_int("HOMESEC_BATCH_WINDOW_SECONDS", 90, lo=1)
BATCH_IDLE_TIMEOUT_SECONDS = env_int("HOMESEC_BATCH_IDLE_TIMEOUT_SECONDS", 30, lo=1)
if BATCH_IDLE_TIMEOUT_SECONDS > BATCH_WINDOW_SECONDS:
    raise ImproperlyConfigured(
        f"HOMESEC_BATCH_IDLE_TIMEOUT_SECONDS ({BATCH_IDLE_TIMEOUT_SECONDS}) cannot be longer "
        f"than HOMESEC_BATCH_WINDOW_SECONDS ({BATCH_WINDOW_SECONDS})"
    )
DEDUPE_TTL_SECONDS = env_int("HOMESEC_DEDUPE_TTL_SECONDS", 300, lo=1)
AUTO_CREATE_CAMERAS = env_bool("HOMESEC_AUTO_CREATE_CAMERAS", True)
# `make run` feeds a demo camera with real photos so a new install shows events at once.
DEMO_CAMERA = env_bool("HOMESEC_DEMO", True)
DEMO_INTERVAL_SECONDS = env_float("HOMESEC_DEMO_INTERVAL_SECONDS", 300.0, lo=1.0)
DEMO_PHOTOS = env_int("HOMESEC_DEMO_PHOTOS", 12, lo=1)
CAMERA_OFFLINE_AFTER_SECONDS = env_int("HOMESEC_CAMERA_OFFLINE_AFTER_SECONDS", 600, lo=10)
DETECTION_TIMEOUT_SECONDS = env_int("HOMESEC_DETECTION_TIMEOUT_SECONDS", 30, lo=1)
TASK_MAX_RETRIES = env_int("HOMESEC_TASK_MAX_RETRIES", 3, lo=0, hi=20)

# Risk level is a pure function of the score: the lowest score of each band above "low".
RISK_BANDS = {
    "medium": env_int("HOMESEC_RISK_MEDIUM_FROM", 30, lo=1, hi=100),
    "high": env_int("HOMESEC_RISK_HIGH_FROM", 60, lo=1, hi=100),
    "critical": env_int("HOMESEC_RISK_CRITICAL_FROM", 85, lo=1, hi=100),
}
if not RISK_BANDS["medium"] < RISK_BANDS["high"] < RISK_BANDS["critical"]:
    raise ImproperlyConfigured(
        "HOMESEC_RISK_MEDIUM_FROM < HOMESEC_RISK_HIGH_FROM < HOMESEC_RISK_CRITICAL_FROM must "
        f"hold; got {RISK_BANDS['medium']}, {RISK_BANDS['high']}, {RISK_BANDS['critical']}"
    )

CIRCUIT_BREAKER_FAILURE_THRESHOLD = env_int("HOMESEC_CIRCUIT_BREAKER_FAILURE_THRESHOLD", 5, lo=1)
CIRCUIT_BREAKER_RECOVERY_SECONDS = env_float(
    "HOMESEC_CIRCUIT_BREAKER_RECOVERY_SECONDS", 30.0, lo=0.1
)
# System status (GPU, queues, cameras, services) collected and sent to /ws/system/.
SYSTEM_STATUS_INTERVAL_SECONDS = env_float("HOMESEC_SYSTEM_STATUS_INTERVAL_SECONDS", 5.0, lo=0.5)
GPU_HISTORY_DAYS = env_int("HOMESEC_GPU_HISTORY_DAYS", 7, lo=1)

# --- Celery's limits and logging: homesec/settings_celery.py ----------------------

from .settings_celery import *  # noqa: E402, F403
from .settings_operator import *  # noqa: E402,F403  clips, exports, digest (issue 19)
from .settings_ops import *  # noqa: E402, F403  (issue 19: throttling, logs, collector, TLS)

REST_FRAMEWORK["NUM_PROXIES"] = PROXIES  # noqa: F405  (HOMESEC_PROXIES)

# --- People and vehicles (faces, plates): homesec/settings_people.py --------------------
from .settings_people import *  # noqa: E402, F403

SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}),
    **PEOPLE_ENUMS,  # noqa: F405
}
