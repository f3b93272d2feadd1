"""Each alert channel sends through a circuit breaker shared by every process (Redis): a
channel that keeps failing is rested instead of costing every delivery its timeout, and
what runs degraded is said on /ready, /api/system/health, /metrics and the System page."""

import os
import subprocess
import sys
import time

import pytest
from django.test import Client
from rest_framework.test import APIClient

from alerts import transports
from alerts.models import Channel, Delivery
from homesec.circuit import PREFIX, CircuitBreaker
from homesec.roles import make_admin
from homesec.store import redis_client
from ops import status
from tests.conftest import database_url_of_test_db
from tests.servers import ROOT


@pytest.mark.django_db(transaction=True)  # the receiver's thread reads the channel
def test_a_failing_channel_is_rested_said_degraded_and_tried_again(receiver, django_user_model):
    channel = Channel.objects.create(name="phone", kind="webhook", target=receiver.url)
    receiver.failures_left = 100  # the phone's service is down
    for _ in range(5):
        with pytest.raises(transports.DeliveryError, match="HTTP 503"):
            transports.webhook(channel, b"{}")
    tried = receiver.requests
    with pytest.raises(transports.DeliveryError, match=f"circuit channel-{channel.pk} open"):
        transports.webhook(channel, b"{}")
    assert receiver.requests == tried  # rested: not called

    said = "alert channel “phone”: circuit open (resting after failures)"
    admin = django_user_model.objects.create_superuser("admin", password="pw")
    make_admin(admin)
    api = APIClient()
    api.force_authenticate(admin)
    ready = Client().get("/ready").json()
    assert said in ready["degraded"]
    assert said in api.get("/api/system/health/").json()["degraded"]
    metrics = api.get("/metrics").content.decode()
    assert f'homesec_circuit_open{{circuit="channel-{channel.pk}",state="open"}} 1.0' in metrics
    assert status.services()["circuits"] == {"status": "degraded", "message": said}

    # 30 s later one call goes through to test it; it succeeds, and all is well again.
    redis_client().set(f"{PREFIX}channel-{channel.pk}:opened", time.time() - 31)
    receiver.failures_left = 0
    transports.webhook(channel, b"{}")
    assert receiver.requests == tried + 1
    assert CircuitBreaker(f"channel-{channel.pk}").state == "closed"
    assert Client().get("/ready").json()["degraded"] == []
    assert status.services()["circuits"]["status"] == "healthy"


@pytest.mark.django_db
def test_a_circuit_opened_by_one_process_is_open_in_another():
    name = f"test-{os.getpid()}-{time.monotonic_ns()}"
    code = (
        f"from homesec.circuit import CircuitBreaker; b = CircuitBreaker({name!r}); "
        "[b.record_failure() for _ in range(5)]"
    )
    env = {**os.environ, "DATABASE_URL": database_url_of_test_db()}
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    here = CircuitBreaker(name)
    assert here.state == "open"
    assert not here.allow()
    redis_client().delete(*(f"{PREFIX}{name}:{part}" for part in ("failures", "opened", "probe")))


@pytest.mark.django_db(transaction=True)
def test_a_delivery_waits_out_its_channels_rest_without_spending_its_retries(
    receiver, quick_retries, monkeypatch, celery_worker
):
    """The soak's dead letters: deliveries that spent their retries (a minute) on a circuit
    that kept resting. Refused by the open circuit, a delivery was not tried: it waits for
    the channel's next try, and is sent once, with no retry spent and nothing dead."""
    from alerts.tasks import deliver, evaluate_event
    from homesec.models import DeadLetter
    from runner import processes
    from tests import factories

    from .helpers import judged, rule

    monkeypatch.setattr(deliver, "max_retries", 1)  # a second refusal would be its last
    channel = Channel.objects.create(name="hook", kind="webhook", target=receiver.url)
    rule(channels=[channel])
    # It failed again and again: its circuit opened 26 s ago, and rests 4 s more.
    redis_client().set(f"{PREFIX}channel-{channel.pk}:opened", time.time() - 26)
    evaluate_event.delay(judged(factories.camera()).pk).get(timeout=10)
    assert processes.wait_until(
        lambda: "circuit" in Delivery.objects.values_list("last_error", flat=True).get(),
        timeout=10,
    )
    waiting = Delivery.objects.get()
    assert (waiting.status, waiting.attempts) == ("pending", 0)  # not tried: no attempt
    assert receiver.requests == 0

    assert receiver.wait_for(1, timeout=30)
    assert processes.wait_until(
        lambda: Delivery.objects.get(pk=waiting.pk).status == "delivered", timeout=10
    )
    assert Delivery.objects.get(pk=waiting.pk).attempts == 1
    assert len(receiver.accepted) == 1
    assert not DeadLetter.objects.exists()
