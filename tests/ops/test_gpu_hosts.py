"""GPU readings come from where the GPUs are: each detection worker reports its own host's
(NVML in that process, every 10 s), and the System page, /api/system/gpu/ and the status
messages list them per worker. A worker that takes no detection work reports nothing."""

import socket

import pytest
from django.test import Client

from detection.gpu_reports import REPORTS, reported
from homesec.roles import make_admin
from homesec.store import redis_client
from ops import status
from runner import processes
from tests.conftest import worker_process

pytestmark = pytest.mark.django_db(transaction=True)


def test_each_detection_worker_reports_its_hosts_gpus_and_the_system_page_lists_them(
    django_user_model,
):
    host = socket.gethostname()
    detect, media = f"detect-gpu7@{host}", f"media-gpu7@{host}"
    redis_client().delete(REPORTS + detect, REPORTS + media)
    with worker_process("detect-gpu7", "detect"), worker_process("media-gpu7", "media"):
        assert processes.wait_until(
            lambda: detect in {r["worker"] for r in reported()}, timeout=30
        ), "the detection worker never reported its GPUs"
        said = next(r for r in reported() if r["worker"] == detect)
        assert said["gpus"] == []  # this machine has none, and says why
        assert said["message"].startswith("no GPU")
        assert media not in {r["worker"] for r in reported()}

        hosts = status.collect()["gpu_hosts"]
        assert {"worker": detect, "gpus": [], "message": said["message"]} in hosts
        admin = django_user_model.objects.create_user("admin", password="pw")
        make_admin(admin)
        page = Client()
        page.force_login(admin)
        answer = page.get("/api/system/gpu/").json()
        assert detect in [h["worker"] for h in answer["hosts"]]
        assert f"{detect}: no GPU" in answer["message"]
        text = page.get("/system/").content.decode()
        assert f'<h3 class="small">{detect}</h3>' in text
        assert "detection runs on the CPU there" in text
    redis_client().delete(REPORTS + detect)
