"""compose.yaml cannot run here (no container engine), so check it against the project:
read as compose reads it (${VAR:-default} filled in, $$ for $), and its health checks run
for real where they can be (the heartbeat checks on real files, a worker's ping against a
real worker)."""

import os
import re
import shlex
import socket
import subprocess
import sys
import time

import pytest
import yaml
from django.core.management import get_commands

from celeryconfig import QUEUES, worker_groups
from homesec import heartbeat
from tests.conftest import worker_process
from tests.servers import ROOT

SERVICES = {"postgres", "redis", "web", "watcher", "beat", "worker-detect-gpu0",
            "worker-analysis", "worker-llm", "flower", "vllm", "ftp", "home-assistant"}  # fmt: skip
SECRETS = ("POSTGRES_PASSWORD", "REDIS_PASSWORD", "HOMESEC_SECRET_KEY", "HOMESEC_FLOWER_PASSWORD")
ENV = {name: f"{name.lower()}-value" for name in SECRETS}
# Where the image puts things (Dockerfile: HOMESEC_RUN_DIR, _CAMERA_ROOT, _MEDIA_ROOT).
RUN_DIR, CAMERA_ROOT, MEDIA_ROOT = "/data/run", "/data/cameras", "/data/media"
VARIABLE = re.compile(r"\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}")


class Unset(KeyError):
    """A ${VAR:?message} whose variable is not set: compose refuses to start."""


def interpolate(value, env: dict):
    """``value`` (parsed YAML) with variables filled in as compose does."""
    if isinstance(value, dict):
        return {key: interpolate(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, env) for item in value]
    if not isinstance(value, str):
        return value

    def one(match):
        if match.group(0) == "$$":
            return "$"
        name, operator, argument = match.groups()
        given = env.get(name)
        if given or (given is not None and operator not in (":-", ":?")):
            return given
        if operator and operator.endswith("?"):
            raise Unset(f"{name}: {argument}")
        return argument if operator else ""

    return VARIABLE.sub(one, value)


def load(*files: str, **env: str) -> dict:
    """The compose files merged as compose merges them (enough for these: mappings merge,
    anything else is replaced), variables filled in from ENV and ``env``."""
    merged: dict = {}
    for name in files:
        merge(merged, yaml.safe_load((ROOT / name).read_text()))
    return interpolate(merged, {**ENV, **env})


def merge(into: dict, more: dict) -> None:
    for key, value in more.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            merge(into[key], value)
        else:
            into[key] = value


@pytest.fixture(scope="module")
def compose():
    return load("compose.yaml")


def argv(service: dict) -> list[str]:
    """The command as run: ``sh -c "exec …"`` unwrapped, with the service's own variables
    expanded as the shell would."""
    command = service["command"]
    if command[:2] == ["sh", "-c"]:
        command = shlex.split(shell_expand(command[2], service))
        command = command[1:] if command[0] == "exec" else command
    return command


def shell_expand(text: str, service: dict, **more: str) -> str:
    env = {**service.get("environment", {}), **more}
    return re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m.group(1), ""), text)


def option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def app_services(compose):
    for name, service in compose["services"].items():
        if "build" in service:
            yield name, service


def workers(compose):
    for name, service in app_services(compose):
        if argv(service)[:4] == ["celery", "-A", "homesec", "worker"]:
            yield name, service


def detect_workers(compose):
    return {name: s for name, s in workers(compose) if option(argv(s), "-Q") == "detect"}


def health_command(service: dict) -> str:
    kind, *rest = service["healthcheck"]["test"]
    assert kind in ("CMD", "CMD-SHELL")
    return rest[0] if kind == "CMD-SHELL" else shlex.join(rest)


def test_every_service_of_the_production_path_is_there(compose):
    assert set(compose["services"]) >= SERVICES


def test_no_secret_has_a_default(compose):
    for secret in SECRETS:
        with pytest.raises(Unset, match=secret):
            load("compose.yaml", **{secret: ""})
    assert "PASSWORD:-" not in (ROOT / "compose.yaml").read_text()


def test_every_app_command_exists_in_the_project(compose):
    commands = get_commands()
    for name, service in app_services(compose):
        command = argv(service)
        if command[:2] == ["python", "manage.py"]:
            assert command[2] in commands, f"{name}: no management command {command[2]!r}"
        elif command[0] == "celery":
            assert command[1:3] == ["-A", "homesec"], name
            assert command[3] in {"worker", "beat", "flower"}, name
        else:
            pytest.fail(f"{name}: unexpected command {command}")


def test_the_workers_consume_every_declared_queue_and_no_other(compose):
    consumed = set()
    for _name, service in workers(compose):
        consumed.update(option(argv(service), "-Q").split(","))
    assert consumed == set(QUEUES)


