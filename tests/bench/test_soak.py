"""The soak bench's own arithmetic and readings (the 2-hour run itself is in
docs/measured.md): a steady series has no slope, a growing one its rate per hour, and a
process's memory and open files are read with its children's."""

import os
import subprocess
import sys

from bench.soak import process_tree, slope_per_hour


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
