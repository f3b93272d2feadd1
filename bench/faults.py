"""Faults bench: the system as `make run` starts it (`manage.py up`: embedded PostgreSQL
and Redis, the web, the detect, analysis and llm workers, beat and the watcher), N
distinct photos written into 8 camera folders at a steady rate, an alert rule for every
event with a webhook to a real local receiver that fails 20 % of requests, and an
OpenAI-compatible LLM server of the bench's own. During the burst, once each: SIGKILL
of the detect, analysis and llm workers and of beat, SIGKILL of Redis and a fast
shutdown of PostgreSQL, the LLM accepting requests and answering none for `--hang`
seconds, then SIGKILL of the watcher, the web, the FTP receiver and the media worker —
every kind of process `make run` starts (the runner restarts each).

    .venv/bin/python bench/faults.py [--photos 1000] [--rate 4] [--hang 120] [--no-faults]
                                     [--run-dir DIR] [--settle-limit S] [--json]

It prints what the guarantees promise, counted from PostgreSQL and from the receiver:
uploads done exactly once, duplicate detections, batches with detections beside events,
alerts per (rule, event), deliveries received beside their distinct keys, dead letters,
upload→event latency (p50/p95) while the LLM hangs beside before any fault, and the
time the system took to settle after the last fault. Everything it starts runs under
.run/faults and is stopped at the end.
"""

import argparse
import io
import json
import os
import platform
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = ROOT / ".run" / "faults"
sys.path.insert(0, str(ROOT))
from bench.fault_servers import LLM, Receiver  # noqa: E402  (the root on the path first)

CAMERAS = ["Front Door", "Back Door", "Garage", "Garden", "Drive", "Porch", "Side Gate", "Shed"]
FAULTS = [  # (share of the burst written, what): every kind of process, once
    (0.10, "kill the detect worker"), (0.20, "kill the analysis worker"),
    (0.30, "kill the llm worker"), (0.40, "kill beat"), (0.50, "kill Redis"),
    (0.60, "restart PostgreSQL"), (0.70, "hang the LLM"), (0.75, "kill the watcher"),
    (0.80, "kill the web"), (0.85, "kill the FTP receiver"), (0.90, "kill the media worker"),
]  # fmt: skip


# --- the system -----------------------------------------------------------------------


