"""The fast duplicate check: a content hash remembered in Redis for a while.

Redis may be gone or flushed at any time; then this says "new" and PostgreSQL's
unique constraint on the hash decides.
"""

import contextlib
import logging

import redis
from django.conf import settings

from homesec.store import redis_client

log = logging.getLogger(__name__)


def first_sighting(sha256: str, path: str) -> bool:
    """True unless this content was seen within the dedupe TTL at another path. The same
    path again is the same file tried again (a watcher killed between this sighting and
    its row: PostgreSQL's unique hash decides), not a copy of itself."""
    try:
        client, key = redis_client(), f"dedupe:{sha256}"
        if client.set(key, path, nx=True, ex=settings.DEDUPE_TTL_SECONDS):
            return True
        return client.get(key) == path.encode()
    except redis.RedisError as exc:
        log.warning("dedupe check skipped, Redis unavailable: %s", exc)
        return True


def forget(sha256: str) -> None:
    """Undo a sighting whose file could not be recorded, so a later try is not a duplicate."""
    with contextlib.suppress(redis.RedisError):
        redis_client().delete(f"dedupe:{sha256}")
