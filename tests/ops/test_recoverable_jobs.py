"""Every job after an event is recoverable: operator alerts and the digest are keyed
deliveries (retried, dead-lettered, requeued, caught up like an alert's), and a clip, an
export or a digest whose message was lost is found and done by a reconciler, once."""

from datetime import datetime, timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from alerts.models import Channel, Delivery
from alerts.senders import DELIVERY_HEADER
from alerts.tasks import deliver, reconcile_deliveries
from analysis.tasks import enrich_detection
from detection.models import Batch
from events import clips
from events.models import Event
from events.tasks import reconcile_clips
from homesec.models import DeadLetter
from ops import deadletters
from ops.tasks import operator_alert
from reports import digest, exports
from reports.models import Digest, ExportJob
from reports.tasks import reconcile_exports, run_export
from runner import processes
from tests import factories
from tests.media import write_jpeg

DISK_FULL = {
    "metric": "host_disk",
    "severity": "critical",
    "message": "Disk high: 93 % (critical at 90)",
    "value": 93,
    "threshold": 90,
}


def failing_once(real, error: Exception):
    """``real`` that raises ``error`` on its first call, and the list that is empty once it
    has (the outage was met)."""
    outages = [error]

    def once(*args, **kwargs):
        if outages:
            raise outages.pop()
        return real(*args, **kwargs)

    return once, outages


@pytest.fixture
def one_retry(monkeypatch):
    monkeypatch.setattr(deliver, "retry_backoff", 1)
    monkeypatch.setattr(deliver, "retry_jitter", False)
    monkeypatch.setattr(deliver, "max_retries", 1)


@pytest.mark.django_db(transaction=True)
def test_an_operator_alert_is_retried_dead_lettered_and_sent_once_requeued_with_one_key(
    receiver, one_retry, celery_worker
):
    Channel.objects.create(name="phone", kind="webhook", target=receiver.url)
    receiver.failures_left = 2  # the first try and its one retry
    assert operator_alert.delay(DISK_FULL).get(timeout=10) == 1
    assert processes.wait_until(DeadLetter.objects.exists, timeout=30)
    delivery = Delivery.objects.get()
    assert (delivery.purpose, delivery.status) == ("operator", "dead")
    assert "503" in delivery.last_error

    deadletters.requeue(DeadLetter.objects.get())
    assert receiver.wait_for(1)
    assert [h[DELIVERY_HEADER] for h in receiver.headers] == [str(delivery.key)] * 3
    told = receiver.accepted[0]
    assert (told["type"], told["metric"], told["risk_level"]) == (
        "operator_alert",
        "host_disk",
        "critical",
    )
    assert told["summary"] == DISK_FULL["message"]
    assert told["delivery_key"] == str(delivery.key)
    assert processes.wait_until(
        lambda: Delivery.objects.get(pk=delivery.pk).status == "delivered", timeout=10
    )


@pytest.mark.django_db(transaction=True)
def test_an_operator_alert_whose_message_was_lost_is_sent_by_the_reconciler(
    receiver, celery_worker
):
    from ops import operator

    channel = Channel.objects.create(name="phone", kind="webhook", target=receiver.url)
    lost = Delivery.objects.create(  # stored, its message never sent (Redis restarted)
        purpose="operator",
        channel=channel,
        message=operator.prepared(DISK_FULL),
        next_try_at=timezone.now() - timedelta(minutes=5),
    )
    assert reconcile_deliveries.delay().get(timeout=10) == 1
    assert receiver.wait_for(1)
    assert receiver.accepted[0]["delivery_key"] == str(lost.key)
    assert reconcile_deliveries.delay().get(timeout=10) == 0


