"""Bad input gets a clear, recorded reason and harms nothing: each test also drops a good
photo beside the bad file and checks that it is processed as usual."""

import os
import shutil

import pytest
from PIL import Image

from cameras.models import Camera, RejectedUpload
from detection.models import MediaFile
from tests.conftest import step_until
from tests.media import jpeg_bytes, write_jpeg

pytestmark = pytest.mark.django_db(transaction=True)


def settle(watcher, good_count: int = 1, rejected: int = 0):
    """Step until the good photos are in and the rejections recorded, then a little longer."""
    assert step_until(
        watcher,
        lambda: (
            MediaFile.objects.count() >= good_count and RejectedUpload.objects.count() >= rejected
        ),
    )
    step_until(watcher, lambda: False, timeout=0.8)
    assert MediaFile.objects.count() == good_count


def good_photo(camera_root, folder="Front Door", seed=999):
    return write_jpeg(camera_root / folder / "good.jpg", seed=seed)


def test_an_empty_file_is_rejected(watcher, camera_root):
    (camera_root / "Front Door").mkdir()
    (camera_root / "Front Door" / "empty.jpg").touch()
    good_photo(camera_root)
    settle(watcher, rejected=1)
    rejected = RejectedUpload.objects.get()
    assert (rejected.path, rejected.reason) == (
        "Front Door/empty.jpg",
        "the file is empty (0 bytes)",
    )


def test_a_file_that_stays_truncated_is_rejected_after_the_grace_period(watcher, camera_root):
    content = jpeg_bytes(5, size=(200, 150))
    (camera_root / "Front Door").mkdir()
    (camera_root / "Front Door" / "cut.jpg").write_bytes(content[: len(content) // 2])
    good_photo(camera_root)
    assert step_until(watcher, MediaFile.objects.exists)
    assert not RejectedUpload.objects.exists()  # still waiting: it may be being written
    assert step_until(watcher, RejectedUpload.objects.exists, timeout=10)
    assert RejectedUpload.objects.get().reason.startswith("the image is truncated")
    assert MediaFile.objects.count() == 1


def test_a_file_that_is_not_what_its_name_says_is_rejected(watcher, camera_root):
    (camera_root / "Front Door").mkdir()
    (camera_root / "Front Door" / "notes.jpg").write_text("meet at the gate at 2 am\n" * 20)
    (camera_root / "Front Door" / "photo.png").write_bytes(jpeg_bytes(1))  # JPEG named .png
    good_photo(camera_root)
    settle(watcher, good_count=2, rejected=1)
    rejected = RejectedUpload.objects.get()
    assert rejected.path == "Front Door/notes.jpg"
    assert rejected.reason == "not an image: the content is not JPEG or PNG data"
    assert MediaFile.objects.filter(path="Front Door/photo.png").exists()  # content decides


def test_a_decompression_bomb_is_refused(watcher, camera_root):
    (camera_root / "Front Door").mkdir()
    bomb = camera_root / "Front Door" / "bomb.png"
    Image.new("1", (12_000, 12_000)).save(bomb)  # 144 megapixels in a few kilobytes
    assert bomb.stat().st_size < 100_000
    good_photo(camera_root)
    settle(watcher, rejected=1)
    reason = RejectedUpload.objects.get().reason
    assert reason.startswith("refused as a decompression bomb: 12000×12000 pixels")
    assert "HOMESEC_MAX_IMAGE_PIXELS" in reason


def test_unsupported_hidden_and_temporary_files_are_ignored(watcher, camera_root):
    folder = camera_root / "Front Door"
    folder.mkdir()
    for name in ["clip.gif", "readme.txt", ".hidden.jpg", "upload.jpg.part", "x.jpg.tmp",
                 "~lock.jpg", "copy.jpg~"]:  # fmt: skip
        (folder / name).write_bytes(jpeg_bytes(hash(name) % 1000))
    write_jpeg(camera_root / ".thumbnails" / "a.jpg", seed=2)
    write_jpeg(folder / ".cache" / "b.jpg", seed=3)
    write_jpeg(camera_root / "loose.jpg", seed=4)  # in no camera's folder
    good_photo(camera_root)
    settle(watcher)
    assert not RejectedUpload.objects.exists()
    assert list(MediaFile.objects.values_list("path", flat=True)) == ["Front Door/good.jpg"]


def test_a_symlink_pointing_outside_the_camera_root_is_refused(watcher, camera_root, tmp_path):
    secret = write_jpeg(tmp_path / "outside" / "secret.jpg", seed=8)
    (camera_root / "Front Door").mkdir()
    os.symlink(secret, camera_root / "Front Door" / "link.jpg")
    good_photo(camera_root)
    settle(watcher, rejected=1)
    rejected = RejectedUpload.objects.get()
    assert rejected.path == "Front Door/link.jpg"
    assert rejected.reason == "refused: a symlink pointing outside the camera root"


@pytest.mark.parametrize(
    ("folder", "camera_id"),
    [("Front Door", "front_door"), ("a..b", "a_b"), ("Café Terrasse", "cafe_terrasse"),
     ("back\\yard", "back_yard"), ("玄関", None)],
)  # fmt: skip
def test_odd_folder_names_become_cameras_with_safe_ids(watcher, camera_root, folder, camera_id):
    write_jpeg(camera_root / folder / "photo.jpg", seed=11)
    settle(watcher)
    camera = Camera.objects.get()
    assert camera.folder_path == folder
    assert camera.id == (camera_id or camera.id)
    assert camera.id.replace("_", "").isalnum()
    assert camera.id.isascii()


def test_two_folders_with_the_same_id_become_two_cameras(watcher, camera_root):
    write_jpeg(camera_root / "Front Door" / "a.jpg", seed=12)
    write_jpeg(camera_root / "front door" / "b.jpg", seed=13)
    settle(watcher, good_count=2)
    assert Camera.objects.count() == 2
    assert len(set(Camera.objects.values_list("id", flat=True))) == 2


def test_unknown_folders_are_refused_when_cameras_are_not_created_automatically(
    watcher, camera_root, settings
):
    settings.AUTO_CREATE_CAMERAS = False
    Camera.objects.create(id="front_door", name="Front Door", folder_path="Front Door")
    write_jpeg(camera_root / "Shed" / "a.jpg", seed=14)
    good_photo(camera_root)
    settle(watcher, rejected=1)
    assert "no camera uses the folder 'Shed'" in RejectedUpload.objects.get().reason
    assert Camera.objects.count() == 1


def test_the_camera_root_can_vanish_and_come_back(watcher, camera_root):
    good_photo(camera_root)
    settle(watcher)
    shutil.rmtree(camera_root)
    for _ in range(5):
        assert watcher.step() is False  # no crash, nothing to do
    write_jpeg(camera_root / "Front Door" / "after.jpg", seed=15)
    settle(watcher, good_count=2)
    assert MediaFile.objects.filter(path="Front Door/after.jpg").exists()
