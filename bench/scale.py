"""Scale bench: the pipeline's own ceiling. The system as `make run` starts it (`manage.py
up`, every worker a process of its own) with the `null` detector — a fixed person in every
picture at --cost-ms per image, so the detector costs what the model it stands for would
(0: nothing) — fed N cameras at R photos/s for a set time. It reports:

- photos/s sustained: uploads taken to *done* per second while the feed ran, and after
  it, how long the backlog took to drain;
- upload → first event, p50 / p95 (the photo written into its camera folder → the event
  row), over the events of the whole run;
- CPU seconds per photo by process — each stage is a process: the watcher (ingest), the
  detect worker, the analysis worker (batching, the judge, alerts), the media worker,
  the web (the sockets' fan-out), beat, PostgreSQL, Redis — and each one's share of a core
  while the feed ran: the first to reach a whole core (one process, one core) or the cores
  between them all is what saturates first;
- an estimate, said to be one, of what a machine with --estimate-cores cores would reach:
  the cores divided by the CPU seconds all processes spend per photo, and no more than
  any one single-core process allows.

    .venv/bin/python bench/scale.py [--cameras 8] [--rate 8] [--seconds 120]
                                    [--cost-ms 0] [--uploads-at-once 1]
                                    [--estimate-cores 16] [--json FILE]

Everything it starts runs under .run/scale and is stopped at the end.
"""

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import faults  # noqa: E402  (the root on the path first)
from bench.fault_servers import LLM  # noqa: E402

RUN_DIR = ROOT / ".run" / "scale"
DRAIN_SECONDS = 600  # the most it waits for a backlog to be done after the feed
# The processes that use no more than this many cores, whatever the machine (their pool
# size in celeryconfig.worker_groups, or one loop): they cap the estimate.
CORES = {
    "watcher": 1,
    "beat": 1,
    "redis": 1,
    "ftp": 1,
    "worker-detect": 1,
    "worker-media": 1,
    "worker-llm": 1,
    "worker-analysis": 2,
    "home-assistant": 1,
}


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its descendants, those reaped included."""
    import psutil

    try:
        top = psutil.Process(pid)
        tree = top.children(recursive=True)
        times = top.cpu_times()
    except psutil.Error:
        return 0.0
    total = times.user + times.system + times.children_user + times.children_system
    for process in tree:
        try:
            own = process.cpu_times()
        except psutil.Error:
            continue  # ended between the listing and the reading: its parent counts it
        total += own.user + own.system + own.children_user + own.children_system
    return total


def processes() -> dict[str, int]:
    found = faults.state()
    return found.get("children", {}) | found.get("servers", {})


def drive(args, root: Path, cameras: list[str]) -> dict[str, float]:
    """Write the photos at the rate asked; when each was written, by its stored path."""
    written: dict[str, float] = {}
    total = int(args.rate * args.seconds)
    began = time.monotonic()
    for n, data in enumerate(faults.photos(total)):
        time.sleep(max(0.0, began + n / args.rate - time.monotonic()))
        relative = f"{cameras[n % len(cameras)]}/photo-{n:06d}.jpg"
        target = root / relative
        target.with_suffix(".part").write_bytes(data)
        target.with_suffix(".part").rename(target)
        written[relative] = time.time()
    return written


def done_count() -> int:
    from detection.models import MediaFile

    return MediaFile.objects.filter(state__in=["done", "failed", "rejected"]).count()


def latencies(written: dict[str, float]) -> list[float]:
    """Seconds from each event's first photo written to its row."""
    from django.db.models import Min

    from events.models import Event

    rows = Event.objects.annotate(first=Min("detections__media__path")).values_list(
        "first", "created_at"
    )
    return sorted(
        created.timestamp() - written[first] for first, created in rows if first in written
    )