@pytest.mark.django_db(transaction=True)
def test_a_digest_to_a_failing_channel_is_retried_and_its_page_says_where_it_went(
    receiver, one_retry, celery_worker, settings, admin_client
):
    Channel.objects.create(name="hook", kind="webhook", target=receiver.url)
    settings.DIGEST_CHANNELS = ["hook"]
    receiver.failures_left = 1
    made = digest.make()
    assert receiver.wait_for(1)
    assert receiver.accepted[0]["type"] == "digest"
    assert receiver.accepted[0]["id"] == made.pk
    assert processes.wait_until(lambda: made.reached() == ["hook"], timeout=10)
    assert made.not_reached() == []
    sent = made.deliveries.get()
    assert sent.attempts == 2  # refused once, then taken
    assert [h[DELIVERY_HEADER] for h in receiver.headers] == [str(sent.key)] * 2
    assert "Sent to: hook" in admin_client.get("/settings/digest/").content.decode()


def local(day: int, hour: int) -> datetime:
    return timezone.make_aware(datetime(2026, 12, day, hour, 0))


@pytest.mark.django_db
def test_the_digest_is_made_once_per_day_and_a_missed_one_is_caught_up_within_hours(
    settings,
):
    settings.DIGEST_HOUR = 8
    assert digest.due(local(7, 10)) == local(7, 8)
    assert digest.due(local(7, 7)) == local(6, 8)  # before the hour: yesterday's

    made = digest.make_due(local(7, 10))
    assert made is not None
    assert made.period_end == local(7, 8)
    assert digest.make_due(local(7, 11)) is None  # a retry or a requeue: not twice
    assert Digest.objects.count() == 1

    # The system was down at 08:00 on the 8th: caught up at 13:00, not at 15:00.
    assert digest.make_due(local(8, 15), catch_up=digest.CATCH_UP) is None
    caught = digest.make_due(local(8, 13), catch_up=digest.CATCH_UP)
    assert caught is not None
    assert caught.period_end == local(8, 8)
    assert digest.make_due(local(8, 14), catch_up=digest.CATCH_UP) is None
    assert Digest.objects.count() == 2

    # One the old code made, ending a moment after the hour, counts as that day's.
    Digest.objects.create(period_start=local(8, 8), period_end=local(9, 8) + timedelta(seconds=0.4))
    assert digest.make_due(local(9, 10)) is None
    assert Digest.objects.count() == 3


