"""Files named by stored paths, only ever from inside their root. The API streams them
and retention deletes them; a path that leads out — ``..``, an absolute path, a symlink
pointing away — is refused, whatever the database says."""

from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join


class OutsideRoot(ValueError):
    """The stored path leads outside its root."""


def inside(root, relative: str) -> Path | None:
    """The existing file ``relative`` names under ``root``, symlinks resolved; None when
    there is no such file; OutsideRoot when the path leads anywhere but under ``root``."""
    if not relative:
        return None
    base = Path(root).resolve()
    try:
        path = Path(safe_join(base, relative)).resolve()
    except (SuspiciousFileOperation, ValueError):  # escapes, or a NUL byte
        raise OutsideRoot(relative) from None
    if not path.is_relative_to(base):
        raise OutsideRoot(relative)
    return path if path.is_file() else None


def folder_inside(root, name: str) -> Path:
    """The folder ``name`` right under ``root``, symlinks resolved; OutsideRoot when it is
    anything else (a path, ``..``, a symlink pointing away)."""
    base = Path(root).resolve()
    if not name or name in (".", "..") or "/" in name or "\0" in name:
        raise OutsideRoot(name)
    path = (base / name).resolve()
    if path.parent != base:
        raise OutsideRoot(name)
    return path
