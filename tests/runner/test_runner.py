"""`manage.py up` as a user runs it: everything starts, the admin login works, and a stop
(or even a kill) leaves no process behind."""

import base64
import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import psutil
import pytest

from runner import processes
from tests.servers import ROOT

SERVICES = {"postgres", "redis", "llm", "web", "worker-detect", "worker-analysis", "worker-llm",
            "worker-media", "beat", "watcher", "ftp", "flower", "home-assistant"}  # fmt: skip


class Up:
    """`python manage.py up` in a run directory of its own, on its own embedded servers."""

    def __init__(self, run_dir):
        self.run_dir = run_dir
        own = ("DATABASE_URL", "REDIS_URL", "HOMESEC_LLM_URL")
        env = {k: v for k, v in os.environ.items() if k not in own}
        env.update(
            HOMESEC_RUN_DIR=str(run_dir),
            HOMESEC_PORT="0",
            HOMESEC_FLOWER_PORT="0",
            HOMESEC_FTP_PORT="0",
            HOMESEC_LLM="on",
        )
        self.output = run_dir.parent / f"{run_dir.name}.out"
        with open(self.output, "ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "up"], cwd=ROOT, env=env, stdout=out, stderr=out
            )

    def text(self) -> str:
        return self.output.read_text()

    def wait_ready(self, timeout: float = 150) -> dict:
        state_file = self.run_dir / "runner.json"

        def ready():
            if self.process.poll() is not None:
                pytest.fail(f"manage.py up exited early:\n{self.text()}")
            try:
                state = json.loads(state_file.read_text())
            except (OSError, ValueError):
                return False
            return state["ready"] and state["pid"] == self.process.pid

        assert processes.wait_until(ready, timeout=timeout, interval=0.5), self.text()
        return json.loads(state_file.read_text())

    def all_pids(self, state: dict) -> set[int]:
        """Every process the runner started, and every process those started."""
        pids = set()
        for pid in [*state["servers"].values(), *state["children"].values()]:
            pids.add(pid)
            pids.update(p.pid for p in psutil.Process(pid).children(recursive=True))
        return pids


def alive(pids: set[int]) -> set[int]:
    def running(pid):
        try:
            return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    return {pid for pid in pids if running(pid)}


def admin_login(base_url: str, password: str) -> str:
    """Log in to the admin as a browser does (CSRF token, session cookie); return the page."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    form = opener.open(base_url + "admin/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"username": "admin", "password": password, "csrfmiddlewaretoken": token, "next": "/admin/"}
    ).encode()
    request = urllib.request.Request(base_url + "admin/login/", data=data)
    request.add_header("Referer", base_url + "admin/login/")
    return opener.open(request, timeout=10).read().decode()


def flower_status(url: str, password: str | None) -> int:
    request = urllib.request.Request(url)
    if password:
        token = base64.b64encode(f"admin:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_up_starts_everything_and_a_stop_leaves_nothing_behind(run_dir, stop_signal):
    up = Up(run_dir)
    try:
        state = up.wait_ready()
        assert set(state["servers"]) | set(state["children"]) == SERVICES
        pids = up.all_pids(state)
        assert len(pids) > len(SERVICES)  # pool workers and postgres backends included
        output = up.text()
        assert "Ready in" in output
        password = re.search(r"admin login created: user 'admin', password '([^']+)'", output)
        assert password, output
        assert "Site administration" in admin_login(state["urls"]["web"], password.group(1))
        assert flower_status(state["urls"]["flower"], None) == 401
        flower_password = (run_dir / "secrets" / "flower.password").read_text()
        assert flower_status(state["urls"]["flower"], flower_password) == 200

        up.process.send_signal(stop_signal)
        assert up.process.wait(timeout=60) == 0
    finally:
        if up.process.poll() is None:
            up.process.kill()
    assert alive(pids) == set(), f"left running: {alive(pids)}\n{up.text()}"
    assert "nothing left running" in up.text()


def test_a_killed_runner_takes_its_children_with_it_and_the_next_start_recovers(run_dir):
    first = Up(run_dir)
    try:
        pids = first.all_pids(first.wait_ready())
        first.process.kill()  # no chance to clean up: the kernel's parent-death signal must
    finally:
        first.process.kill()
    assert processes.wait_until(lambda: not alive(pids), timeout=60, interval=0.5), alive(pids)

    second = Up(run_dir)
    try:
        pids = second.all_pids(second.wait_ready())
        assert "admin login exists" in second.text()  # the same database, no second password
        second.process.send_signal(signal.SIGTERM)
        assert second.process.wait(timeout=60) == 0
        assert alive(pids) == set()
    finally:
        if second.process.poll() is None:
            second.process.kill()


def test_a_second_runner_on_the_same_folder_is_refused(run_dir):
    first = Up(run_dir)
    try:
        first.wait_ready()
        result = subprocess.run(
            [sys.executable, "manage.py", "up"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "HOMESEC_RUN_DIR": str(run_dir)},
        )
        assert result.returncode == 1
        assert f"already running from {run_dir} (pid {first.process.pid})" in result.stdout
        assert first.process.poll() is None  # the first one is untouched
    finally:
        first.process.send_signal(signal.SIGTERM)
        first.process.wait(timeout=60)


def test_a_crashed_child_is_reported_and_restarted(run_dir):
    up = Up(run_dir)
    try:
        state = up.wait_ready()
        os.kill(state["children"]["watcher"], signal.SIGKILL)

        def restarted():
            children = json.loads((run_dir / "runner.json").read_text())["children"]
            return children["watcher"] != state["children"]["watcher"]

        assert processes.wait_until(restarted, timeout=30, interval=0.5), up.text()
        assert "✗ watcher exited with code -9" in up.text()
        assert "↻ watcher restarted" in up.text()
    finally:
        up.process.send_signal(signal.SIGTERM)
        up.process.wait(timeout=60)