def start_system(llm: LLM, settle_reconcile: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "HOMESEC_RUN_DIR": str(RUN_DIR),
        "HOMESEC_DEMO": "off",
        "HOMESEC_LLM_URL": f"http://127.0.0.1:{llm.port}/v1",
        "HOMESEC_LLM_TIMEOUT_SECONDS": "10",
        "HOMESEC_LLM_RETRIES": "1",
        "HOMESEC_BATCH_WINDOW_SECONDS": "20",
        "HOMESEC_BATCH_IDLE_TIMEOUT_SECONDS": "4",
        "HOMESEC_FILE_STABLE_SECONDS": "1",
        "HOMESEC_RECONCILE_INTERVAL_SECONDS": str(settle_reconcile),
        "HOMESEC_PENDING_TIMEOUT_SECONDS": "60",
        "HOMESEC_PORT": "0",
        "HOMESEC_FTP_PORT": "0",
        # A photo is detected in well under a second: with a 1-minute limit, the upload a
        # killed worker held is redone by the reconciler after 2 minutes, not 6.
        "HOMESEC_CELERY_TASK_TIME_LIMIT": "60",
        "HOMESEC_CELERY_TASK_SOFT_TIME_LIMIT": "50",
        "HOMESEC_FLOWER_PORT": "0",
        "HOMESEC_CHANNEL_NETWORKS": "127.0.0.0/8",  # the bench's webhook receiver is on loopback
    }
    log = open(RUN_DIR / "up.log", "wb")  # noqa: SIM115 (the runner's for its life)
    runner = subprocess.Popen(
        [sys.executable, "manage.py", "up"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 600
    while not state().get("ready"):
        if runner.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"`manage.py up` did not start; see {RUN_DIR / 'up.log'}")
        time.sleep(1)
    return runner


def state() -> dict:
    try:
        return json.loads((RUN_DIR / "runner.json").read_text())
    except (OSError, ValueError):
        return {}


def pid_of(name: str) -> int:
    found = state()
    return (found.get("children", {}) | found.get("servers", {}))[name]


def fault(what: str, llm: LLM, hang: float) -> None:
    names = {
        "kill the detect worker": "worker-detect",
        "kill the analysis worker": "worker-analysis",
        "kill the llm worker": "worker-llm",
        "kill beat": "beat",
        "kill Redis": "redis",
        "kill the watcher": "watcher",
        "kill the web": "web",
        "kill the FTP receiver": "ftp",
        "kill the media worker": "worker-media",
    }
    if what in names:
        os.kill(pid_of(names[what]), signal.SIGKILL)
    elif what == "restart PostgreSQL":
        os.kill(pid_of("postgres"), signal.SIGINT)  # fast shutdown; the runner starts it again
    elif what == "hang the LLM":
        llm.hang_until = time.monotonic() + hang


# --- the burst and the counts -----------------------------------------------------------


def photos(count: int):
    """``count`` distinct JPEGs: the packages' photos, each with a different mark."""
    from PIL import Image, ImageDraw

    from tests.media import BUS, ZIDANE

    originals = [Image.open(BUS).convert("RGB"), Image.open(ZIDANE).convert("RGB")]
    for n in range(count):
        image = originals[n % 2].copy()
        image.thumbnail((960, 960))
        draw = ImageDraw.Draw(image)
        for bit in range(16):  # n in black and white 8-pixel squares: distinct after JPEG
            white = (n >> bit) & 1
            draw.rectangle((bit * 8, 0, bit * 8 + 7, 7), fill=(255,) * 3 if white else (0,) * 3)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
        yield out.getvalue()


def unsettled(total: int) -> dict[str, int]:
    """What is still to do: uploads not done, batches not analysed, events waiting for a
    verdict, deliveries not through (all zero: settled)."""
    from alerts.models import Delivery
    from cameras.models import RejectedUpload
    from detection.models import Batch, MediaFile
    from events.models import Event

    finished = MediaFile.objects.filter(state__in=["done", "failed"]).count()
    return {
        "uploads": max(0, total - finished - RejectedUpload.objects.count()),
        "batches": Batch.objects.filter(state__in=["open", "closed"]).count(),
        "events waiting for their final verdict": Event.objects.filter(
            analysis_source="rules"
        ).count(),
        "deliveries": Delivery.objects.filter(status__in=["pending", "sending"]).count(),
    }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def main() -> None:
    global RUN_DIR  # --run-dir
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=4.0, help="photos per second")
    parser.add_argument("--hang", type=float, default=120.0, help="seconds the LLM hangs")
    parser.add_argument("--reconcile", type=int, default=15, help="reconcile interval, s")
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument("--settle-limit", type=int, default=1800, help="seconds to wait, at most")
    parser.add_argument("--run-dir", type=Path, default=RUN_DIR, help="where the system runs")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    RUN_DIR = args.run_dir.absolute()
    if (RUN_DIR / "postgres").exists():
        subprocess.run(["rm", "-rf", str(RUN_DIR)], check=True)  # a fresh system each run
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("DATABASE_URL", "REDIS_URL"):  # the system measured is the one started here
        os.environ.pop(name, None)
    llm, receiver = LLM(), Receiver()
    print(f"starting the system under {RUN_DIR} (`manage.py up`)…", flush=True)
    runner = start_system(llm, args.reconcile)
    try:
        figures = run(args, llm, receiver)
    finally:
        runner.send_signal(signal.SIGTERM)
        runner.wait(timeout=120)
    print(json.dumps(figures) if args.json else report(args, figures), flush=True)


