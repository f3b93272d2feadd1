"""compose.yaml cannot run here (no container engine), so check it against the project."""

import importlib

import pytest
import yaml
from django.core.management import get_commands

from celeryconfig import QUEUES
from tests.servers import ROOT

SERVICES = {"postgres", "redis", "web", "watcher", "beat", "worker-detect-gpu0",
            "worker-analysis", "worker-llm", "flower", "vllm", "ftp"}  # fmt: skip


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def app_commands(compose):
    for name, service in compose["services"].items():
        if "build" in service:
            yield name, service["command"]


def test_every_service_of_the_production_path_is_there(compose):
    assert set(compose["services"]) >= SERVICES


def test_every_service_has_a_health_check(compose):
    for name, service in compose["services"].items():
        if name != "migrate":  # runs once and exits
            assert "healthcheck" in service, name


def test_every_app_command_exists_in_the_project(compose):
    commands = get_commands()
    for name, argv in app_commands(compose):
        if argv[:2] == ["python", "manage.py"]:
            assert argv[2] in commands, f"{name}: no management command {argv[2]!r}"
        elif argv[0] == "celery":
            assert argv[1:3] == ["-A", "homesec"], name
            assert argv[3] in {"worker", "beat", "flower"}, name
        elif argv[0] == "daphne":
            module, attribute = argv[-1].split(":")
            assert hasattr(importlib.import_module(module), attribute), name
        else:
            pytest.fail(f"{name}: unexpected command {argv}")


def test_the_workers_consume_every_declared_queue_and_no_other(compose):
    consumed = set()
    for _name, argv in app_commands(compose):
        if argv[:4] == ["celery", "-A", "homesec", "worker"]:
            consumed.update(argv[argv.index("-Q") + 1].split(","))
    assert consumed == set(QUEUES)


def test_the_detection_worker_is_pinned_to_one_gpu(compose):
    worker = compose["services"]["worker-detect-gpu0"]
    assert worker["environment"]["CUDA_VISIBLE_DEVICES"] == "0"
    devices = worker["deploy"]["resources"]["reservations"]["devices"]
    assert devices == [{"driver": "nvidia", "device_ids": ["0"], "capabilities": ["gpu"]}]
    assert worker["command"][worker["command"].index("-Q") + 1] == "detect"
    assert worker["build"]["args"]["REQUIREMENTS"] == "gpu"
    assert (ROOT / "requirements" / "gpu.txt").exists()


def test_no_secret_has_a_default(compose):
    text = (ROOT / "compose.yaml").read_text()
    assert "${POSTGRES_PASSWORD:?" in text
    assert "${HOMESEC_SECRET_KEY:?" in text
    assert "${HOMESEC_FLOWER_PASSWORD:?" in text
    assert "POSTGRES_PASSWORD:-" not in text


def test_the_llm_worker_talks_to_the_vllm_service_by_its_served_name(compose):
    vllm = compose["services"]["vllm"]
    served = vllm["command"][vllm["command"].index("--served-model-name") + 1]
    port = 8000  # vLLM's default, which its health check uses
    assert f"127.0.0.1:{port}/health" in " ".join(vllm["healthcheck"]["test"])
    worker = compose["services"]["worker-llm"]
    assert worker["environment"]["HOMESEC_LLM_URL"] == f"http://vllm:{port}/v1"
    assert worker["environment"]["HOMESEC_LLM_MODEL"] == served
    assert "vllm" in worker["depends_on"]
