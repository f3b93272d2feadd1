"""The analysis worker takes what a new event waits on before alerts, and alerts before the
batches' faces and plates (celeryconfig.worker_groups): a real worker, started as `make
run` starts it, in front of a queue already full of enrichment."""

import re

import pytest
import redis
from django.conf import settings

import celeryconfig
from runner import processes
from runner.supervisor import worker_argv
from tests.conftest import running, sender

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_event_and_an_alert_do_not_wait_behind_a_full_enrichment_queue():
    url = re.sub(r"/\d+$", "", settings.REDIS_URL) + "/13"  # a database of its own
    redis.Redis.from_url(url).flushdb()
    client = sender(url)
    for _ in range(30):  # thirty detections of closed batches waiting for their faces
        client.send_task("analysis.tasks.enrich_detection", args=[0])
    for _ in range(2):  # sent last, taken first: what makes events (fast), then alerts
        client.send_task("alerts.tasks.reconcile_deliveries")  # queue default
        client.send_task("analysis.tasks.close_due_batches")  # queue fast
    argv = worker_argv("queue-order", celeryconfig.worker_groups["analysis"])
    with running("worker-queue-order", argv, " ready.", REDIS_URL=url, HOMESEC_LLM="off") as (
        _, log,
    ):  # fmt: skip
        finished = lambda: log.read_text().count(" succeeded in ") >= 34  # noqa: E731
        assert processes.wait_until(finished, timeout=120), f"the worker did not finish; see {log}"
        received = re.findall(r"Task ([\w.]+)\[[\w-]+\] received", log.read_text())
    first = ["analysis.tasks.close_due_batches"] * 2 + ["alerts.tasks.reconcile_deliveries"] * 2
    assert received == first + ["analysis.tasks.enrich_detection"] * 30
