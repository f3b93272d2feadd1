"""Tamper and view-change warnings (detection/view.py, ops/view_changes.py): the bench's
covered, blurred, turned and darkened pictures (bench/view_changes.py) each open one
change of their kind; a day of the same view lit for day, dusk and night opens none; an
upload through the real detect worker opens one, the household hears of it once with the
before and after pictures, and of its end once."""

import io
from datetime import datetime

import pytest
from django.utils import timezone
from PIL import Image

from alerts.models import Channel, Delivery
from bench.view_changes import EXPECTED, lit, normal_view, tampered
from cameras.models import Camera
from detection import view
from detection.models import MediaFile, ViewChange, ViewReference
from ops import view_changes
from tests.conftest import step_until
from tests.media import BUS, ZIDANE


@pytest.fixture(scope="module")
def bus():
    photo = Image.open(BUS).convert("RGB")
    return photo, normal_view(photo)


def upload_at(camera: Camera, hour: int, minute: int = 0) -> MediaFile:
    n = MediaFile.objects.count()
    return MediaFile.objects.create(
        camera=camera,
        path=f"{camera.folder_path}/{n}.jpg",
        sha256=f"{n:064x}",
        kind="image",
        size=1,
        captured_at=timezone.make_aware(datetime(2026, 12, 1, hour, minute)),
    )


@pytest.fixture
def porch(db) -> Camera:
    return Camera.objects.create(id="porch", name="Porch", folder_path="Porch")


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_tampered_picture_opens_one_change_of_its_kind_and_a_normal_one_ends_it(
    porch, bus, name
):
    photo, normal = bus
    for minute in range(3):  # the view at noon, learned
        assert view.check(upload_at(porch, 12, minute), lit(normal, 12, seed=minute)) is None
    picture = tampered(normal, photo)[name]
    after = upload_at(porch, 12, 10)

    change = view.check(after, picture)

    assert change is not None
    assert change.kind == EXPECTED[name]
    assert change.after == after
    assert change.before is not None
    assert change.ended_at is None
    assert view.check(upload_at(porch, 12, 11), picture) is None  # told once, still open
    assert ViewChange.objects.count() == 1
    assert view.check(upload_at(porch, 12, 12), lit(normal, 12, seed=50)) is None
    assert ViewChange.objects.get().ended_at is not None  # the view came back


@pytest.mark.parametrize("infrared", [True, False], ids=["infrared night", "dark night"])
def test_a_day_of_the_same_view_lit_for_day_dusk_and_night_opens_no_change(db, infrared):
    camera = Camera.objects.create(id="yard", name="Yard", folder_path="Yard")
    for source in (BUS, ZIDANE):
        normal = normal_view(Image.open(source).convert("RGB"))
        ViewReference.objects.all().delete()
        for hour in range(24):
            picture = lit(normal, hour, seed=hour, infrared=infrared)
            assert view.check(upload_at(camera, hour), picture) is None, (source.name, hour)
    assert not ViewChange.objects.exists()
    assert ViewReference.objects.count() == 24  # each hour learned its own normal view


def test_a_camera_moved_on_purpose_learns_its_new_view(porch, bus):
    photo, normal = bus
    view.check(upload_at(porch, 9), lit(normal, 9, seed=1))
    turned = tampered(normal, photo)["turned (aside)"]
    assert view.check(upload_at(porch, 9, 5), turned).kind == "turned"

    assert view.accept("porch") == 1

    change = ViewChange.objects.get()
    assert change.ended_at is not None
    assert change.accepted
    assert view.check(upload_at(porch, 9, 6), turned) is None  # the new view, learned
    assert view.check(upload_at(porch, 9, 7), turned) is None
    assert ViewChange.objects.count() == 1


