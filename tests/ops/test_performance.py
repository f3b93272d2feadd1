"""The performance collector: the reference's thresholds, told once per crossing; a
critical one reaches the alert channels; a round's readings on /ws/system/, stored once
a minute, charted, and at /metrics."""

import time

import pytest
from rest_framework.test import APIClient

from alerts.models import Channel
from events.broadcast import SYSTEM_GROUP, current_seq, missed
from homesec.roles import make_admin
from ops import performance, status, thresholds
from ops.models import PerformanceSample
from ops.tasks import operator_alert
from tests.alerts.helpers import WebhookReceiver


def readings(disk_percent=50.0, **host) -> dict:
    """A performance_update's data as the collector reads it, with the numbers a test sets."""
    return {
        "gpu": None,
        "databases": {
            "postgresql": {"connections_active": 5, "connections_max": 100, "cache_hit_ratio": 99},
            "redis": {"memory_mb": 2.0},
        },
        "host": {
            "cpu_percent": 10.0,
            "ram_used_gb": 2,
            "ram_total_gb": 8,
            "disk_used_gb": disk_percent,
            "disk_total_gb": 100,
            **host,
        },
    }


def test_the_reference_thresholds_decide_warning_and_critical():
    values = thresholds.metrics_of(readings(disk_percent=85, cpu_percent=96))
    levels = thresholds.evaluate(values)
    assert levels["host_disk"] == "warning"
    assert levels["host_cpu"] == "critical"
    assert levels["host_ram"] == "ok"  # 25 %
    assert thresholds.evaluate({"gpu_temperature": 75})["gpu_temperature"] == "warning"
    assert thresholds.evaluate({"gpu_temperature": 85})["gpu_temperature"] == "critical"
    assert thresholds.evaluate({"pg_cache_hit": 89.9})["pg_cache_hit"] == "warning"
    assert thresholds.evaluate({"pg_cache_hit": 79})["pg_cache_hit"] == "critical"
    assert thresholds.evaluate({"redis_memory": 500})["redis_memory"] == "critical"
    assert thresholds.evaluate({"pg_connections": 80})["pg_connections"] == "warning"
    alerts = thresholds.alerts(values, levels)
    assert {a["metric"]: a["threshold"] for a in alerts} == {"host_disk": 80, "host_cpu": 95}


def test_a_level_is_left_only_a_margin_clear_of_its_threshold():
    assert thresholds.evaluate({"host_disk": 89}, {"host_disk": "critical"}) == {
        "host_disk": "critical"
    }
    assert thresholds.evaluate({"host_disk": 85}, {"host_disk": "critical"}) == {
        "host_disk": "warning"
    }
    assert thresholds.crossings({"host_disk": "critical"}, {"host_disk": "warning"}) == []
    assert thresholds.crossings({"host_disk": "ok"}, {"host_disk": "critical"}) == [
        ("host_disk", "critical")
    ]


def told(since: int) -> list[dict]:
    return [m for m in missed(SYSTEM_GROUP, since) or [] if m["type"] == "performance_alert"]


def test_a_crossing_is_told_once_and_critical_reaches_the_channels(broker, celery_worker):
    receiver = WebhookReceiver()
    Channel.objects.create(name="phone", kind="webhook", target=receiver.url)
    since = current_seq(SYSTEM_GROUP)
    for _ in range(3):
        performance.assess(readings(disk_percent=50), critical=operator_alert.delay)
    assert told(since) == []
    for _ in range(3):
        performance.assess(readings(disk_percent=85), critical=operator_alert.delay)
    for _ in range(3):
        performance.assess(readings(disk_percent=93), critical=operator_alert.delay)
    messages = told(since)
    assert [(m["data"]["metric"], m["data"]["severity"]) for m in messages] == [
        ("host_disk", "warning"),
        ("host_disk", "critical"),
    ]
    assert messages[1]["data"]["message"] == "Disk high: 93 % (critical at 90)"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not receiver.accepted:
        time.sleep(0.1)
    time.sleep(1)  # a second one would have come by now
    assert len(receiver.accepted) == 1
    alert = receiver.accepted[0]
    assert alert["type"] == "operator_alert"
    assert alert["metric"] == "host_disk"
    assert alert["risk_level"] == "critical"
    assert alert["url"].endswith("/system/")


@pytest.mark.django_db
def test_a_round_reads_everything_stores_once_a_minute_and_is_served(broker, capsys):
    status.watching("test-socket", True)
    since = current_seq(SYSTEM_GROUP)
    rounds = []
    for _ in range(2):  # the first is measured cold, the second warm
        start = time.process_time()
        status.collect_and_publish()
        rounds.append(time.process_time() - start)
    with capsys.disabled():
        print(
            "\ncollector round (status + performance), CPU: "
            f"first {rounds[0] * 1000:.0f} ms, then {rounds[1] * 1000:.0f} ms"
        )
    updates = [m for m in missed(SYSTEM_GROUP, since) if m["type"] == "performance_update"]
    assert len(updates) == 2
    data = updates[-1]["data"]
    assert data["host"]["disk_total_gb"] > 0
    assert data["host"]["ram_total_gb"] > 0
    pg = data["databases"]["postgresql"]
    assert pg["status"] == "healthy"
    assert 1 <= pg["connections_active"] <= pg["connections_max"]
    assert pg["transactions_per_min"] is not None  # the second round has a rate
    assert data["databases"]["redis"]["connected_clients"] >= 1
    assert set(data["inference"]) >= {"detector_latency_ms", "llm_latency_ms", "throughput"}
    assert isinstance(data["alerts"], list)
    assert PerformanceSample.objects.count() == 1  # two rounds, one minute: one sample
    status.watching("test-socket", False)

    user = make_admin_user()
    client = APIClient()
    client.force_authenticate(user)
    history = client.get("/api/system/performance/history/?minutes=60").json()
    assert len(history) == 1
    assert history[0]["host_disk"] is not None
    assert client.get("/api/system/performance/").json()["host"] == data["host"]
    metrics = client.get("/metrics").content.decode()
    assert 'homesec_performance{metric="host_disk"}' in metrics
    assert 'homesec_performance_alert{metric="gpu_temperature"} 0.0' in metrics


def make_admin_user():
    from django.contrib.auth.models import User

    user = User.objects.create_user("resident", password="pw-for-tests")
    make_admin(user)
    return user
