"""The process's Redis client, for what homesec keeps in Redis itself: duplicate-check
keys, the numbered log of live messages, the latest system status."""

from functools import cache

import redis
from django.conf import settings


@cache
def redis_client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