@pytest.mark.django_db
def test_an_operator_alert_stored_while_the_broker_is_away_is_not_stored_twice(
    monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError as BrokerError

    from ops import operator

    Channel.objects.create(name="phone", kind="webhook", target="http://192.168.1.5/")

    def broker_away(*args, **kwargs):
        raise BrokerError("Redis went away")

    monkeypatch.setattr(deliver, "delay", broker_away)
    with django_capture_on_commit_callbacks(execute=True):
        assert operator.send(DISK_FULL) == 1  # no error: the task is not retried
    stored = Delivery.objects.get()
    assert (stored.purpose, stored.status) == ("operator", "pending")  # the reconciler's


@pytest.mark.django_db(transaction=True)
def test_a_clip_whose_message_was_lost_is_made_by_the_reconciler_once(
    camera_root, settings, celery_worker
):
    settings.CLIP_FPS, settings.CLIP_PHOTO_SECONDS = 2, 0.5
    cam = factories.camera()
    now = timezone.now()
    batch = Batch.objects.create(camera=cam, opened_at=now, last_activity_at=now)
    for seed in range(2):
        media = factories.processed_upload(cam, batch=batch)
        write_jpeg(camera_root / media.path, seed=seed, size=(640, 480))
    event = Event.objects.create(camera=cam, batch=batch, started_at=now, risk_score=60)
    event.detections.set(batch.detections.all())
    Event.objects.filter(pk=event.pk).update(updated_at=now - timedelta(minutes=5))
    bare = Event.objects.create(camera=cam, started_at=now, risk_score=10)  # nothing to show
    Event.objects.filter(pk=bare.pk).update(updated_at=now - timedelta(minutes=5))

    assert reconcile_clips() == 1
    assert reconcile_clips() == 0  # claimed: not sent twice while it waits its turn
    assert processes.wait_until(lambda: clips.clip_path(event.pk), timeout=60)
    assert processes.wait_until(
        lambda: Event.objects.get(pk=event.pk).clip_made_at is not None, timeout=10
    )
    Event.objects.filter(pk=event.pk).update(clip_requeued_at=None)
    assert reconcile_clips() == 0  # made: nothing to do


@pytest.mark.django_db(transaction=True)
def test_an_export_whose_message_was_lost_or_whose_worker_died_is_run_by_the_reconciler(
    camera_root, celery_worker, django_user_model
):
    from homesec.roles import make_member

    owner = django_user_model.objects.create_user("owner")
    make_member(owner)
    factories.event(factories.camera())
    long_ago = timezone.now() - timedelta(hours=1)
    lost = exports.create(owner, "csv", {})  # its message never sent
    died = exports.create(owner, "csv", {})  # its worker killed mid-run
    running = exports.create(owner, "csv", {})  # running now, elsewhere
    ExportJob.objects.filter(pk=lost.pk).update(created_at=long_ago)
    ExportJob.objects.filter(pk=died.pk).update(status="running", started_at=long_ago)
    ExportJob.objects.filter(pk=running.pk).update(
        status="running", started_at=timezone.now(), run_by="another-task"
    )

    assert reconcile_exports() == 2
    assert reconcile_exports() == 0  # claimed
    for job in (lost, died):
        assert processes.wait_until(
            lambda job=job: ExportJob.objects.get(pk=job.pk).status == "done", timeout=30
        )
    run_export.delay(str(running.pk)).get(timeout=30)  # a second run of it does nothing
    assert ExportJob.objects.get(pk=running.pk).status == "running"


@pytest.mark.django_db(transaction=True)
def test_an_export_that_meets_the_database_away_is_retried_and_done(
    camera_root, celery_worker, django_user_model, monkeypatch
):
    from homesec.roles import make_member
    from reports.tasks import start_export

    owner = django_user_model.objects.create_user("owner")
    make_member(owner)
    factories.event(factories.camera())
    away_once, outages = failing_once(
        exports._write_csv, OperationalError("the database went away")
    )
    monkeypatch.setattr(exports, "_write_csv", away_once)
    job = start_export(owner, "csv", {})
    assert processes.wait_until(
        lambda: ExportJob.objects.get(pk=job.pk).status == "done", timeout=30
    )
    assert not outages
    assert not DeadLetter.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_enrichment_that_meets_the_database_away_is_retried(monkeypatch):
    import analysis.tasks as tasks

    cam = factories.camera()
    detection = factories.processed_upload(cam).detections.get()
    away_once, outages = failing_once(
        tasks.Zone.objects.filter, OperationalError("the database went away")
    )
    monkeypatch.setattr(tasks.Zone.objects, "filter", away_once)
    monkeypatch.setattr(enrich_detection, "retry_backoff", False)
    result = enrich_detection.apply(args=[detection.pk])
    assert result.successful()
    assert result.get()["detection"] == detection.pk
    assert "error" not in result.get()
    assert not outages  # it met the outage, and was tried again
    assert not DeadLetter.objects.exists()


@pytest.mark.django_db
def test_retention_removes_old_operator_and_digest_deliveries_and_keeps_recent_ones(settings):
    from ops import operator, retention

    channel = Channel.objects.create(name="phone", kind="webhook", target="http://192.168.1.5/")
    old, recent = (
        Delivery.objects.create(
            purpose="operator", channel=channel, message=operator.prepared(DISK_FULL)
        )
        for _ in range(2)
    )
    Delivery.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=settings.RETENTION_DAYS + 1)
    )
    report = retention.cleanup()
    assert report.rows["operator and digest deliveries"] == 1
    assert list(Delivery.objects.values_list("pk", flat=True)) == [recent.pk]


@pytest.mark.django_db(transaction=True)
def test_a_retention_round_that_meets_a_deadlock_is_retried_not_left_for_a_day(monkeypatch):
    from ops import retention
    from ops.tasks import cleanup

    deadlocked_once, outages = failing_once(
        retention.cleanup, OperationalError("deadlock detected")
    )
    monkeypatch.setattr(retention, "cleanup", deadlocked_once)
    monkeypatch.setattr(cleanup, "retry_backoff", False)
    result = cleanup.apply()
    assert result.successful()
    assert not outages  # it met the deadlock, and was tried again
    assert not DeadLetter.objects.exists()
