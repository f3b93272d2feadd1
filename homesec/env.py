"""Typed readers for environment variables, and the record of what they read.

Each reader returns its default when the variable is unset or blank and raises
ImproperlyConfigured, naming the variable and what it expected, on anything else it
cannot understand. ``NAME_FILE`` may hold the path of a file with the value
(Docker secrets style); the file wins only when ``NAME`` itself is unset.

Each reader also records the variable in ``READS``: its name, type, default, bounds or
choices, its meaning (``help=``) and the module that read it. The settings' topic modules
(homesec/settings_*.py) read every variable with a meaning, and
homesec/config_reference.py writes docs/configuration.md from that record. A variable
read elsewhere (straight from ``os.environ``) is recorded with ``declare``.

Where a server is (``service_url``) is resolved in one order, here only: the
environment, then the running `make run`'s ``RUN_DIR/services.json``, then the
embedded default. Nothing here writes to disk at import: ``prepare_run_dir`` does, when
a process starts (manage.py, a Celery worker or beat).
"""

import ipaddress
import json
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}
RATE_PERIODS = ("s", "sec", "second", "m", "min", "minute", "h", "hour", "d", "day")


@dataclass(frozen=True)
class Variable:
    """One environment variable as a reader (or ``declare``) saw it."""

    name: str
    type: str  # int, float, bool, str, list, choice, path, url, rate, networks, ports
    default: object  # the reader's default, as Python holds it
    help: str  # its meaning, one line
    module: str  # the module that read it: a settings topic, for the reference
    shown: str | None = None  # the default as the reference writes it, where it differs
    lo: float | None = None
    hi: float | None = None
    choices: tuple[str, ...] = ()


# Every variable read, by (name, reading module): a test's own reads stay apart from the
# settings' ones.
READS: dict[tuple[str, str], Variable] = {}


def _reader_module() -> str:
    """The module that called the reader: the first frame outside this one."""
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_globals.get("__name__") == __name__:
        frame = frame.f_back
    return str(frame.f_globals.get("__name__", "?"))


def _record(name: str, type: str, default: object, help: str, shown: str | None, **more):
    variable = Variable(name, type, default, help, _reader_module(), shown, **more)
    READS[(name, variable.module)] = variable


def declare(
    name: str,
    type: str,
    default: object,
    *,
    help: str,
    shown: str | None = None,
    lo: float | None = None,
    hi: float | None = None,
    choices: tuple[str, ...] = (),
) -> None:
    """Record a variable that is read elsewhere (straight from ``os.environ``), so the
    reference lists it with those the readers read."""
    _record(name, type, default, help, shown, lo=lo, hi=hi, choices=choices)


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


def is_set(name: str) -> bool:
    """Was ``name`` (or ``name``_FILE) given?"""
    return _raw(name) is not None


def _bad(name: str, value: str, expected: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{name}={value!r} is not valid: expected {expected}")


@overload
def env_str(name: str, default: str, *, help: str = "", shown: str | None = None) -> str: ...
@overload
def env_str(
    name: str, default: None = None, *, help: str = "", shown: str | None = None
) -> str | None: ...
def env_str(
    name: str, default: str | None = None, *, help: str = "", shown: str | None = None
) -> str | None:
    _record(name, "str", default, help, shown)
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool, *, help: str = "", shown: str | None = None) -> bool:
    _record(name, "bool", default, help, shown)
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


def env_int(
    name: str,
    default: int,
    *,
    lo: int | None = None,
    hi: int | None = None,
    help: str = "",
    shown: str | None = None,
) -> int:
    _record(name, "int", default, help, shown, lo=lo, hi=hi)
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise _bad(name, value, "a whole number") from None
    return _check_range(name, value, number, lo, hi)


def env_float(
    name: str,
    default: float,
    *,
    lo: float | None = None,
    hi: float | None = None,
    help: str = "",
    shown: str | None = None,
) -> float:
    _record(name, "float", default, help, shown, lo=lo, hi=hi)
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


def _list(name: str, default: list[str]) -> list[str]:
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


def env_list(
    name: str, default: list[str], *, help: str = "", shown: str | None = None
) -> list[str]:
    """A list of words, written ``a,b,c`` or as a JSON list ``["a", "b"]``."""
    _record(name, "list", list(default), help, shown)
    return _list(name, default)


