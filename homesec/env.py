"""Typed readers for environment variables.

Each reader returns its default when the variable is unset or blank and raises
ImproperlyConfigured, naming the variable and what it expected, on anything else it
cannot understand. ``NAME_FILE`` may hold the path of a file with the value
(Docker secrets style); the file wins only when ``NAME`` itself is unset.

Where a server is (``service_url``) is resolved in one order, here only: the
environment, then the running `make run`'s ``RUN_DIR/services.json``, then the
embedded default. Nothing here writes to disk at import: ``prepare_run_dir`` does, when
a process starts (manage.py, a Celery worker or beat).
"""

import json
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    if value:
        return value
    file_name = os.environ.get(f"{name}_FILE", "").strip()
    if not file_name:
        return None
    try:
        return Path(file_name).read_text().strip() or None
    except OSError as exc:
        raise ImproperlyConfigured(f"{name}_FILE={file_name}: cannot read it ({exc})") from exc


def _bad(name: str, value: str, expected: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{name}={value!r} is not valid: expected {expected}")


def env_str(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise _bad(name, value, "true or false")


def _check_range(name: str, value: str, number, lo, hi):
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        low = "-inf" if lo is None else lo
        high = "inf" if hi is None else hi
        raise _bad(name, value, f"a number from {low} to {high}")
    return number


def env_int(name: str, default: int, *, lo: int | None = None, hi: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise _bad(name, value, "a whole number") from None
    return _check_range(name, value, number, lo, hi)


def env_float(
    name: str, default: float, *, lo: float | None = None, hi: float | None = None
) -> float:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        raise _bad(name, value, "a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise _bad(name, value, "a finite number")
    return _check_range(name, value, number, lo, hi)


def env_list(name: str, default: list[str]) -> list[str]:
    """A list of words, written ``a,b,c`` or as a JSON list ``["a", "b"]``."""
    value = _raw(name)
    if value is None:
        return list(default)
    if value.startswith("["):
        try:
            items = json.loads(value)
        except json.JSONDecodeError:
            raise _bad(name, value, 'a JSON list of strings like ["person", "car"]') from None
        if not all(isinstance(item, str) for item in items):
            raise _bad(name, value, "a list of strings")
    else:
        items = value.split(",")
    items = [item.strip() for item in items if item.strip()]
    if not items:
        raise _bad(name, value, "at least one item")
    return items


def env_choice(name: str, default: str, choices: list[str]) -> str:
    value = _raw(name)
    if value is None:
        return default
    if value not in choices:
        raise _bad(name, value, "one of " + ", ".join(choices))
    return value


def env_path(name: str, default: Path) -> Path:
    value = _raw(name)
    return (Path(value).expanduser() if value else default).absolute()


def generated_secret(path: Path, make=lambda: secrets.token_urlsafe(32)) -> str:
    """A secret kept in ``path`` (mode 0600, folder 0700), made by ``make`` on first use
    (by default a random token)."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(make())
    return path.read_text().strip()


def run_dir() -> Path:
    """Where this install keeps its data, secrets and logs (HOMESEC_RUN_DIR, or .run)."""
    return env_path("HOMESEC_RUN_DIR", BASE_DIR / ".run")


def service_url(name: str, key: str, default: str) -> str:
    """Where a server is, in one order: the variable ``name``; else what the running
    `make run` wrote under ``key`` in RUN_DIR/services.json (its embedded servers, so a
    `manage.py shell` beside it finds them); else ``default``."""
    value = env_str(name)
    if value:
        return value
    try:
        running = json.loads((run_dir() / "services.json").read_text())
    except (OSError, ValueError):
        running = {}
    return running.get(key) or default


def secret_key_file() -> Path:
    return run_dir() / "secrets" / "secret_key"


def read_secret(path: Path) -> str:
    """The secret kept in ``path``; empty when it has not been made yet."""
    try:
        return path.read_text().strip()
    except OSError:
        return ""


def prepare_run_dir() -> None:
    """Make what a process needs on disk before it starts: the secret key (unless
    HOMESEC_SECRET_KEY is set) and the folder of the Prometheus counters."""
    if not env_str("HOMESEC_SECRET_KEY"):
        generated_secret(secret_key_file())
    metrics = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if metrics:
        Path(metrics).mkdir(parents=True, exist_ok=True)
