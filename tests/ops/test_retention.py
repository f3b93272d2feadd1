"""Retention removes exactly what is old — rows and files — and nothing outside the roots."""

import io
import threading
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import post_delete
from django.utils import timezone

from alerts.models import Alert, AlertRule
from detection.models import Detection, MediaFile
from detection.thumbnails import preview_name
from events.models import Event
from ops import retention
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def roots(settings, tmp_path):
    settings.CAMERA_ROOT, settings.MEDIA_ROOT = tmp_path / "cameras", tmp_path / "media"
    settings.RETENTION_DAYS, settings.RETENTION_DELETE_ORIGINALS = 30, False
    return tmp_path


def stored(roots, cam, name: str, age_days: int, thumbnail: str | None = None) -> MediaFile:
    """An upload ``age_days`` old with its original, thumbnail and one detection on disk."""
    original = roots / "cameras" / cam.folder_path / f"{name}.jpg"
    original.parent.mkdir(parents=True, exist_ok=True)
    original.write_bytes(b"x" * 5000)
    thumbnail = thumbnail or f"thumbnails/{name}.jpg"
    target = roots / "media" / thumbnail
    if target.resolve().is_relative_to((roots / "media").resolve()):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"t" * 1000)
    when = timezone.now() - timedelta(days=age_days)
    media = MediaFile.objects.create(
        camera=cam,
        path=f"{cam.folder_path}/{name}.jpg",
        sha256=uuid.uuid4().hex * 2,
        kind="image",
        size=5000,
        captured_at=when,
        thumbnail_path=thumbnail,
        state="done",
    )
    Detection.objects.create(
        media=media, camera=cam, file_path=media.path, object_type="person", confidence=0.9,
        bbox_x=1, bbox_y=1, bbox_width=5, bbox_height=5, detected_at=when, thumbnail_path=thumbnail,
    )  # fmt: skip
    Event.objects.create(camera=cam, started_at=when, risk_score=50, summary=name)
    return media


@pytest.fixture
def history(roots):
    cam = factories.camera()
    (roots / "outside.jpg").write_bytes(b"not ours")
    return {
        "old": stored(roots, cam, "old", 40),
        "planted": stored(roots, cam, "planted", 45, thumbnail="../outside.jpg"),
        "recent": stored(roots, cam, "recent", 2),
    }


def test_a_dry_run_says_what_would_go_and_removes_nothing(roots, history):
    out = io.StringIO()
    call_command("cleanup", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Would remove" in text
    assert "2 events, 2 detections, 2 uploads" in text
    assert "1 file(s)" in text  # the old thumbnail; originals are kept by default
    assert "left alone (outside the media roots): ../outside.jpg" in text
    assert MediaFile.objects.count() == 3
    assert Event.objects.count() == 3
    assert (roots / "media" / "thumbnails" / "old.jpg").exists()


def test_retention_removes_exactly_what_is_old(roots, history):
    report = retention.cleanup()
    assert report.rows == {"events": 2, "detections": 2, "uploads": 2}
    assert (report.files, report.bytes) == (1, 1000)
    assert list(Event.objects.values_list("summary", flat=True)) == ["recent"]
    assert list(MediaFile.objects.values_list("path", flat=True)) == ["Front Door/recent.jpg"]
    assert Detection.objects.count() == 1
    assert not (roots / "media" / "thumbnails" / "old.jpg").exists()
    assert (roots / "media" / "thumbnails" / "recent.jpg").exists()
    assert (roots / "cameras" / "Front Door" / "old.jpg").exists()  # originals kept
    assert (roots / "outside.jpg").read_bytes() == b"not ours"
    assert retention.cleanup().rows == {}  # nothing left to do


def test_previews_go_with_their_upload(roots, history):
    for media in (history["old"], history["recent"]):
        preview = roots / "media" / preview_name(media.sha256)
        preview.parent.mkdir(parents=True, exist_ok=True)
        preview.write_bytes(b"p" * 700)
    report = retention.cleanup()
    assert (report.files, report.bytes) == (2, 1700)  # the old thumbnail and the old preview
    assert not (roots / "media" / preview_name(history["old"].sha256)).exists()
    assert (roots / "media" / preview_name(history["recent"].sha256)).exists()


def test_originals_go_too_when_asked(roots, history, settings):
    settings.RETENTION_DELETE_ORIGINALS = True
    report = retention.cleanup()
    assert report.files == 3  # old: thumbnail + original; planted: only its original
    assert not (roots / "cameras" / "Front Door" / "old.jpg").exists()
    assert not (roots / "cameras" / "Front Door" / "planted.jpg").exists()
    assert (roots / "cameras" / "Front Door" / "recent.jpg").exists()
    assert (roots / "outside.jpg").exists()


def test_a_symlink_planted_in_the_media_root_is_not_followed_out(roots, history):
    link = roots / "media" / "thumbnails" / "link.jpg"
    link.symlink_to(roots / "outside.jpg")
    MediaFile.objects.filter(pk=history["old"].pk).update(thumbnail_path="thumbnails/link.jpg")
    Detection.objects.filter(media=history["old"]).update(thumbnail_path="thumbnails/link.jpg")
    retention.cleanup()
    assert (roots / "outside.jpg").read_bytes() == b"not ours"


def test_nonsense_days_are_refused(roots):
    with pytest.raises(SystemExit):
        call_command("cleanup", "--days", "0", stderr=io.StringIO())


def test_each_app_names_its_own_expired_rows_and_retention_knows_no_apps_tables():
    import ast

    from homesec.expiry import EXPIRERS
    from tests.servers import ROOT

    assert {f.__module__ for f in EXPIRERS} == {
        "homesec.expiry",
        "alerts.expiry",
        "cameras.expiry",
        "detection.expiry",
        "events.expiry",
        "household.expiry",
        "ops.expiry",
        "reports.expiry",
    }
    tree = ast.parse((ROOT / "ops" / "retention.py").read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    apps = {
        "cameras",
        "detection",
        "events",
        "alerts",
        "household",
        "analysis",
        "ingest",
        "reports",
    }
    assert not {name for name in imported if name and name.split(".")[0] in apps}


@pytest.mark.django_db(transaction=True)
def test_an_event_linked_to_an_old_one_while_retention_runs_does_not_stop_it(roots, history):
    """Found by the soak (bench/soak.py): an event linked into an incident whose lead was
    being removed, between retention's look at the links and its delete, made the whole
    removal fail at commit, and nothing was removed."""
    old, recent = Event.objects.get(summary="old"), Event.objects.get(summary="recent")
    rule = AlertRule.objects.create(name="Any")
    Alert.objects.create(rule=rule, event=old, camera=old.camera, risk_level="low", summary="x")

    def link_elsewhere():  # another worker's transaction, committed
        Event.objects.filter(pk=recent.pk).update(incident_lead=old)
        connection.close()

    linked = []

    def meanwhile(sender, instance, **kwargs):
        """Between retention clearing the links to the old event and deleting it (its
        alert goes first): once."""
        if not linked:
            linked.append(True)
            worker = threading.Thread(target=link_elsewhere)
            worker.start()
            worker.join()

    post_delete.connect(meanwhile, sender=Alert)
    try:
        report = retention.cleanup()
    finally:
        post_delete.disconnect(meanwhile, sender=Alert)

    assert report.rows["events"] == 2
    assert not Event.objects.filter(pk=old.pk).exists()
    assert Event.objects.get(pk=recent.pk).incident_lead is None
