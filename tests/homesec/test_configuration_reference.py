"""docs/configuration.md is written from what the settings' typed readers record: these fail
when it is out of date, when the code names a HOMESEC_* variable the reference lacks, or
when a reader is called without a meaning."""

import ast
import difflib
import importlib
import re
from collections.abc import Iterator
from pathlib import Path

from homesec import config_reference
from homesec.env import READS, env_int
from tests.servers import ROOT

# The code the reference covers: the apps, homesec, runner, entry and the top-level
# modules (manage.py, celeryconfig.py); not the tests' or the benchmarks' own variables.
NOT_CODE = {"tests", "bench"}
NAME = re.compile(r"\bHOMESEC_[A-Z0-9_]*[A-Z0-9]\b")
READERS = {
    "env_str", "env_bool", "env_int", "env_float", "env_list", "env_choice", "env_path",
    "env_rate", "env_networks", "env_ports", "service_url", "declare",
}  # fmt: skip
FIX = "python -m homesec.config_reference --write"


def code_files() -> Iterator[Path]:
    yield from sorted(ROOT.glob("*.py"))
    for folder in sorted(ROOT.iterdir()):
        if folder.name not in NOT_CODE and (folder / "__init__.py").is_file():
            yield from sorted(folder.rglob("*.py"))


def documented() -> set[str]:
    return {variable.name for variable in config_reference.variables()}


def test_the_reference_is_what_the_generator_writes_now():
    written, now = config_reference.DOC.read_text(), config_reference.render()
    diff = "".join(
        difflib.unified_diff(
            written.splitlines(keepends=True),
            now.splitlines(keepends=True),
            "docs/configuration.md",
            "generated now",
        )
    )
    assert not diff, f"docs/configuration.md is out of date ({FIX}):\n{diff}"


def test_every_homesec_variable_the_code_names_is_in_the_reference():
    names = documented()
    missing = {}
    for path in code_files():
        for name in NAME.findall(path.read_text()):
            if name not in names and name.removesuffix("_FILE") not in names:
                missing.setdefault(name, str(path.relative_to(ROOT)))
    assert not missing, (
        "named in the code but not in docs/configuration.md: read each with a typed reader "
        f"(help=...) in a homesec/settings_*.py topic, or declare() it there, then {FIX}: "
        f"{missing}"
    )


def test_every_variable_in_the_reference_has_a_meaning():
    silent = [v.name for v in config_reference.variables() if not v.help.strip()]
    assert not silent, f"read without a meaning (help=...): {silent}"


def test_no_reader_in_the_code_is_called_without_a_meaning():
    silent = []
    for path in code_files():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if called not in READERS:
                continue
            meaning = next((k.value for k in node.keywords if k.arg == "help"), None)
            if meaning is None or (isinstance(meaning, ast.Constant) and not meaning.value):
                silent.append(f"{path.relative_to(ROOT)}:{node.lineno} {called}()")
    assert not silent, f"readers called without a meaning (help=...): {silent}"


def test_every_topic_is_listed_and_django_sees_all_its_settings():
    import homesec.settings as gathered

    modules = {f"homesec.{path.stem}" for path in (ROOT / "homesec").glob("settings_*.py")}
    assert modules == set(config_reference.TOPICS)
    for name in config_reference.TOPICS:
        module = importlib.import_module(name)
        assert module.TOPIC, name
        for setting in (attr for attr in vars(module) if attr.isupper() and attr != "TOPIC"):
            assert setting in gathered.__all__, f"{name}.{setting} is not in homesec/settings.py"
            assert getattr(gathered, setting) is getattr(module, setting)


def test_a_reader_records_the_variable_and_a_tests_read_stays_out_of_the_reference():
    env_int("HOMESEC_TEST_ONLY", 3, lo=1, hi=9, help="a test's own variable")
    variable = READS[("HOMESEC_TEST_ONLY", __name__)]
    assert (variable.type, variable.default, variable.lo, variable.hi) == ("int", 3, 1, 9)
    assert variable.help == "a test's own variable"
    assert "HOMESEC_TEST_ONLY" not in documented()
    assert {"HOMESEC_BATCH_WINDOW_SECONDS", "DATABASE_URL", "HOMESEC_PG_USER"} <= documented()
