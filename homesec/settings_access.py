"""Logins and the API: login lockout, request body limits, the REST API and its throttling,
tokens, and the reverse proxies believed."""

from .env import env_float, env_int, env_rate

TOPIC = "Logins and the API"

# Login attempts are rate-limited (django-axes): after HOMESEC_LOGIN_FAILURE_LIMIT
# failures for one user name from one address, that pair is locked out for a while.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int(
    "HOMESEC_LOGIN_FAILURE_LIMIT",
    5,
    lo=1,
    help="failed logins for one user name from one address before that pair is locked out",
)
_lockout_minutes = env_float(
    "HOMESEC_LOGIN_LOCKOUT_MINUTES", 15.0, lo=0.1, help="how long a lockout lasts, in minutes"
)
AXES_COOLOFF_TIME = _lockout_minutes / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Bodies are refused while they arrive (runner/daphne.py, homesec/bodies.py): a request
# with credentials may send DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), an anonymous one this.
ANONYMOUS_BODY_LIMIT = env_int(
    "HOMESEC_ANONYMOUS_BODY_LIMIT",
    64 * 1024,
    lo=1024,
    help="bytes a request without credentials may send (with them: 2.5 MB)",
)

# Requests a minute (the reference's RATE_LIMIT_REQUESTS_PER_MINUTE) per API token, per
# logged-in user and per anonymous address; then 429 with Retry-After.
API_RATE = env_rate(
    "HOMESEC_API_RATE",
    "60/min",
    help="API requests per token, logged-in user or anonymous address; then 429",
)
# And for one user across all their tokens and browser sessions together: a new token buys
# no new budget.
API_USER_RATE = env_rate(
    "HOMESEC_API_USER_RATE",
    "300/min",
    help="API requests per user, all their tokens and sessions together",
)
# Live API tokens one user may hold; past it, a new one is refused until one is revoked.
TOKENS_PER_USER = env_int(
    "HOMESEC_TOKENS_PER_USER", 10, lo=1, hi=1000, help="live API tokens one user may hold"
)
# Reverse proxies in front of the site whose X-Forwarded-For is believed (DRF's NUM_PROXIES):
# 0, the default, counts an anonymous caller by its connection's address, whatever the header
# claims; 1 behind one proxy (its address is then the header's last entry).
PROXIES = env_int(
    "HOMESEC_PROXIES",
    0,
    lo=0,
    hi=10,
    help="reverse proxies in front of the site whose `X-Forwarded-For` is believed",
)

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
    "NUM_PROXIES": PROXIES,  # HOMESEC_PROXIES
}
REST_KNOX = {"TOKEN_TTL": None, "AUTO_REFRESH": False}  # revoked, not expired
SPECTACULAR_SETTINGS = {
    "TITLE": "homesec API",
    "DESCRIPTION": "Cameras, events, detections, alerts and operations of a homesec install.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # The schema names the two "role" choice sets of people and vehicles apart.
    "ENUM_NAME_OVERRIDES": {
        "PersonRoleEnum": "household.models.Person.Role",
        "VehicleRoleEnum": "household.models.Vehicle.Role",
    },
}
