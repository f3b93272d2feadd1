"""The soak bench's own arithmetic and readings (the 2-hour run itself is in
docs/measured.md): a steady series has no slope, a growing one its rate per hour, and a
process's memory and open files are read with its children's."""

import os
import subprocess
import sys
from argparse import Namespace

from bench.soak import process_tree, report, slope_per_hour


def test_the_slope_is_the_growth_per_hour_and_a_flat_or_short_series_has_none():
    minutes = range(0, 121, 1)
    assert slope_per_hour([(m * 60, 50.0) for m in minutes]) == 0.0
    growing = [(m * 60, 100 + 3 * m / 60 + (0.5 if m % 2 else -0.5)) for m in minutes]
    assert abs(slope_per_hour(growing) - 3.0) < 0.05  # 3 MiB an hour under the noise
    assert slope_per_hour([(0, 5.0)]) == 0.0


def test_a_process_is_read_with_its_children_and_a_gone_one_as_nothing():
    alone_rss, alone_files = process_tree(os.getpid())
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(30)"], stdin=subprocess.DEVNULL
    )
    try:
        with_child_rss, with_child_files = process_tree(os.getpid())
        assert with_child_rss > alone_rss + 1  # a Python child holds several MiB
        assert with_child_files >= 3
        assert alone_files >= 3
    finally:
        child.kill()
        child.wait()
    assert process_tree(child.pid) == (0.0, 0)


def test_the_report_shows_a_series_that_levels_off_as_flat_in_its_second_half():
    args = Namespace(minutes=120, cameras=8, every=10, warmup=10, retain=30)
    readings = [
        {"seconds": m * 60, "Redis used MiB": min(m, 60) / 3, "web RSS MiB": 400.0}
        for m in range(0, 121)
    ]
    readings[-1] |= {"counts": {"events": 5}, "removed by retention": {"events": 3}}
    rows = {line.split(" | ")[0]: line for line in report(args, readings).splitlines()}
    assert rows["| Redis used MiB"].endswith("| +0.00 |")  # rose for an hour, then flat
    assert "| +0.00 | +0.00 |" in rows["| web RSS MiB"]
    assert "removed by retention (older than 30 min): 3 events" in report(args, readings)
