"""An install that ran the migrations before the squash (analysis, detection and events
squashed; the household's tables moved out of analysis, batches into detection) upgrades
with every row kept, and ends with exactly the schema a fresh install gets."""

import json
import os
import subprocess
import sys

import psycopg
import pytest

from tests.conftest import database_url_of_test_db
from tests.servers import ROOT

LEGACY = "tests.legacy_migrations.settings"


def manage(url: str, *args: str, settings: str = "homesec.settings") -> str:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": settings}
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def schema(url: str) -> set[tuple]:
    """Every column, index and constraint of the public schema, as PostgreSQL says it."""
    with psycopg.connect(url) as db:
        columns = db.execute(
            "SELECT 'column', table_name, column_name, data_type, is_nullable, column_default"
            " FROM information_schema.columns WHERE table_schema = 'public'"
        ).fetchall()
        indexes = db.execute(
            "SELECT 'index', tablename, indexname, indexdef FROM pg_indexes"
            " WHERE schemaname = 'public'"
        ).fetchall()
        constraints = db.execute(
            "SELECT 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
        ).fetchall()
    return set(columns) | set(indexes) | set(constraints)


@pytest.fixture
def databases(django_db_setup, django_db_blocker):
    """Two empty databases beside the tests': one for an old install, one for a fresh."""
    with django_db_blocker.unblock():
        tests = database_url_of_test_db()
    server, name = tests.rsplit("/", 1)
    names = [f"{name}_old", f"{name}_fresh"]
    with psycopg.connect(tests, autocommit=True) as db:
        for each in names:
            db.execute(f'DROP DATABASE IF EXISTS "{each}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{each}"')
    yield [f"{server}/{each}" for each in names]
    with psycopg.connect(tests, autocommit=True) as db:
        for each in names:
            db.execute(f'DROP DATABASE IF EXISTS "{each}" WITH (FORCE)')


def test_an_old_install_upgrades_with_its_rows_and_ends_as_a_fresh_one(databases):
    old, fresh = databases
    manage(old, "migrate", settings=LEGACY)
    written = json.loads(
        manage(
            old,
            "shell",
            "-c",
            "from tests.legacy_migrations.rows import write; write()",
            settings=LEGACY,
        ).splitlines()[-1]
    )

    upgrade = manage(old, "migrate")
    assert "Applying household.0002_tables_renamed... OK" in upgrade
    assert "Applying detection.0002_tables_renamed... OK" in upgrade
    assert "0001_squashed" not in upgrade  # the squashed history counts as applied
    found = json.loads(
        manage(
            old, "shell", "-c", "from tests.legacy_migrations.rows import read; read()"
        ).splitlines()[-1]
    )

    assert found == {
        "batch": written["batch"],
        "event batch": written["batch"],
        "event detections": [written["detection"]],  # a detection already gone is dropped
        "detection batch": written["batch"],
        "face": [written["face"], "Sam", written["detection"], 128],
        "person": written["person"],
        "vehicle": [written["vehicle"], "AB12CDE"],
        "plate_read": written["plate_read"],
        "incident events": [[written["event"]]],
        "visitor": [written["visitor"], [written["camera"]], [written["zone"]]],
        "household": "We have a dog.",
        "sam may change people": True,  # the permission followed the model to household
    }
    manage(fresh, "migrate")
    upgraded, made_fresh = schema(old), schema(fresh)
    assert len(made_fresh) > 500  # every table's columns, indexes and constraints
    assert upgraded - made_fresh == set()
    assert made_fresh - upgraded == set()
    manage(old, "migrate", "--check")  # nothing left to apply
