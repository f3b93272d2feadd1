"""The locks: what make installs is pinned and hashed, and make lint fails when an .in file
changes without its lock (requirements/locks.py)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from requirements import locks
from tests.servers import ROOT

LOCKS = ROOT / "requirements"


def installed_by(path: Path) -> set[str]:
    """The lock files a Makefile or Dockerfile hands to pip with ``-r``."""
    text = path.read_text().replace("${REQUIREMENTS}", "base")
    return set(re.findall(r"-r requirements/(\S+\.txt)", text))


def copy_of_the_locks(tmp_path: Path) -> Path:
    """The Makefile and requirements/ in a folder of their own, to break without harm."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copytree(LOCKS, tmp_path / "requirements", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def lock_check(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "-s", "lock-check", f"PYTHON={sys.executable}"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_every_file_make_and_the_image_install_pins_each_package_with_its_hashes():
    files = installed_by(ROOT / "Makefile") | installed_by(ROOT / "Dockerfile")
    assert {"build.txt", "dev.txt", "nodeps.txt", "test-data.txt", "llm.txt", "base.txt"} <= files
    for name in files:
        text = (LOCKS / name).read_text()
        requirements = [line for line in text.splitlines() if line and line[0] not in " #"]
        packages = locks.pins(LOCKS / name)
        assert len(packages) == len(requirements) > 0, f"{name}: a line that pins nothing"
        for package, (version, hashes) in packages.items():
            assert re.fullmatch(r"[\w.+!]+", version), (name, package, version)
            assert hashes, f"{name}: {package} has no --hash=sha256:"
    # pip is told to accept nothing else: no resolving, no unhashed download.
    for path in (ROOT / "Makefile", ROOT / "Dockerfile"):
        for command in re.findall(r"pip install[^\n]*(?:\\\n[^\n]*)*", path.read_text()):
            assert "--require-hashes" in command, (path, command)
            assert "--no-deps" in command, (path, command)


def test_the_committed_locks_are_current_with_their_in_files():
    run = lock_check(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{len(locks.LOCKS)} locks current" in run.stdout


def test_make_lint_fails_when_an_in_file_changes_without_its_lock(tmp_path):
    folder = copy_of_the_locks(tmp_path)
    assert lock_check(folder).returncode == 0
    base = folder / "requirements" / "base.in"
    base.write_text(base.read_text().replace("Django>=5.2,<5.3", "Django>=5.2,<5.2.20"))
    run = lock_check(folder)
    assert run.returncode != 0
    out = run.stdout + run.stderr
    # base.in changed, and the sets that include it (dev, gpu) are stale with it.
    for name in ("base", "dev", "gpu"):
        assert f"requirements/{name}.in (or a file it includes) changed since " in out, out
    assert "requirements/nodeps.in" not in out
    assert "run make lock" in out


def test_make_lint_fails_when_a_lock_is_edited_by_hand(tmp_path):
    folder = copy_of_the_locks(tmp_path)
    dev = folder / "requirements" / "dev.txt"
    version = locks.pins(dev)["django"][0]
    dev.write_text(dev.read_text().replace(f"django=={version} ", "django==5.2.19 "))
    run = lock_check(folder)
    assert run.returncode != 0
    assert "requirements/dev.txt was edited by hand: run make lock" in run.stdout + run.stderr


def test_pinning_a_package_no_lock_names_fails_clearly(tmp_path):
    listing = tmp_path / "wheels.txt"
    listing.write_text("django  # locked\nnot-a-locked-package\n")
    run = subprocess.run(
        [sys.executable, "requirements/locks.py", "--pin", str(listing)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "no lock pins not-a-locked-package: add it to an .in file" in run.stderr
