"""The embedded PostgreSQL and Redis: started under the run directory, crash leftovers handled."""

import os

import psutil
import psycopg
import pytest
import redis

from runner import embedded


def query(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []


def test_postgres_keeps_its_data_across_restarts_and_ignores_a_stale_pid_file(run_dir):
    server = embedded.start_postgres(run_dir)
    query(server.url, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')")
    server.stop()
    # A crash leaves postmaster.pid behind, naming a process that is long gone.
    (run_dir / "postgres" / "postmaster.pid").write_text("4194000\n" + str(run_dir) + "\n")
    again = embedded.start_postgres(run_dir)
    try:
        assert query(again.url, "SELECT note FROM kept") == [("still here",)]
    finally:
        again.stop()


@pytest.mark.parametrize("start", [embedded.start_postgres, embedded.start_redis])
def test_a_server_left_running_by_a_crashed_run_is_replaced(run_dir, start):
    leftover = start(run_dir)
    replacement = start(run_dir)
    try:
        assert leftover.process.wait(timeout=30) is not None  # the old one was stopped
        assert replacement.alive
        assert replacement.url != leftover.url  # a fresh password-protected URL, a new port
    finally:
        replacement.stop()
        leftover.stop()


def test_redis_requires_its_password(run_dir):
    server = embedded.start_redis(run_dir)
    try:
        assert redis.Redis.from_url(server.url).ping()
        with pytest.raises(redis.AuthenticationError):
            redis.Redis(host="127.0.0.1", port=server.port).ping()
        # The password is not on the command line for other users to see.
        password = server.url.split(":")[2].split("@")[0]
        assert password not in " ".join(psutil.Process(server.process.pid).cmdline())
    finally:
        server.stop()


def test_postgres_refuses_a_wrong_password(run_dir):
    server = embedded.start_postgres(run_dir)
    try:
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(server.url.replace("postgres://postgres:", "postgres://postgres:x"))
    finally:
        server.stop()


@pytest.mark.skipif(os.geteuid() != 0, reason="as root PostgreSQL runs as another user")
def test_a_folder_the_postgres_user_cannot_enter_is_a_clear_error(run_dir):
    locked = run_dir / "locked"
    locked.mkdir(parents=True)
    locked.chmod(0o700)
    with pytest.raises(embedded.EmbeddedError, match=r"cannot enter .*locked.*DATABASE_URL"):
        embedded.start_postgres(locked / "run")


def test_a_run_folder_that_does_not_exist_yet_is_fine(run_dir):
    assert embedded.postgres_can_reach(run_dir / "not" / "yet" / "made")
