"""Starting and stopping child processes so that none is ever left behind.

Every child gets a session of its own (a terminal's Ctrl-C reaches only the runner,
which then stops them in order) and a parent-death signal (if the runner itself is
killed outright, the kernel still tells each child to stop).
"""

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import psutil

PR_SET_PDEATHSIG = 1


def _die_with_parent(sig: int) -> Callable[[], None]:
    def preexec() -> None:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(sig))

    return preexec


def spawn(
    argv: list[str],
    *,
    log_path: Path,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    user: tuple[int, int] | None = None,
    death_signal: int = signal.SIGTERM,
) -> subprocess.Popen:
    """Start ``argv`` with its output appended to ``log_path``.

    ``user`` is a (uid, gid) pair to drop to, for servers that refuse root.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            [str(arg) for arg in argv],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=cwd,
            user=user[0] if user else None,
            group=user[1] if user else None,
            extra_groups=[] if user else None,
            start_new_session=True,
            preexec_fn=_die_with_parent(death_signal),
        )


def spawn_attached(
    argv: list[str], *, pass_fds: tuple[int, ...] = (), env: dict[str, str] | None = None
) -> subprocess.Popen:
    """Start ``argv`` as a part of this process: its output, its process group, and
    stopped by the kernel should this process die."""
    return subprocess.Popen(
        [str(arg) for arg in argv],
        stdin=subprocess.DEVNULL,
        pass_fds=pass_fds,
        env=env,
        preexec_fn=_die_with_parent(signal.SIGTERM),
    )


def stop(process: subprocess.Popen, *, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
    """Ask the process to stop with ``sig``; after ``timeout`` kill it and its whole group
    (a child of ``spawn_attached`` has no group of its own: it is killed alone)."""
    if process.poll() is None:
        try:
            os.kill(process.pid, sig)
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        except ProcessLookupError:
            pass
    kill_group(process.pid)
    if process.poll() is None:
        process.kill()
        process.wait()


def kill_group(pgid: int) -> None:
    """SIGKILL whatever is left in a child's process group (pool workers, backends)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def stop_pid(pid: int, *, sig: int, timeout: float = 30) -> None:
    """Stop a process that is not our child (a server left over from a crash)."""
    try:
        process = psutil.Process(pid)
        process.send_signal(sig)
        process.wait(timeout)
    except psutil.NoSuchProcess:
        return
    except psutil.TimeoutExpired:
        process.kill()
        process.wait(10)


def listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """``count`` listening TCP sockets on one port (SO_REUSEPORT), for as many processes:
    the kernel spreads new connections over them. (One shared socket would let the first
    process to wake take a whole burst of connections.) Port 0 picks a free one."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(family, socket.SOCK_STREAM)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
            sock.listen(1024)
            sock.set_inheritable(True)
            port = sock.getsockname()[1]
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def accepts_connections(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def tail(path: Path, lines: int = 15) -> str:
    try:
        with open(path, "rb") as log:
            log.seek(0, os.SEEK_END)
            log.seek(max(0, log.tell() - 8192))
            text = log.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def wait_until(check: Callable[[], bool], *, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return check()
