"""Analysis benchmark: the raw LLM beside the whole pipeline, with the local LLM and without.

Raw: llama-server (SmolLM2-135M, as `make run` starts it) answering the real prompt under
the real schema: requests/s and generated tokens/s, one at a time and two at once.
Pipeline, for the LLM and for the fallback scorer: real photos dropped into 8 camera
folders → the real watcher → detect, analysis and llm workers and beat, as `make run`
starts them → an alert rule → a webhook to a real local HTTP server. Prints upload→event
and upload→webhook p50/p95 for the fast path, batch close→final event p50/p95, and events
per minute for 8 cameras uploading a burst at once.

    .venv/bin/python bench/analysis.py [--cameras 8] [--photos 3] [--idle 3]
"""

import argparse
import concurrent.futures
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import _setup

from bench.detection import photos


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cameras", type=int, default=8)
    parser.add_argument("--photos", type=int, default=3, help="per camera, in one burst")
    parser.add_argument("--idle", type=int, default=3, help="batch idle timeout, s")
    parser.add_argument("--requests", type=int, default=12, help="raw LLM requests")
    parser.add_argument("--singles", type=int, default=10, help="uploads one at a time")
    parser.add_argument("--stable", type=float, default=2.0)
    args = parser.parse_args()
    from runner import embedded

    llm = embedded.start_llm(_setup.RUN_DIR)
    os.environ.update(
        HOMESEC_LLM_URL=llm.url,
        HOMESEC_BATCH_IDLE_TIMEOUT_SECONDS=str(args.idle),
        HOMESEC_BATCH_CHECK_SECONDS="0.5",
    )
    servers = [llm]
    try:
        servers += _setup.start()
        print(
            f"machine: {platform.node()}, {os.cpu_count()} cores; llama-server with "
            f"SmolLM2-135M-Instruct Q4_1; detector darknet on CPU"
        )
        raw(args)
        print(
            f"pipeline: {args.singles} single uploads one at a time, then {args.cameras} "
            f"cameras x {args.photos} real photos in one burst; stability wait "
            f"{args.stable:.1f} s, batch idle timeout {args.idle} s"
        )
        print(f"{'':<42}{'with the local LLM':>20}{'fallback (LLM off)':>20}")
        rows = [pipeline(args, llm=True), pipeline(args, llm=False)]
        for name in rows[0]:
            print(f"{name:<42}{rows[0][name]:>20}{rows[1][name]:>20}")
    finally:
        for server in reversed(servers):
            server.stop()


def raw(args) -> None:
    """The LLM alone: the real prompts of the scenario suite, under the real schema."""
    import httpx
    from django.conf import settings

    from analysis import prompt
    from analysis.llm_client import JUDGEMENT_SCHEMA
    from analysis.scoring import score
    from tests.analysis.test_scoring import TIERS

    scenarios = [facts for tier in TIERS for facts in tier.values()]
    url = settings.LLM_URL + "/chat/completions"

    def ask(facts) -> tuple[float, int]:
        body = {
            "messages": prompt.messages(facts, score(facts), "", score=True),
            "temperature": settings.LLM_TEMPERATURE,
            "max_tokens": settings.LLM_MAX_TOKENS,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "j", "schema": JUDGEMENT_SCHEMA},
            },
        }
        began = time.monotonic()
        usage = httpx.post(url, json=body, timeout=120).json()["usage"]
        return time.monotonic() - began, usage["completion_tokens"]

    ask(scenarios[0])  # warm
    for parallel in (1, 2):
        began = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
            done = list(
                pool.map(ask, [scenarios[i % len(scenarios)] for i in range(args.requests)])
            )
        wall = time.monotonic() - began
        took = [seconds for seconds, _ in done]
        print(
            f"raw LLM, {parallel} at a time: {args.requests / wall:5.2f} requests/s, "
            f"{sum(t for _, t in done) / wall:5.0f} tokens/s generated, request p50 "
            f"{_setup.percentile(took, 0.5):.2f} s / p95 {_setup.percentile(took, 0.95):.2f} s"
        )


def finished(photos: int, cameras: int) -> bool:
    """Every photo detected, every camera's batches closed and judged by the full analysis."""
    from detection.models import Batch, MediaFile

    return (
        MediaFile.objects.filter(state="done").count() == photos
        and Batch.objects.values("camera").distinct().count() == cameras
        and not Batch.objects.exclude(state="analyzed").exists()
    )