def measure(args) -> dict:
    import django

    os.environ["HOMESEC_RUN_DIR"] = str(RUN_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homesec.settings")
    django.setup()
    from django.conf import settings

    cameras = [f"Camera {n + 1}" for n in range(args.cameras)]
    root = Path(settings.CAMERA_ROOT)
    for name in cameras:
        (root / name).mkdir(parents=True, exist_ok=True)
    named = processes()
    before = {name: cpu_seconds(pid) for name, pid in named.items()}
    began = time.monotonic()
    written = drive(args, root, cameras)
    fed = time.monotonic() - began
    done_while_fed = done_count()
    during = {name: cpu_seconds(pid) - before[name] for name, pid in named.items()}
    deadline = time.monotonic() + DRAIN_SECONDS
    while done_count() < len(written) and time.monotonic() < deadline:
        time.sleep(1)
    drained = time.monotonic() - began - fed
    after = {name: cpu_seconds(pid) - before[name] for name, pid in named.items()}
    restarted = sorted(name for name, pid in processes().items() if named.get(name) != pid)
    for name in restarted:  # its CPU went with its old process: not a figure
        during.pop(name, None)
        after.pop(name, None)
    done = done_count()
    waited = latencies(written)
    return {
        "photos written": len(written),
        "photos done": done,
        "feed seconds": round(fed, 1),
        "done while fed per s": round(done_while_fed / fed, 2),
        "done per s, backlog included": round(done / (fed + drained), 2),
        "drain seconds": round(drained, 1),
        "drained": done >= len(written),
        "restarted": restarted,
        "events": len(waited),
        "upload to event p50 s": round(statistics.median(waited), 2) if waited else None,
        "upload to event p95 s": round(waited[int(0.95 * (len(waited) - 1))], 2)
        if waited
        else None,
        "share of a core while fed": {k: round(v / fed, 2) for k, v in during.items()},
        "CPU s per photo": {k: round(v / max(done, 1), 4) for k, v in after.items()},
    }


def report(args, found: dict) -> str:
    per_photo = found["CPU s per photo"]
    share = found["share of a core while fed"]
    total = sum(per_photo.values())
    busiest = max(share, key=share.get)
    caps = [args.estimate_cores / total]
    caps += [CORES.get(name, 1) / v for name, v in per_photo.items() if name in CORES and v > 0]
    if args.cost_ms:  # the stand-in sleeps: its cost is time, not CPU, one image at a time
        caps.append(1000 / args.cost_ms)
    lines = [
        f"scale: null detector at {args.cost_ms:g} ms an image, {args.cameras} cameras, "
        f"{args.rate:g} photos/s for {args.seconds:g} s ({platform.node()}, "
        f"{os.cpu_count()} cores)",
        "",
        f"photos: {found['photos written']} written, {found['photos done']} done; "
        f"{found['done while fed per s']}/s while fed, "
        f"{found['done per s, backlog included']}/s with the backlog "
        f"({'drained' if found.get('drained', True) else 'NOT drained'} in "
        f"{found['drain seconds']} s)"
        + (
            f"; restarted meanwhile, left out: {', '.join(found['restarted'])}"
            if found.get("restarted")
            else ""
        ),
        f"upload → event: p50 {found['upload to event p50 s']} s, "
        f"p95 {found['upload to event p95 s']} s ({found['events']} events)",
        "",
        "| process | CPU s per photo | share of a core while fed |",
        "| --- | --- | --- |",
    ]
    for name in sorted(per_photo, key=per_photo.get, reverse=True):
        lines.append(f"| {name} | {per_photo[name]:.4f} | {share[name]:.2f} |")
    lines += [
        f"| all | {total:.4f} | {sum(share.values()):.2f} |",
        "",
        f"busiest while fed: {busiest} ({share[busiest]:.2f} of a core); all processes "
        f"{sum(share.values()):.2f} of {os.cpu_count()} cores",
        f"estimate, not a measurement: {args.estimate_cores} cores would reach about "
        f"{min(caps):.0f} photos/s ({args.estimate_cores} / {total:.4f} CPU s per photo"
        + (", capped by a process of few cores or the detector" if min(caps) < caps[0] else "")
        + ")",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cameras", type=int, default=8)
    parser.add_argument("--rate", type=float, default=8.0, help="photos per second, in all")
    parser.add_argument("--seconds", type=float, default=120.0, help="how long it feeds")
    parser.add_argument("--cost-ms", type=float, default=0.0, help="the detector's per image")
    parser.add_argument("--estimate-cores", type=int, default=16)
    parser.add_argument(
        "--uploads-at-once", type=int, default=1, help="HOMESEC_DETECT_UPLOADS_AT_ONCE"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    faults.RUN_DIR = RUN_DIR  # start_system and state() run the system here
    if RUN_DIR.exists():
        subprocess.run(["rm", "-rf", str(RUN_DIR)], check=True)  # a fresh system each run
    RUN_DIR.mkdir(parents=True)
    for name in ("DATABASE_URL", "REDIS_URL"):  # the system measured is the one started here
        os.environ.pop(name, None)
    os.environ["HOMESEC_DETECTOR"] = "null"
    os.environ["HOMESEC_NULL_DETECTOR_MS"] = str(args.cost_ms)
    os.environ["HOMESEC_DETECT_UPLOADS_AT_ONCE"] = str(args.uploads_at_once)
    llm = LLM()
    print(f"starting the system under {RUN_DIR} (`manage.py up`, null detector)…", flush=True)
    runner = faults.start_system(llm, settle_reconcile=60)
    try:
        found = measure(args)
    finally:
        runner.send_signal(signal.SIGTERM)
        runner.wait(timeout=120)
    print(report(args, found), flush=True)
    if args.json:
        args.json.write_text(json.dumps(found, indent=1))


if __name__ == "__main__":
    main()
