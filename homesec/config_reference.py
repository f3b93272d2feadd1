"""The configuration reference, docs/configuration.md, written from what the settings' typed
readers record (homesec/env.py): every variable, its type, default, bounds and meaning.

    python -m homesec.config_reference            # print it
    python -m homesec.config_reference --write    # write docs/configuration.md
    python -m homesec.config_reference --check    # exit 1 when the file is out of date

tests/homesec/test_configuration_reference.py fails when the file is out of date, when a
HOMESEC_* name in the code is missing from it, or when a reader is called without a meaning.
"""

import argparse
import importlib
import sys
from pathlib import Path

from .env import BASE_DIR, RATE_PERIODS, READS, Variable

DOC = BASE_DIR / "docs" / "configuration.md"

# The settings' topic modules, in the order the reference lists them: each reads its own
# variables (homesec/settings.py gathers their names).
TOPICS = (
    "homesec.settings_core",
    "homesec.settings_database",
    "homesec.settings_servers",
    "homesec.settings_access",
    "homesec.settings_ingest",
    "homesec.settings_detection",
    "homesec.settings_judgement",
    "homesec.settings_llm",
    "homesec.settings_people",
    "homesec.settings_alerts",
    "homesec.settings_operator",
    "homesec.settings_ops",
    "homesec.settings_celery",
)

# What a value of each type looks like, where the reader has no bounds or choices to show.
FORMS = {
    "list": "comma-separated, or a JSON list",
    "networks": "CIDRs, comma-separated (`192.168.0.0/16,fd00::/8`)",
    "rate": "`N/PERIOD` (PERIOD: " + ", ".join(RATE_PERIODS) + "), or `off`",
    "ports": "`FIRST-LAST`, within 1024–65535",
}

HEADER = """\
# Configuration reference

<!-- Written by `python -m homesec.config_reference --write` from the settings' typed
readers; do not edit by hand (tests/homesec/test_configuration_reference.py compares). -->

Every setting of homesec is an environment variable, read by one typed reader in one topic
module of its settings (`homesec/settings_*.py`, readers in `homesec/env.py`). Unset or
blank, a variable takes its default; a value the reader cannot understand stops every
process at start-up with a message naming the variable (`HOMESEC_BATCH_WINDOW_SECONDS='ninety'
is not valid: expected a whole number`). Any variable may instead be read from a file named
by `NAME_FILE` (for secrets: `HOMESEC_SECRET_KEY_FILE=/run/secrets/key`); `NAME` itself wins
when both are set. Defaults are the reference system's. `RUN_DIR` is `HOMESEC_RUN_DIR`.

Types: `int` and `float` are numbers, within the bounds shown; `bool` is `true` or `false`
(also `1`/`0`, `yes`/`no`, `on`/`off`); `str` is any text; `choice` one of the values
shown; `list` words, `a,b,c` or a JSON list `["a", "b"]`; `networks` a list of CIDRs;
`rate` requests per period or `off`; `ports` a range of ports; `path` a folder or file;
`url` a server's address. Where a server's address comes from (the variable, else the
running `make run`'s embedded server) is in
[How it is put together](architecture.md#how-it-is-put-together); what compose reads from
`.env` is in [Production and GPUs](production-and-gpus.md).
"""


def variables() -> list[Variable]:
    """Every variable the topic modules read or declare, by topic, then name."""
    for module in TOPICS:
        importlib.import_module(module)  # reading the settings records them
    found: dict[str, Variable] = {}
    for (name, module), variable in READS.items():
        if module not in TOPICS:
            continue  # a test's or a script's own read
        if name in found:
            raise ValueError(f"{name} is read by both {found[name].module} and {module}")
        found[name] = variable
    order = {module: index for index, module in enumerate(TOPICS)}
    return sorted(found.values(), key=lambda v: (order[v.module], v.name))


def default(variable: Variable) -> str:
    if variable.shown is not None:
        return variable.shown
    value = variable.default
    if isinstance(value, Path):
        # A path under this checkout or RUN_DIR differs from machine to machine.
        raise ValueError(f"{variable.name}: a path's default needs shown= (how to write it)")
    if value is None or value == []:
        return "none"
    if value == "":
        return "empty"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, list):
        return "`" + ",".join(value) + "`"
    return f"`{value}`"


def allowed(variable: Variable) -> str:
    if variable.choices:
        return ", ".join(f"`{choice}`" for choice in variable.choices)
    if variable.type in FORMS:
        return FORMS[variable.type]
    lo, hi = variable.lo, variable.hi
    if lo is not None and hi is not None:
        return f"{lo} to {hi}"
    if lo is not None:
        return f"≥ {lo}"
    if hi is not None:
        return f"≤ {hi}"
    return ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    found = variables()
    titles = {module: importlib.import_module(module).TOPIC for module in TOPICS}
    lines = [
        HEADER,
        f"{len(found)} variables, by topic, then name.",
        "",
        "| Topic | Variable | Type | Default | Allowed | Meaning |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for variable in found:
        cells = [
            titles[variable.module],
            f"`{variable.name}`",
            variable.type,
            default(variable),
            allowed(variable),
            variable.help,
        ]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m homesec.config_reference")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--write", action="store_true", help=f"write {DOC.relative_to(BASE_DIR)}")
    what.add_argument("--check", action="store_true", help="exit 1 when it is out of date")
    options = parser.parse_args(argv)
    text = render()
    where = DOC.relative_to(BASE_DIR)
    if options.write:
        DOC.write_text(text)
        print(f"wrote {where}")
    elif options.check:
        if not DOC.exists() or DOC.read_text() != text:
            print(f"{where} is out of date: python -m homesec.config_reference --write")
            return 1
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
