"""/metrics sums what every process observed: here a real prefork Celery worker process
judges a batch, and the web side's scrape sees its event and its stage latency."""

import re

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from analysis.tasks import analyze_batch
from tests.conftest import worker_process
from tests.factories import camera, closed_batch
from tests.servers import RUN_DIR

pytestmark = pytest.mark.django_db(transaction=True)


def value(text: str, sample: str) -> float:
    found = re.search(rf"^{re.escape(sample)} (\S+)$", text, re.MULTILINE)
    assert found, f"{sample} not in the metrics"
    return float(found.group(1))


def test_metrics_from_a_worker_process_reach_the_scrape(django_user_model, broker, monkeypatch):
    folder = RUN_DIR / "metrics-test"
    folder.mkdir(exist_ok=True)
    for stale in folder.iterdir():
        stale.unlink()
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))
    user = django_user_model.objects.create_user("prometheus", password="pw-for-tests")
    token = AuthToken.objects.create(user)[1]
    batches = [closed_batch(camera(name)) for name in ("Garden", "Drive")]
    with worker_process("metrics", "analysis", PROMETHEUS_MULTIPROC_DIR=str(folder)):
        for batch in batches:
            analyze_batch.delay([], batch.pk).get(timeout=30)
    scrape = APIClient()
    scrape.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = scrape.get("/metrics", HTTP_ACCEPT="text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    levels = sum(
        value(text, f'homesec_events_total{{level="{level}"}}')
        for level in ("low", "medium", "high")
        if f'level="{level}"' in text
    )
    assert levels == 2  # both events, counted in the worker process
    assert value(text, 'homesec_stage_seconds_count{stage="event"}') == 2
    assert value(text, 'homesec_queue_depth{queue="llm"}') == 0
    assert value(text, "homesec_dead_letters") == 0
    assert value(text, 'homesec_cameras{status="offline"}') == 2


def test_metrics_refuse_anonymous_scrapes():
    assert APIClient().get("/metrics").status_code in (401, 403)
