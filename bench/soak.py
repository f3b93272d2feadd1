"""Soak bench: the system as `make run` starts it (`manage.py up`), run for a set time at
a household's rate — 8 cameras, one photo each every 10 s (the packages' photos, each
made distinct), every event alerted to a real local webhook, an OpenAI-compatible LLM
of the bench's own — sampling each minute every process's memory (RSS, its worker
children included) and open files, PostgreSQL's database size, Redis's memory and the
media on disk. At the end it prints each series' first and last value after the warm-up
and its slope per hour (least squares) over all of it and over its second half, so
anything that grows without bound shows, and what levels off shows levelling off.

Retention runs at each reading with an age of --retain minutes (the daily task's own
code, ops/retention.py, originals included), so a run of hours shows whether it keeps
the database and the disk flat; --retain 0 leaves it to the daily task.

    .venv/bin/python bench/soak.py [--minutes 120] [--cameras 8] [--every 10]
                                   [--sample 60] [--warmup 10] [--retain 30] [--json FILE]

Everything it starts runs under .run/soak and is stopped at the end.
"""

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import faults  # noqa: E402  (the root on the path first)
from bench.fault_servers import LLM, Receiver  # noqa: E402

RUN_DIR = ROOT / ".run" / "soak"


def slope_per_hour(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, value) points, per hour; 0 with fewer than two."""
    if len(points) < 2:
        return 0.0
    n = len(points)
    mean_t = sum(t for t, _ in points) / n
    mean_v = sum(v for _, v in points) / n
    spread = sum((t - mean_t) ** 2 for t, _ in points)
    if spread == 0:
        return 0.0
    return sum((t - mean_t) * (v - mean_v) for t, v in points) / spread * 3600


def process_tree(pid: int) -> tuple[float, int]:
    """(RSS in MiB, open files) of a process and all its descendants; (0, 0) when gone."""
    import psutil

    try:
        top = psutil.Process(pid)
        tree = [top, *top.children(recursive=True)]
    except psutil.Error:
        return 0.0, 0
    rss, files = 0, 0
    for process in tree:
        try:
            rss += process.memory_info().rss
            files += process.num_fds()
        except psutil.Error:
            continue  # ended between the listing and the reading
    return rss / 2**20, files


def folder_mib(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def sample() -> dict[str, float]:
    """One reading of every series, by name."""
    from django.conf import settings
    from django.db import connection

    from homesec.store import redis_client

    found = faults.state()
    named = found.get("children", {}) | found.get("servers", {})
    reading: dict[str, float] = {}
    for name, pid in sorted(named.items()):
        rss, files = process_tree(pid)
        reading[f"{name} RSS MiB"], reading[f"{name} open files"] = rss, files
    connection.close()  # PostgreSQL is the runner's: a fresh connection each minute
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        reading["PostgreSQL database MiB"] = cursor.fetchone()[0] / 2**20
    memory: dict = redis_client().info("memory")  # type: ignore[assignment]
    reading["Redis used MiB"] = memory["used_memory"] / 2**20
    reading["media on disk MiB"] = folder_mib(Path(settings.MEDIA_ROOT))
    reading["camera folders MiB"] = folder_mib(Path(settings.CAMERA_ROOT))
    return reading


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=120.0, help="how long it runs")
    parser.add_argument("--cameras", type=int, default=8)
    parser.add_argument(
        "--every", type=float, default=10.0, help="seconds between a camera's photos"
    )
    parser.add_argument("--sample", type=float, default=60.0, help="seconds between readings")
    parser.add_argument("--warmup", type=float, default=10.0, help="minutes left out of the slopes")
    parser.add_argument(
        "--retain", type=float, default=30.0, help="minutes kept by retention; 0: daily only"
    )
    parser.add_argument("--json", type=Path, help="also write every reading here")
    args = parser.parse_args()
    faults.RUN_DIR = RUN_DIR  # start_system and state() run the system here
    if (RUN_DIR / "postgres").exists():
        subprocess.run(["rm", "-rf", str(RUN_DIR)], check=True)  # a fresh system each run
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("DATABASE_URL", "REDIS_URL"):  # the system measured is the one started here
        os.environ.pop(name, None)
    if args.retain:
        os.environ["HOMESEC_RETENTION_DELETE_ORIGINALS"] = "1"
    llm, receiver = LLM(), Receiver()
    print(f"starting the system under {RUN_DIR} (`manage.py up`)…", flush=True)
    runner = faults.start_system(llm, settle_reconcile=60)
    try:
        readings = soak(args, receiver)
    finally:
        runner.send_signal(signal.SIGTERM)
        runner.wait(timeout=120)
    print(report(args, readings), flush=True)
    if args.json:
        args.json.write_text(json.dumps(readings, indent=1))


def soak(args, receiver: Receiver) -> list[dict]:
    os.environ["HOMESEC_RUN_DIR"] = str(RUN_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homesec.settings")
    import django

    django.setup()
    from django.conf import settings

    from alerts.models import AlertRule, Channel
    from ops.retention import cleanup

    channel = Channel.objects.create(
        name="soak receiver", kind="webhook", target=f"http://127.0.0.1:{receiver.port}/hook"
    )
    AlertRule.objects.create(name="every event", min_risk_score=0, cooldown_seconds=0)
    AlertRule.objects.get(name="every event").channels.add(channel)
    cameras = [f"Camera {n + 1}" for n in range(args.cameras)]
    root = Path(settings.CAMERA_ROOT)
    for name in cameras:
        (root / name).mkdir(parents=True, exist_ok=True)
    rate = args.cameras / args.every
    total = int(args.minutes * 60 * rate)
    print(
        f"{args.minutes:g} min at {rate:g} photos/s ({args.cameras} cameras, one each every "
        f"{args.every:g} s): {total} photos; a reading every {args.sample:g} s",
        flush=True,
    )
    began, next_sample = time.monotonic(), time.monotonic()
    readings: list[dict] = []
    removed: dict[str, int] = {}
    for n, data in enumerate(faults.photos(total)):
        time.sleep(max(0.0, began + n / rate - time.monotonic()))
        target = root / cameras[n % len(cameras)] / f"photo-{n:06d}.jpg"
        target.with_suffix(".part").write_bytes(data)
        target.with_suffix(".part").rename(target)
        if time.monotonic() >= next_sample:
            next_sample += args.sample
            if args.retain:
                try:
                    for name, count in cleanup(days=args.retain / 1440).rows.items():
                        removed[name] = removed.get(name, 0) + count
                except Exception as exc:  # said, counted, and the soak goes on
                    print(f"  retention failed: {exc!r}", flush=True)
                    removed["failed rounds"] = removed.get("failed rounds", 0) + 1
            readings.append({"seconds": round(time.monotonic() - began), **sample()})
            print(f"  {readings[-1]['seconds'] / 60:5.1f} min  {_line(readings[-1])}", flush=True)
    readings.append({"seconds": round(time.monotonic() - began), **sample()})
    readings[-1]["counts"] = counts(total)
    readings[-1]["removed by retention"] = removed
    return readings


def counts(written: int) -> dict[str, int]:
    """What the system made of the photos, at the end (it may still be finishing some)."""
    from alerts.models import Delivery
    from detection.models import MediaFile
    from events.models import Event
    from homesec.models import DeadLetter

    return {
        "photos written": written,
        "uploads done": MediaFile.objects.filter(state="done").count(),
        "events": Event.objects.count(),
        "deliveries delivered": Delivery.objects.filter(status="delivered").count(),
        "deliveries dead": Delivery.objects.filter(status="dead").count(),
        "dead letters": DeadLetter.objects.count(),
    }


def _line(reading: dict) -> str:
    rss = sum(v for k, v in reading.items() if k.endswith("RSS MiB"))
    return (
        f"RSS {rss:.0f} MiB in all, PostgreSQL {reading['PostgreSQL database MiB']:.1f} MiB, "
        f"Redis {reading['Redis used MiB']:.1f} MiB, media {reading['media on disk MiB']:.0f} MiB"
    )


def report(args, readings: list[dict]) -> str:
    kept = [r for r in readings if r["seconds"] >= args.warmup * 60] or readings
    names = [k for k in readings[-1] if k not in ("seconds", "counts", "removed by retention")]
    lines = [
        f"soak: {args.minutes:g} min, {args.cameras} cameras, a photo each every "
        f"{args.every:g} s; {len(readings)} readings, the first {args.warmup:g} min left "
        f"out of the slopes ({platform.node()}, {os.cpu_count()} cores)",
        "",
        "| series | after warm-up | at the end | slope per hour | in the second half |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name in names:
        points = [(r["seconds"], r[name]) for r in kept if name in r]
        first, last = points[0][1], points[-1][1]
        half = slope_per_hour(points[len(points) // 2 :])
        lines.append(
            f"| {name} | {first:.1f} | {last:.1f} | {slope_per_hour(points):+.2f} | {half:+.2f} |"
        )
    made = readings[-1].get("counts", {})
    lines += ["", ", ".join(f"{what}: {n}" for what, n in made.items())]
    if removed := readings[-1].get("removed by retention"):
        lines.append(
            f"removed by retention (older than {args.retain:g} min): "
            + ", ".join(f"{n} {what}" for what, n in removed.items())
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