def test_each_worker_runs_as_its_group_says_and_its_health_check_pings_it(compose):
    for name, service in workers(compose):
        command = argv(service)
        queues = option(command, "-Q").split(",")
        group = next(g for g in worker_groups.values() if g["queues"] == queues)
        assert int(option(command, "-c")) == group["concurrency"], name
        assert int(option(command, "--prefetch-multiplier")) == group["prefetch_multiplier"], name
        node = option(command, "-n")
        assert node.endswith("@%h"), name  # its container's hostname, which $HOSTNAME holds
        check = shlex.split(shell_expand(health_command(service), service, HOSTNAME="box"))
        assert check[:5] == ["celery", "-A", "homesec", "inspect", "ping"], name
        assert option(check, "-d") == node.replace("%h", "box"), name


def test_the_detect_worker_health_check_fails_unless_that_worker_answers(compose, broker):
    service = compose["services"]["worker-detect-gpu0"]
    node = option(argv(service), "-n").partition("@")[0]
    env = {
        **os.environ,
        "HOSTNAME": socket.gethostname(),
        "PATH": f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}",
    }

    def check(gpu: str) -> int:
        command = health_command(service)
        return subprocess.run(
            ["sh", "-c", command],
            env={**env, "CUDA_VISIBLE_DEVICES": gpu},
            cwd=ROOT,
            capture_output=True,
            timeout=60,
        ).returncode

    with worker_process(node, "detect"):
        assert check("0") == 0
        assert check("7") != 0  # no worker detect-gpu7 on this host: unhealthy


@pytest.mark.parametrize("name", ["watcher", "beat", "home-assistant"])
def test_the_watcher_and_beat_are_healthy_while_their_heartbeat_is_fresh(
    compose, name, tmp_path, settings
):  # fmt: skip
    settings.RUN_DIR = RUN_DIR
    written = str(heartbeat.path_of(name))  # where the process writes it in the container
    command = health_command(compose["services"][name])
    assert written in command
    here = tmp_path / "heartbeat"
    command = command.replace(written, str(here))

    def check() -> int:
        return subprocess.run(["sh", "-c", command], capture_output=True).returncode

    assert check() != 0  # never written: the process never got going
    here.touch()
    assert check() == 0
    then = time.time() - 300
    os.utime(here, (then, then))
    assert check() != 0  # alive perhaps, but its loop has stopped turning


def test_the_web_health_check_asks_for_ready_on_the_port_it_serves(compose):
    web = compose["services"]["web"]
    port = option(argv(web), "--port")
    assert f"http://127.0.0.1:{port}/ready" in health_command(web)
    assert "127.0.0.1" in web["environment"]["HOMESEC_ALLOWED_HOSTS"].split(",")


def test_every_long_running_service_has_a_health_check(compose):
    for name, service in compose["services"].items():
        if name != "migrate":  # runs once and exits
            assert "healthcheck" in service, name


def gpus_of_detect_workers(compose, profiles=None) -> dict[str, str]:
    """GPU of each detection worker; of those started with COMPOSE_PROFILES=``profiles``
    only, when given."""
    return {
        name: service["environment"]["CUDA_VISIBLE_DEVICES"]
        for name, service in detect_workers(compose).items()
        if profiles is None or set(service.get("profiles", [])) <= set(profiles)
    }


def test_one_detect_worker_per_gpu_each_pinned_to_its_own(compose):
    gpus = gpus_of_detect_workers(compose)
    assert len(gpus) >= 3  # 0 by default; 1 and 2 by their profiles
    assert len(set(gpus.values())) == len(gpus)  # no two workers on one GPU
    for name, gpu in gpus.items():
        assert name == f"worker-detect-gpu{gpu}"
        assert option(argv(compose["services"][name]), "-n") == f"detect-gpu{gpu}@%h"


def test_the_detect_workers_differ_only_in_their_gpu(compose):
    def without_gpu(service):
        service = {**service, "environment": dict(service["environment"])}
        service.pop("profiles", None)
        del service["environment"]["CUDA_VISIBLE_DEVICES"]
        return service

    first, *others = detect_workers(compose).values()
    for other in others:
        assert without_gpu(other) == without_gpu(first)


def test_a_detect_worker_runs_the_gpu_backend_on_the_gpu_it_is_given(compose):
    worker = compose["services"]["worker-detect-gpu0"]
    env = worker["environment"]
    assert env["HOMESEC_DETECTOR"] == "ultralytics"
    assert env["HOMESEC_DETECTOR_DEVICE"] == "cuda:0"  # the only one CUDA_VISIBLE_DEVICES leaves
    assert env["CUDA_DEVICE_ORDER"] == "PCI_BUS_ID"  # numbered as nvidia-smi numbers them
    assert env["HOMESEC_DETECTOR_MODEL"].startswith("/models/")
    assert "./models:/models:ro" in worker["volumes"]
    devices = worker["deploy"]["resources"]["reservations"]["devices"]
    assert devices == [{"driver": "nvidia", "count": "all", "capabilities": ["gpu"]}]
    assert worker["build"]["args"]["REQUIREMENTS"] == "gpu"
    assert (ROOT / "requirements" / "gpu.txt").exists()


