"""Shared by the benchmarks: embedded PostgreSQL and Redis under .run/bench, Django set up."""

import contextlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = ROOT / ".run" / "bench"
sys.path.insert(0, str(ROOT))


def start() -> list:
    """Start the servers (unless DATABASE_URL/REDIS_URL are set), migrate, set up Django."""
    os.environ.setdefault("HOMESEC_RUN_DIR", str(RUN_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homesec.settings")
    # The benches' webhook receivers are on loopback, which channels may not reach by default.
    os.environ.setdefault("HOMESEC_CHANNEL_NETWORKS", "127.0.0.0/8")
    servers = []
    if not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")):
        from runner import embedded

        servers = [embedded.start_postgres(RUN_DIR), embedded.start_redis(RUN_DIR)]
        os.environ["DATABASE_URL"], os.environ["REDIS_URL"] = servers[0].url, servers[1].url
    import django
    from django.core.management import call_command

    from homesec.env import prepare_run_dir

    prepare_run_dir()  # the secret key, as manage.py makes it
    django.setup()
    call_command("migrate", verbosity=0)
    return servers


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def seeded(events: int, detections: int) -> None:
    """At least ``events`` events in the bench database (seeded once, then kept)."""
    from django.core.management import call_command
    from django.db import connection

    from events.models import Event

    have = Event.objects.count()
    if have < events:
        print(f"seeding {events - have:,} events (once; kept in .run/bench)…")
        call_command("seed_events", events=events - have, detections=detections, seed=have + 1)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


@contextlib.contextmanager
def web(count: int):
    """`manage.py web` with ``count`` daphne processes on a free port, as `make run` starts
    the site; yields the port and the command's process."""
    from runner import processes

    port = processes.free_port()
    log = RUN_DIR / "logs" / "web-bench.log"
    log.unlink(missing_ok=True)
    argv = [
        sys.executable,
        "manage.py",
        "web",
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--processes",
        str(count),
    ]
    site = processes.spawn(argv, log_path=log, env=dict(os.environ), cwd=ROOT)
    try:
        if not processes.wait_until(lambda: "web: serving" in log.read_text(), timeout=60):
            raise SystemExit(f"the site did not start; see {log}")
        yield port, site
    finally:
        processes.stop(site)


def cpu_seconds(procs) -> float:
    """User + system CPU the processes have used (those that have exited count nothing)."""
    import psutil

    total = 0.0
    for process in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = process.cpu_times()
            total += times.user + times.system
    return total
