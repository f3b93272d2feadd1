"""pytest plugin: the embedded PostgreSQL and Redis, started once per test session.

Loaded by ``-p tests.servers`` (pyproject.toml), so both servers are up and
DATABASE_URL / REDIS_URL are set before pytest-django reads the settings. Set both
variables yourself to run the suite against servers of your own.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = ROOT / ".run" / "test"

_started = []


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    os.environ.setdefault("HOMESEC_RUN_DIR", str(RUN_DIR))
    if os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"):
        return
    import redis

    from homesec import embedded

    postgres = embedded.start_postgres(RUN_DIR)
    _started.append(postgres)
    broker = embedded.start_redis(RUN_DIR)
    _started.append(broker)
    redis.Redis.from_url(broker.url).flushall()
    os.environ["DATABASE_URL"] = postgres.url
    os.environ["REDIS_URL"] = broker.url


def pytest_unconfigure(config):
    while _started:
        _started.pop().stop()