def webhook_receiver() -> dict[str, float]:
    """A real HTTP server behind an alert rule for every person; returns {camera name:
    when its first alert arrived}, filled in as they come."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from alerts.models import AlertRule, Channel

    arrived = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            message = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            arrived.setdefault(message["camera_name"], time.time())
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    AlertRule.objects.all().delete()
    Channel.objects.all().delete()
    hook = Channel.objects.create(
        name="bench", kind="webhook", target=f"http://127.0.0.1:{server.server_address[1]}/"
    )
    rule = AlertRule.objects.create(name="any person", min_risk_score=0, object_types=["person"])
    rule.channels.set([hook])
    return arrived


def pipeline(args, *, llm: bool) -> dict[str, str]:
    import redis
    from django.conf import settings

    from cameras.models import Camera
    from celeryconfig import worker_groups
    from events.models import Event
    from ingest.watcher import Watcher
    from runner import processes
    from runner.supervisor import worker_argv

    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    Camera.objects.all().delete()  # cascades to media, detections, batches, events, alerts
    hooked = webhook_receiver()
    root = Path(tempfile.mkdtemp(prefix="homesec-bench-"))
    names = [f"Camera {n}" for n in range(args.cameras)]
    paced = [f"Single {n}" for n in range(args.singles)]
    for name in names + paced:
        (root / "cameras" / name).mkdir(parents=True)
    settings.CAMERA_ROOT, settings.FILE_STABLE_SECONDS = root / "cameras", args.stable
    env = {
        **os.environ,
        "HOMESEC_CAMERA_ROOT": str(root / "cameras"),
        "HOMESEC_MEDIA_ROOT": str(root / "media"),
        "HOMESEC_LLM": "on" if llm else "off",
    }
    logs = _setup.RUN_DIR / "logs"
    children = [
        processes.spawn(worker_argv(name, group), log_path=logs / f"bench-{name}.log",
                        env=env, cwd=_setup.ROOT)
        for name, group in worker_groups.items()
    ] + [processes.spawn(
        [sys.executable, "-m", "celery", "-A", "homesec", "beat", "-s",
         str(root / "beat-schedule")], log_path=logs / "bench-beat.log", env=env, cwd=_setup.ROOT,
    )]  # fmt: skip
    images = photos(args.cameras * args.photos + args.singles)
    singles = images[args.cameras * args.photos :]
    try:
        time.sleep(10)  # workers start, the detector loads
        watcher = Watcher(settings.CAMERA_ROOT)
        watcher.step()
        alone = []  # one upload at a time, nothing else going on: upload -> webhook
        for name, data in zip(paced, singles, strict=True):
            (settings.CAMERA_ROOT / name / "single.jpg").write_bytes(data)
            began = time.time()
            while name not in hooked and time.time() - began < 60:
                if not watcher.step():
                    time.sleep(0.02)
            alone.append(hooked.get(name, float("inf")) - began)
        landed = {}
        for index, data in enumerate(images):
            name = names[index % args.cameras]
            (settings.CAMERA_ROOT / name / f"img{index:03}.jpg").write_bytes(data)
            landed.setdefault(name, time.time())
        deadline = time.monotonic() + 900
        while not finished(len(images), args.cameras + args.singles):
            if time.monotonic() > deadline:
                raise SystemExit("the pipeline did not finish in 15 minutes")
            if not watcher.step():
                time.sleep(0.05)
        watcher.close()
    finally:
        for child in children:
            processes.stop(child, timeout=10)
    events = list(Event.objects.filter(camera__name__in=names).select_related("camera", "batch"))
    fast = [e.created_at.timestamp() - landed[e.camera.name] for e in events if e.is_fast_path]
    alerted = [at - landed[name] for name, at in hooked.items() if name in landed]
    closing = [(e.updated_at - e.batch.closed_at).total_seconds() for e in events]
    minutes = (max(e.updated_at.timestamp() for e in events) - min(landed.values())) / 60
    shutil.rmtree(root, ignore_errors=True)
    sources = sorted({e.analysis_source for e in events})

    def p(values, fraction):
        return f"{_setup.percentile(values, fraction):.2f} s" if values else "none"

    return {
        "single upload -> webhook, p50": p(alone, 0.5),
        "single upload -> webhook, p95": p(alone, 0.95),
        "burst: events (fast-path first)": f"{len(events)} ({len(fast)})",
        "burst: upload -> fast-path event, p50": p(fast, 0.5),
        "burst: upload -> fast-path event, p95": p(fast, 0.95),
        "burst: upload -> webhook, p50": p(alerted, 0.5),
        "burst: upload -> webhook, p95": p(alerted, 0.95),
        "burst: batch closed -> final event, p50": p(closing, 0.5),
        "burst: batch closed -> final event, p95": p(closing, 0.95),
        "burst: events/min (incl. idle wait)": f"{len(events) / minutes:.1f}",
        "judged by": "/".join(sources),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(_setup.ROOT))
    main()
