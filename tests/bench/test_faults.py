"""bench/faults.py, small: the system as `make run` starts it, 60 photos over 8 cameras,
and each fault once during the burst — SIGKILL of the detect, analysis and llm workers
and of beat, SIGKILL of Redis, a PostgreSQL restart and the LLM hanging. The guarantees
hold exactly: every upload done once, one event per batch, one alert per (rule, event),
each alert revision delivered under its own key, nothing dead-lettered."""

import json
import shutil
import subprocess
import sys

import pytest

from tests.servers import ROOT, RUN_DIR

PHOTOS = 60


@pytest.mark.timeout(1500)
def test_each_fault_once_and_every_stage_still_happens_exactly_once():
    run_dir = RUN_DIR / "faults-test"  # PostgreSQL's unprivileged user must enter it: not /tmp
    command = [
        sys.executable, "bench/faults.py", "--photos", str(PHOTOS), "--rate", "4",
        "--hang", "30", "--reconcile", "10", "--settle-limit", "900",
        "--run-dir", str(run_dir), "--json",
    ]  # fmt: skip
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1400)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])

    assert len(figures["faults"]) == 11, figures["faults"]  # every fault happened
    assert {
        "kill the watcher",
        "kill the web",
        "kill the FTP receiver",
        "kill the media worker",
    } <= set(figures["faults"])
    assert figures["settled"], figures["unsettled"]
    assert (figures["done"], figures["refused"]) == (PHOTOS, 0)
    assert figures["duplicates"] == 0
    assert figures["batches"] > 0
    assert figures["events"] == figures["batches"]  # exactly one event per batch
    assert figures["repeated_alerts"] == 0
    assert figures["alerts"] == figures["events"]  # the rule matches every event, once
    # Every alert and each of its updates reached the receiver under a key of its own (an
    # alert folded into its incident's sends nothing of its own: its event is one of the
    # updates); a repeat carries a key already seen, so the receiver can drop it.
    told = figures["alerts"] - figures["folded"] + figures["updates"]
    assert figures["deliveries"] == told, figures
    assert figures["keys"] == figures["deliveries"], figures
    assert figures["delivered"] == figures["keys"]
    assert figures["received"] >= figures["keys"]
    assert figures["dead_letters"] == 0