def run(args, llm: LLM, receiver: Receiver) -> dict:
    os.environ["HOMESEC_RUN_DIR"] = str(RUN_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homesec.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count

    from alerts.models import Alert, AlertRule, Channel, Delivery
    from cameras.models import RejectedUpload
    from detection.models import Batch, Detection, MediaFile
    from events.models import Event
    from homesec.models import DeadLetter

    channel = Channel.objects.create(
        name="bench receiver", kind="webhook", target=f"http://127.0.0.1:{receiver.port}/hook"
    )
    rule = AlertRule.objects.create(name="every event", min_risk_score=0, cooldown_seconds=0)
    rule.channels.add(channel)
    root = Path(settings.CAMERA_ROOT)
    for name in CAMERAS:
        (root / name).mkdir(parents=True, exist_ok=True)
    faults = [] if args.no_faults else list(FAULTS)
    done_faults: list[tuple[float, str]] = []
    began = time.monotonic()
    landed: dict[str, float] = {}  # relative path → wall time written
    print(
        f"writing {args.photos} photos at {args.rate:g}/s into {len(CAMERAS)} folders…", flush=True
    )
    for n, data in enumerate(photos(args.photos)):
        time.sleep(max(0.0, began + n / args.rate - time.monotonic()))
        while faults and n >= faults[0][0] * args.photos:
            _, what = faults.pop(0)
            print(f"  {time.monotonic() - began:6.1f} s  {what}", flush=True)
            fault(what, llm, args.hang)
            done_faults.append((time.time(), what))
        relative = f"{CAMERAS[n % len(CAMERAS)]}/photo-{n:05d}.jpg"
        target = root / relative
        target.with_suffix(".part").write_bytes(data)
        target.with_suffix(".part").rename(target)
        landed[relative] = time.time()
    written = time.monotonic()
    # The settle time runs from the later of the last photo and the end of the LLM's hang
    # (the last fault still in force); a system settled before that settled in 0 s.
    last_fault = max(written, llm.hang_until)
    print("waiting for the system to settle…", flush=True)
    settled_in_time, left = False, {}
    while not settled_in_time:
        connection.close()  # PostgreSQL may have restarted under this connection
        try:
            left = unsettled(args.photos)
            settled_in_time = not any(left.values())
        except Exception as exc:
            print(f"  (waiting: {exc.__class__.__name__})", flush=True)
        if time.monotonic() - written > args.settle_limit:
            print(f"not settled after {args.settle_limit} s: {left}", flush=True)
            break
        time.sleep(2)
    settled_at = time.monotonic()
    settle = max(0.0, settled_at - last_fault)

    media = MediaFile.objects.filter(path__in=list(landed))
    done = media.filter(state="done").count()
    duplicates = (Detection.objects.values("media_id", "object_type", "bbox_x", "bbox_y",
                                           "bbox_width", "bbox_height", "frame_seconds")
                  .annotate(n=Count("id")).filter(n__gt=1).count())  # fmt: skip
    with_detections = Batch.objects.filter(detections__isnull=False).distinct()
    events = Event.objects.filter(batch__in=with_detections).count()
    alerts = Alert.objects.values("rule_id", "event_id").annotate(n=Count("id"))
    repeated_alerts = sum(1 for a in alerts if a["n"] > 1)
    updates = sum(Alert.objects.values_list("updates", flat=True))
    folded = Alert.objects.exclude(folded_into=None).count()  # told as an incident's update
    # every delivery is keyed; an operator alert's (the performance collector's, when the
    # load it measures turns critical) is counted apart from the alerts'
    operator = Delivery.objects.filter(purpose="operator")
    operator_keys = {str(key) for key in operator.values_list("key", flat=True)}
    delivered_alerts = [key for key, _, _ in receiver.taken if key and key not in operator_keys]
    keys = set(delivered_alerts)
    alert_deliveries = Delivery.objects.filter(purpose="alert")
    hang_start = next((at for at, what in done_faults if what == "hang the LLM"), None)
    first_fault = done_faults[0][0] if done_faults else float("inf")
    # upload→event: for each upload whose batch's event it made (an upload that joined a
    # batch whose event was already out is counted apart), and upload→detected beside it
    latency_before, latency_hang, detected_before, detected_hang = [], [], [], []
    joined = 0
    for path, created, done_at in media.values_list("path", "created_at", "updated_at"):
        event = (
            Event.objects.filter(detections__media__path=path)
            .values_list("created_at", flat=True)
            .first()
        )
        if event is None:
            continue
        if event < created:
            joined += 1
            continue
        seconds, detected = (event - created).total_seconds(), (done_at - created).total_seconds()
        if created.timestamp() < first_fault:
            latency_before.append(seconds)
            detected_before.append(detected)
        elif hang_start and hang_start <= created.timestamp() <= hang_start + args.hang:
            latency_hang.append(seconds)
            detected_hang.append(detected)
    figures = {
        "photos": args.photos,
        "done": done,
        "refused": RejectedUpload.objects.count(),
        "duplicates": duplicates,
        "batches": with_detections.count(),
        "events": events,
        "repeated_alerts": repeated_alerts,
        "alerts": len(alerts),
        "updates": updates,
        "folded": folded,
        "received": len(delivered_alerts),
        "keys": len(keys),
        "operator_alerts": operator.count(),
        "refusals": receiver.refused,
        "delivered": alert_deliveries.filter(status="delivered").count(),
        "deliveries": alert_deliveries.count(),
        "dead_letters": DeadLetter.objects.count(),
        "settled": settled_in_time,
        "fallback_left": Event.objects.filter(analysis_source="fallback").count(),
        "unsettled": {what: n for what, n in left.items() if n},
        "faults": [what for _, what in done_faults],
        "settle_seconds": round(settle),
        "settled_while_the_llm_hung": settled_in_time and settled_at < llm.hang_until,
        "p50_before": percentile(latency_before, 0.5),
        "p95_before": percentile(latency_before, 0.95),
        "p50_hang": percentile(latency_hang, 0.5),
        "p95_hang": percentile(latency_hang, 0.95),
        "uploads_before": len(latency_before),
        "uploads_hang": len(latency_hang),
        "detected_p50_before": percentile(detected_before, 0.5),
        "detected_p95_before": percentile(detected_before, 0.95),
        "detected_p50_hang": percentile(detected_hang, 0.5),
        "detected_p95_hang": percentile(detected_hang, 0.95),
        "joined": joined,
    }
    return figures


def report(args, f: dict) -> str:
    lines = [
        f"faults bench — {platform.node()}, {os.cpu_count()} cores, {platform.python_version()}; "
        f"{args.photos} photos at {args.rate:g}/s over {len(CAMERAS)} cameras; "
        f"faults: {', '.join(f['faults']) or 'none'}",
        f"  uploads done exactly once        {f['done']} / {f['photos']}  "
        f"(refused: {f['refused']})",
        f"  duplicate detections             {f['duplicates']}",
        f"  batches with detections / events {f['batches']} / {f['events']}",
        f"  alerts per (rule, event) > 1     {f['repeated_alerts']}  ({f['alerts']} alerts, "
        f"{f['folded']} of them told as updates of their incident's; {f['updates']} updates)",
        f"  deliveries received / keys       {f['received']} / {f['keys']}  "
        f"(receiver refused {f['refusals']}; {f['delivered']} delivered rows; "
        f"{f['operator_alerts']} operator alerts besides)",
        f"  dead letters                     {f['dead_letters']}",
        f"  upload→event p50 / p95, before any fault   "
        f"{f['p50_before']:.1f} / {f['p95_before']:.1f} s ({f['uploads_before']} uploads)",
        f"  upload→event p50 / p95, LLM hanging        "
        f"{f['p50_hang']:.1f} / {f['p95_hang']:.1f} s ({f['uploads_hang']} uploads)",
        f"  of which upload→detected p50 / p95           "
        f"{f['detected_p50_before']:.1f} / {f['detected_p95_before']:.1f} s before, "
        f"{f['detected_p50_hang']:.1f} / {f['detected_p95_hang']:.1f} s hanging",
        f"  (uploads that joined a batch whose event was out already: {f['joined']})",
        f"  settled after the last fault     {f['settle_seconds']} s "
        f"(reconcile interval {args.reconcile} s)"
        + (" — settled while the LLM still hung" if f["settled_while_the_llm_hung"] else "")
        + ("" if f["settled"] else f" — NOT SETTLED, still to do: {f['unsettled']}"),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