def env_choice(
    name: str, default: str, choices: list[str], *, help: str = "", shown: str | None = None
) -> str:
    _record(name, "choice", default, help, shown, choices=tuple(choices))
    value = _raw(name)
    if value is None:
        return default
    if value not in choices:
        raise _bad(name, value, "one of " + ", ".join(choices))
    return value


def env_path(name: str, default: Path, *, help: str = "", shown: str | None = None) -> Path:
    _record(name, "path", default, help, shown)
    return _path(name, default)


def _path(name: str, default: Path) -> Path:
    value = _raw(name)
    return (Path(value).expanduser() if value else default).absolute()


def env_rate(name: str, default: str, *, help: str = "", shown: str | None = None) -> str | None:
    """``N/period`` (60/min, 1000/hour), or off (None)."""
    _record(name, "rate", default, help, shown)
    value = _raw(name) or default
    if value.lower() in ("off", "0", "none"):
        return None
    count, _, period = value.partition("/")
    if not count.isdigit() or int(count) < 1 or period not in RATE_PERIODS:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not valid: expected N/second, N/min, N/hour, N/day or off"
        )
    return value


def env_networks(
    name: str, default: list[str], *, help: str = "", shown: str | None = None
) -> list[str]:
    """CIDR networks (``192.168.0.0/16,fd00::/8``), each checked at start-up."""
    _record(name, "networks", list(default), help, shown)
    networks = _list(name, default)
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {network!r} is not a network: expected CIDRs like 192.168.0.0/16"
            ) from None
    return networks


def env_ports(name: str, default: str, *, help: str = "", shown: str | None = None) -> range:
    """A range of unprivileged ports, ``FIRST-LAST`` (or one port)."""
    _record(name, "ports", default, help, shown, lo=1024, hi=65535)
    value = _raw(name) or default
    low, _, high = value.partition("-")
    try:
        ports = range(int(low), int(high or low) + 1)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not valid: expected FIRST-LAST") from None
    if not ports or ports.start < 1024 or ports.stop > 65536:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not valid: expected 1024-65535, FIRST<=LAST"
        )
    return ports


def machine_time_zone() -> str:
    """The machine's own time zone by name (tzlocal reads ``TZ``, ``/etc/timezone`` and
    the ``/etc/localtime`` link), or UTC where none is configured or it cannot be read."""
    import tzlocal  # here, not at import: only the settings need it

    try:
        return tzlocal.get_localzone_name() or "UTC"
    except (LookupError, ValueError, OSError):  # ZoneInfoNotFoundError is a LookupError
        return "UTC"  # a TZ or /etc/timezone naming no zone, or two that disagree


def generated_secret(path: Path, make=lambda: secrets.token_urlsafe(32)) -> str:
    """A secret kept in ``path`` (mode 0600, folder 0700), made by ``make`` on first use
    (by default a random token)."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(make())
    return path.read_text().strip()


def _run_dir() -> Path:
    return _path("HOMESEC_RUN_DIR", BASE_DIR / ".run")


def run_dir() -> Path:
    """Where this install keeps its data, secrets and logs (HOMESEC_RUN_DIR, or .run)."""
    _record(
        "HOMESEC_RUN_DIR",
        "path",
        BASE_DIR / ".run",
        "data, secrets, logs and state of the install (the embedded servers' data too)",
        "`.run` in the project folder",
    )
    return _run_dir()


def service_url(
    name: str, key: str, default: str, *, help: str = "", shown: str | None = None
) -> str:
    """Where a server is, in one order: the variable ``name``; else what the running
    `make run` wrote under ``key`` in RUN_DIR/services.json (its embedded servers, so a
    `manage.py shell` beside it finds them); else ``default``."""
    _record(name, "url", default, help, shown)
    value = _raw(name)
    if value:
        return value
    try:
        running = json.loads((_run_dir() / "services.json").read_text())
    except (OSError, ValueError):
        running = {}
    return running.get(key) or default


def secret_key_file() -> Path:
    return _run_dir() / "secrets" / "secret_key"


def read_secret(path: Path) -> str:
    """The secret kept in ``path``; empty when it has not been made yet."""
    try:
        return path.read_text().strip()
    except OSError:
        return ""


def prepare_run_dir() -> None:
    """Make what a process needs on disk before it starts: the secret key (unless
    HOMESEC_SECRET_KEY is set) and the folder of the Prometheus counters."""
    if not _raw("HOMESEC_SECRET_KEY"):
        generated_secret(secret_key_file())
    metrics = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if metrics:
        Path(metrics).mkdir(parents=True, exist_ok=True)
