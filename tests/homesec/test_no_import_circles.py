"""No two of the project's files import each other, at the top or inside a function (a
circle that a lazy import hides is a circle still): each pair of modules depends one way."""

import ast
from pathlib import Path

from tests.servers import ROOT

PACKAGES = ["entry", "web", "reports", "ops", "ingest", "analysis", "alerts", "events", "detection",
            "cameras", "runner", "homesec"]  # fmt: skip


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imported_by(name: str, path, known) -> set[str]:
    """The project modules one file imports: ``from a import b`` is a.b when that is a
    module (a package's submodule), else a."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package
                for _ in range(node.level - 1):
                    parent = parent.rpartition(".")[0]
                base = f"{parent}.{base}".rstrip(".")
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {module for module in found if module in known and module != name}


def test_no_two_files_import_each_other():
    known = modules()
    graph = {name: imported_by(name, path, known) for name, path in known.items()}
    both = sorted({tuple(sorted((a, b))) for a in graph for b in graph[a] if a in graph[b]})
    assert both == [], f"files that import each other: {both}"


def test_the_check_sees_a_circle_hidden_in_a_function(tmp_path):
    (tmp_path / "one.py").write_text("from two import x\n")
    (tmp_path / "two.py").write_text("def f():\n    from one import y\n")
    known = {"one": tmp_path / "one.py", "two": tmp_path / "two.py"}
    assert imported_by("one", known["one"], known) == {"two"}
    assert imported_by("two", known["two"], known) == {"one"}
