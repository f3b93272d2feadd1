"""Core: Django itself, the install's folders, its secret, the hosts it answers to, and the
apps, middleware and templates it is made of."""

from . import env
from .env import (
    env_bool,
    env_list,
    env_path,
    env_str,
    machine_time_zone,
    read_secret,
    run_dir,
    secret_key_file,
)

TOPIC = "Core: Django, folders, hosts"

BASE_DIR = env.BASE_DIR
RUN_DIR = run_dir()

# Made by manage.py (or any process start) on first use, kept in RUN_DIR/secrets/.
SECRET_KEY = env_str(
    "HOMESEC_SECRET_KEY",
    help="Django's secret key (signs sessions and tokens)",
    shown="generated in `RUN_DIR/secrets` by the first `manage.py` command",
) or read_secret(secret_key_file())
DEBUG = env_bool("HOMESEC_DEBUG", False, help="Django's debug pages; never on a reachable site")
ALLOWED_HOSTS = env_list(
    "HOMESEC_ALLOWED_HOSTS",
    ["localhost", "127.0.0.1", "[::1]"],
    help="host names the site answers to",
)
CSRF_TRUSTED_ORIGINS = env_list(
    "HOMESEC_CSRF_TRUSTED_ORIGINS",
    [],
    help="origins trusted for forms behind a proxy, e.g. `https://homesec.example.lan`",
)
# "Night" is night where the cameras are: the machine's own zone unless told otherwise.
TIME_ZONE = env_str(
    "HOMESEC_TIME_ZONE",
    machine_time_zone(),
    help="local time zone for events, prompts, digest and retention (an IANA name, "
    "e.g. `Europe/Madrid`)",
    shown="the machine's own (`TZ`, `/etc/timezone` or `/etc/localtime`), else `UTC`",
)
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
    "household",
    "analysis",
    "ingest",
    "ops",
    "reports",
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
STATIC_ROOT = env_str(
    "HOMESEC_STATIC_ROOT",
    help="unset, the site serves its own static files (whitenoise); set it and run "
    "`manage.py collectstatic` to hand them to a front proxy",
)

MEDIA_ROOT = env_path(
    "HOMESEC_MEDIA_ROOT",
    RUN_DIR / "media",
    help="what homesec makes: thumbnails, face crops, event clips, exports",
    shown="`RUN_DIR/media`",
)
MEDIA_URL = "media/"
