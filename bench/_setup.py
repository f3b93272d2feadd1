"""Shared by the benchmarks: embedded PostgreSQL and Redis under .run/bench, Django set up."""

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
    servers = []
    if not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")):
        from homesec import embedded

        servers = [embedded.start_postgres(RUN_DIR), embedded.start_redis(RUN_DIR)]
        os.environ["DATABASE_URL"], os.environ["REDIS_URL"] = servers[0].url, servers[1].url
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return servers


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
