"""Which local LLM should write an event's words (issue 31, item 7)?

Each model writes the summary and reasoning for the rules' verdict on every Nth scene of
the labelled corpus (bench/scenes/corpus); analysis/grounding.py's checks show or drop
them. Prints, per model, bench/judgement.py's row, the share of summaries and of
reasonings shown, the median and p95 seconds per batch, and how many answers came later
than the product's LLM deadline (HOMESEC_LLM_DEADLINE_SECONDS) or not at all.

    .venv/bin/python bench/words.py --model smollm2            # the default SmolLM2-135M
    .venv/bin/python bench/words.py --model smollm2 --model qwen15=/path/to/model.gguf
    .venv/bin/python bench/words.py --model smollm2 --every 12  # fewer scenes, sooner

Starts the bench's PostgreSQL and Redis (bench/_setup.py) and one llama-server at a time.
"""

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--model", action="append", required=True, help="smollm2, or NAME=PATH.gguf"
    )
    parser.add_argument("--every", type=int, default=6, help="every Nth scene of the corpus")
    parser.add_argument("--timeout", type=float, default=180, help="seconds an answer may take")
    args = parser.parse_args()
    print(f"machine: {platform.node()}, {os.cpu_count()} cores")

    from bench import _setup

    servers = _setup.start()
    try:
        from django.conf import settings

        from bench import corpus, judges
        from bench.judgement import HEADER, print_row

        deadline = settings.LLM_DEADLINE_SECONDS
        scenes = corpus.load()[:: args.every]
        print(f"{len(scenes)} scenes (every {args.every}th); LLM deadline {deadline:g} s")
        for spec in args.model:
            name, _, path = spec.partition("=")
            started = time.monotonic()
            with judges.local_llm(name, path or None, _setup.RUN_DIR) as (url, model):
                row = judges.writer(scenes, url, model, timeout=args.timeout)
            assert row.grounded is not None  # a writer's row counts what was shown
            summaries, reasonings, asked = row.grounded
            late = sum(s > deadline for s in row.seconds) + (asked - len(row.seconds))
            seconds = row.seconds or [float("nan")]
            print_row(HEADER)
            print_row(row.cells())
            print(
                f"{name}: summaries shown {summaries}/{asked} ({summaries / asked:.0%}), "
                f"reasonings shown {reasonings}/{asked} ({reasonings / asked:.0%}); "
                f"s/batch median {_setup.percentile(seconds, 0.5):.1f}, "
                f"p95 {_setup.percentile(seconds, 0.95):.1f}; "
                f"past the {deadline:g} s deadline or no answer: {late}/{asked}; "
                f"{time.monotonic() - started:.0f} s in all, load {os.getloadavg()[0]:.1f}\n",
                flush=True,
            )
    finally:
        for server in reversed(servers):
            server.stop()


if __name__ == "__main__":
    main()
