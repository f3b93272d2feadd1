"""Judgement benchmark: each judge against an operator's bands on bench/judgement_scenarios.py.

Judges: the rules (without the household's schedule; with it and the house mode; after
simulated feedback, through analysis/calibration.py's bound); each local LLM as the
*writer* of the words for the rules' score (the share its words pass analysis/grounding.py);
an LLM as the *scorer* when HOMESEC_LLM_URL names one (or --as scorer). Prints Kendall τ
against the band midpoints, share in band, false alarms (benign scenes raised to medium
or higher), incidents caught (scored high or critical), distinct scores, seconds per
judgement, and the prompt version the LLM rows were asked with.

No database: the scorer is a pure function of the facts; Django is set up for settings.

    .venv/bin/python bench/judgement.py                      # rules only
    .venv/bin/python bench/judgement.py --writer smollm2     # + SmolLM2-135M as writer
    .venv/bin/python bench/judgement.py --writer qwen05=/path/to/model.gguf --as both --every 3
    .venv/bin/python bench/judgement.py --list               # every scene, its scores
"""

import argparse
import hashlib
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUN_DIR = ROOT / ".run" / "bench"


def setup() -> None:
    os.environ.setdefault("HOMESEC_RUN_DIR", str(RUN_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homesec.settings")
    import django

    from homesec.env import prepare_run_dir

    prepare_run_dir()
    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--writer",
        action="append",
        default=[],
        help="smollm2, or NAME=PATH.gguf: a local model as the writer",
    )
    parser.add_argument(
        "--as",
        dest="roles",
        default="writer",
        choices=["writer", "scorer", "both"],
        help="the --writer models' role",
    )
    parser.add_argument(
        "--timeout", type=float, default=180, help="seconds an LLM may take to answer"
    )
    parser.add_argument(
        "--every", type=int, default=1, help="LLM rows: every Nth scene (a CPU model is slow)"
    )
    parser.add_argument("--list", action="store_true", help="print every scene's scores")
    parser.add_argument(
        "--no-corpus", action="store_true", help="skip the labelled corpus (needs PostgreSQL)"
    )
    args = parser.parse_args()
    if not args.no_corpus:
        corpus_tables(listing=args.list)
    setup()
    from django.conf import settings

    from bench import judges
    from bench.judgement_scenarios import SCENES

    print(
        f"\nThe 67 scenes the rules were fixed against (in-sample, issue 18): "
        f"{len(SCENES)} scenes ({_counts(SCENES)})"
    )
    print(f"prompt version: {prompt_version()}")
    print_row(HEADER)
    rows = [
        judges.rules(SCENES, schedule=False),
        judges.rules(SCENES),
        judges.rules_after_feedback(SCENES),
        judges.rules(SCENES, window=settings.BATCH_WINDOW_SECONDS),
    ]
    for row in rows:
        print_row(row.cells())
    llm_scenes = SCENES[:: args.every]
    for url, model, roles in llms(args):  # each row printed as it is done: a CPU model is slow
        for role in roles:
            ask = judges.writer if role == "writer" else judges.llm_scorer
            rows.append(ask(llm_scenes, url, model, timeout=args.timeout))
            print_row(rows[-1].cells())
    if args.list:
        print_scenes(SCENES, rows)


def corpus_tables(*, listing: bool) -> None:
    """The labelled corpus (bench/scenes): the sealed families first, then the in-sample
    ones, for the rules and for the fitted model; the fitted model's in-sample row is
    k-fold by family (each scene scored by weights fitted without its family)."""
    from bench import _setup

    servers = _setup.start()
    try:
        from analysis import model, scoring
        from bench import corpus, fit_judge
        from bench.judges import Row

        scenes = corpus.load()
        sealed, in_sample = corpus.split(scenes)
        print(f"machine: {platform.node()}, {os.cpu_count()} cores")
        fitted = model.weights()["fitted"]
        for title, group in (("SEALED", sealed), ("in-sample", in_sample)):
            print(
                f"\n{title}: {len(group)} scenes, {len({s.family for s in group})} families "
                f"({_counts(group)})"
            )
            print_row(HEADER)
            rows = [
                Row(
                    "rules (today's default)",
                    "rules",
                    group,
                    [scoring.score(s.facts).score for s in group],
                ),
                Row("fitted model", "fitted", group, [model.score(s.facts).score for s in group]),
            ]
            if group is in_sample:
                held_out = fit_judge.cross_validated(group, fitted["ridge"])
                name = f"fitted model, {fit_judge.FOLDS}-fold by family"
                rows.append(Row(name, "k-fold", group, held_out))
            for row in rows:
                print_row(row.cells())
            if listing:
                print_scenes(group, rows)
    finally:
        for server in reversed(servers):
            server.stop()


def llms(args):
    """(url, model, roles) of each LLM to ask: the --writer models, started here, one at
    a time, as --as says; then the server HOMESEC_LLM_URL names, if any, as both."""
    from bench import judges

    roles = ["writer", "scorer"] if args.roles == "both" else [args.roles]
    for spec in args.writer:
        name, _, path = spec.partition("=")
        with judges.local_llm(name, path or None, RUN_DIR) as (url, model):
            yield url, model, roles
    if url := os.environ.get("HOMESEC_LLM_URL"):
        yield url, os.environ.get("HOMESEC_LLM_MODEL", "the LLM"), ["writer", "scorer"]


def _counts(scenes) -> str:
    kinds = [s.kind for s in scenes]
    return ", ".join(f"{kinds.count(k)} {k}" for k in ("benign", "watch", "incident"))


def prompt_version() -> str:
    """The version an event judged now would carry, with its text's hash."""
    from analysis import prompt, prompt_versions

    sha = hashlib.sha256(prompt_versions.current_text().encode()).hexdigest()
    return f"{prompt.PROMPT_VERSION} (text sha256 {sha[:8]})"


HEADER = (
    "judge",
    "n",
    "τ",
    "in band",
    "false al.",
    "caught",
    "distinct",
    "s/judgement",
    "grounded s / r",
)


WIDTHS = (46, 4, 6, 8, 10, 7, 9, 12, 16)


def print_row(cells) -> None:
    line = "".join(
        f"{c:<{w}}" if i == 0 else f"{c:>{w}}"
        for i, (c, w) in enumerate(zip(cells, WIDTHS, strict=True))
    )
    print(line, flush=True)


def print_scenes(scenes, rows) -> None:
    print(f"\n{'band':<9}" + "".join(f"{r.short:>8}" for r in rows) + "  scene")
    for i, scene in enumerate(scenes):
        marks = "".join(
            f"{(str(r.scores[i]) if i < len(r.scores) and r.scores[i] is not None else '—'):>8}"
            for r in rows
        )
        print(f"{scene.band:<9}{marks}  {scene.name}")


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"({time.monotonic() - started:.0f} s)")
