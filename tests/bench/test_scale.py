"""The scale bench's own arithmetic (its runs are in docs/measured.md): a process's CPU is
read with its children's, those already reaped included; the report names the busiest
process and estimates a bigger machine from the CPU per photo, capped by a process that
can use one core only."""

import os
import subprocess
import sys
from argparse import Namespace

from bench.scale import cpu_seconds, report

BURN = "import time\nend = time.process_time() + 0.5\nwhile time.process_time() < end: pass"


def test_cpu_is_counted_with_children_even_after_they_ended():
    before = cpu_seconds(os.getpid())
    subprocess.run([sys.executable, "-c", BURN], check=True)  # reaped: the parent's now
    assert cpu_seconds(os.getpid()) - before >= 0.45
    assert cpu_seconds(2**22 + 12345) == 0.0  # no such process


def test_the_report_names_the_busiest_and_caps_the_estimate_by_a_single_core_process():
    args = Namespace(cost_ms=0, cameras=8, rate=20, seconds=60, estimate_cores=16)
    found = {
        "photos written": 1200, "photos done": 1200, "feed seconds": 60.0,
        "done while fed per s": 11.0, "done per s, backlog included": 9.5,
        "drain seconds": 66.0, "events": 600, "upload to event p50 s": 4.2,
        "upload to event p95 s": 30.1,
        "share of a core while fed": {"worker-analysis": 0.98, "watcher": 0.2, "postgres": 0.4},
        "CPU s per photo": {"worker-analysis": 0.01, "watcher": 0.005, "postgres": 0.125},
    }  # fmt: skip
    text = report(args, found)
    assert "busiest while fed: worker-analysis (0.98 of a core)" in text
    assert "| postgres | 0.1250 | 0.40 |" in text.splitlines()[7]  # the costliest first
    assert "about 114 photos/s (16 / 0.1400 CPU s per photo)" in text  # none caps it below
    found["CPU s per photo"]["watcher"] = 0.5  # one core: at most 2 photos/s
    assert "about 2 photos/s" in report(args, found)
    assert "capped by a process of few cores or the detector" in report(args, found)
    found["CPU s per photo"]["watcher"] = 0.005
    args.cost_ms = 50  # the stand-in's 50 ms an image: 20 a second, one at a time
    assert "about 20 photos/s" in report(args, found)