def jpeg(picture: Image.Image, quality: int = 90) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=quality)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_covered_camera_is_told_once_with_its_pictures_and_so_is_its_return(
    watcher, camera_root, receiver, celery_worker_factory, bus
):
    photo, normal = bus
    Channel.objects.create(name="phone", kind="webhook", target=receiver.url)
    folder = camera_root / "Front Door"
    folder.mkdir()

    def upload(name: str, picture: Image.Image) -> MediaFile:
        (folder / f"{name}.part").write_bytes(jpeg(picture))
        (folder / f"{name}.part").rename(folder / name)
        assert step_until(watcher, lambda: MediaFile.objects.filter(path__endswith=name).exists())
        return MediaFile.objects.get(path__endswith=name)

    with celery_worker_factory():
        normal_upload = upload("normal.jpg", lit(normal, 12, seed=1))
        assert step_until(watcher, ViewReference.objects.exists, timeout=60)  # learned
        covered = upload("covered.jpg", tampered(normal, photo)["covered (a bag)"])
        assert step_until(watcher, ViewChange.objects.exists, timeout=60)
        change = ViewChange.objects.get()
        assert (change.kind, change.after_id, change.before_id) == (
            "covered",
            covered.pk,
            normal_upload.pk,
        )

        assert view_changes.tell() == 1
        assert view_changes.tell() == 0  # once
        assert receiver.wait_for(1)
        told = receiver.accepted[0]
        assert (told["type"], told["camera_name"], told["value"]) == (
            "operator_alert",
            "Front Door",
            "covered",
        )
        assert told["summary"] == "Front Door: the camera's view changed: covered"
        assert told["url"].endswith("/cameras/front_door/")
        assert told["images"]["before"].endswith(f"/api/media/{normal_upload.pk}/thumbnail/")
        assert told["images"]["after"].endswith(f"/api/media/{covered.pk}/thumbnail/")

        upload("back.jpg", lit(normal, 12, seed=2))
        ended = ViewChange.objects.filter(ended_at__isnull=False)
        assert step_until(watcher, ended.exists, timeout=60)
        assert view_changes.tell() == 1
        assert view_changes.tell() == 0
        assert receiver.wait_for(2)
    assert receiver.accepted[1]["summary"] == (
        "Front Door: the camera's view is back to normal (it was covered)"
    )
    assert Delivery.objects.filter(purpose="operator", status="delivered").count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_camera_not_watched_opens_no_change(watcher, camera_root, celery_worker_factory, bus):
    photo, normal = bus
    Camera.objects.create(id="pans", name="Pans", folder_path="Pans", watch_view=False)
    pictures = [lit(normal, 12, seed=1), tampered(normal, photo)["covered (a bag)"]]
    written = 0
    for n, picture in enumerate(pictures):  # the same pictures to a watched camera, after
        for quality, folder in ((90, "Pans"), (89, "Watched")):  # not refused as copies
            (camera_root / folder).mkdir(exist_ok=True)
            (camera_root / folder / f"{n}.jpg").write_bytes(jpeg(picture, quality))
            written += 1
            assert step_until(watcher, lambda count=written: MediaFile.objects.count() == count)
    with celery_worker_factory():
        assert step_until(watcher, ViewChange.objects.exists, timeout=90)
    assert ViewChange.objects.get().camera_id == "watched"
    assert not ViewReference.objects.filter(camera_id="pans").exists()


def test_the_camera_page_shows_the_change_and_only_an_admin_accepts_the_new_view(
    porch, bus, admin_client, member
):
    photo, normal = bus
    view.check(upload_at(porch, 12), lit(normal, 12, seed=1))
    view.check(upload_at(porch, 12, 1), tampered(normal, photo)["blurred (badly)"])

    assert "view changed: out of focus" in admin_client.get("/").content.decode()  # its card
    page = admin_client.get("/cameras/porch/").content.decode()
    assert "The view changed: out of focus" in page
    assert "This is its new view" in page
    assert member.post("/cameras/porch/accept-view/").status_code == 403
    assert ViewChange.objects.get().ended_at is None

    assert admin_client.post("/cameras/porch/accept-view/").status_code == 302
    assert ViewChange.objects.get().accepted
    assert "The view changed" not in admin_client.get("/cameras/porch/").content.decode()
    assert "view changed" not in admin_client.get("/").content.decode()