def vllm_shares_a_gpu_without_a_memory_split(compose, profiles=()) -> bool:
    vllm = compose["services"]["vllm"]
    gpus = set(vllm["deploy"]["resources"]["reservations"]["devices"][0]["device_ids"])
    shared = gpus & set(gpus_of_detect_workers(compose, profiles).values())
    return bool(shared) and float(option(vllm["command"], "--gpu-memory-utilization")) > 0.7


def test_vllm_has_a_gpu_of_its_own_or_leaves_memory_for_detection():
    for profiles in [(), ("gpu2",)]:  # two GPUs, three
        assert not vllm_shares_a_gpu_without_a_memory_split(load("compose.yaml"), profiles)
    # One GPU, as compose.yaml's comment says to set it, and as it would be without the split.
    one_gpu = load("compose.yaml", HOMESEC_VLLM_GPU="0", HOMESEC_VLLM_MEMORY="0.6")
    assert not vllm_shares_a_gpu_without_a_memory_split(one_gpu)
    assert vllm_shares_a_gpu_without_a_memory_split(load("compose.yaml", HOMESEC_VLLM_GPU="0"))


def mounts(service: dict) -> dict[str, str]:
    """Container path → "volume" or "volume:ro"."""
    found = {}
    for entry in service.get("volumes", []):
        source, target, *mode = entry.split(":")
        found[target] = ":".join([source, *mode])
    return found


def test_camera_root_read_only_and_media_read_write_as_named_volumes(compose):
    assert {"cameras", "media"} <= set(compose["volumes"])
    for name, service in app_services(compose):
        at = mounts(service)
        writes_uploads = name == "ftp"
        assert at[CAMERA_ROOT] == ("cameras" if writes_uploads else "cameras:ro"), name
        assert at[MEDIA_ROOT] == "media", name  # thumbnails are written by the detect workers


def test_the_nfs_file_shares_both_volumes_with_every_host(compose):
    with pytest.raises(Unset, match="HOMESEC_NFS_SERVER"):
        load("compose.yaml", "compose.nfs.yaml")
    shared = load("compose.yaml", "compose.nfs.yaml", HOMESEC_NFS_SERVER="10.0.0.2")
    for volume, export in (("cameras", "/srv/homesec/cameras"), ("media", "/srv/homesec/media")):
        options = shared["volumes"][volume]["driver_opts"]
        assert options["type"] == "nfs"
        assert "addr=10.0.0.2" in options["o"].split(",")
        assert options["device"] == f":{export}"
    # Mounted where they were, read-only where they were: only the volumes' source changed.
    assert shared["services"]["worker-detect-gpu0"] == compose["services"]["worker-detect-gpu0"]
    assert shared["services"]["watcher"]["environment"]["HOMESEC_WATCH_POLLING"] == "true"


def test_workers_on_another_host_reach_the_main_hosts_database_and_broker():
    remote = load(
        "compose.yaml",
        HOMESEC_DB_HOST="10.0.0.5",
        HOMESEC_REDIS_HOST="10.0.0.5",
        HOMESEC_PUBLISH_ADDRESS="10.0.0.5",
    )
    env = remote["services"]["worker-detect-gpu0"]["environment"]
    assert env["DATABASE_URL"].endswith("@10.0.0.5:5432/homesec")
    assert env["REDIS_URL"] == f"redis://:{ENV['REDIS_PASSWORD']}@10.0.0.5:6379/0"
    assert "10.0.0.5:5432:5432" in remote["services"]["postgres"]["ports"]
    assert "10.0.0.5:6379:6379" in remote["services"]["redis"]["ports"]
    main = load("compose.yaml")  # alone: loopback only, and the services by name
    assert "127.0.0.1:6379:6379" in main["services"]["redis"]["ports"]
    assert "@redis:6379/0" in main["services"]["web"]["environment"]["REDIS_URL"]


def test_redis_wants_the_password_the_services_use(compose):
    redis = compose["services"]["redis"]
    assert option(redis["command"], "--requirepass") == ENV["REDIS_PASSWORD"]
    assert redis["environment"]["REDISCLI_AUTH"] == ENV["REDIS_PASSWORD"]  # its health check


def test_the_llm_worker_talks_to_the_vllm_service_by_its_served_name(compose):
    vllm = compose["services"]["vllm"]
    served = option(vllm["command"], "--served-model-name")
    port = 8000  # vLLM's default, which its health check uses
    assert f"127.0.0.1:{port}/health" in " ".join(vllm["healthcheck"]["test"])
    worker = compose["services"]["worker-llm"]
    assert worker["environment"]["HOMESEC_LLM_URL"] == f"http://vllm:{port}/v1"
    assert worker["environment"]["HOMESEC_LLM_MODEL"] == served
    assert "vllm" in worker["depends_on"]
