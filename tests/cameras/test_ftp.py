"""A camera uploads over FTP straight into its own folder, and nowhere else."""

import contextlib
import ftplib
import io
import sys

import pytest

from detection.models import MediaFile
from runner import processes
from tests.conftest import serving, step_until
from tests.media import jpeg_bytes, write_jpeg

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ftp_server(camera_root):
    port = processes.free_port()
    argv = [sys.executable, "manage.py", "ftp_server", "--host", "127.0.0.1", "--port", str(port)]
    with serving(
        "ftp", argv, port,
        HOMESEC_CAMERA_ROOT=str(camera_root),
        HOMESEC_FTP_LOGINS="front_door:front-secret,back_door:back-secret",
        HOMESEC_FTP_PASSIVE_PORTS="61000-61050",
    ):  # fmt: skip
        yield port


def login(port: int, user: str, password: str) -> ftplib.FTP:
    client = ftplib.FTP()
    client.connect("127.0.0.1", port, timeout=10)
    client.login(user, password)
    return client


def test_a_camera_uploads_a_photo_and_it_becomes_its_media(ftp_server, watcher, camera_root):
    photo = jpeg_bytes(21, size=(320, 240))
    with login(ftp_server, "front_door", "front-secret") as ftp:
        ftp.storbinary("STOR snapshot.jpg", io.BytesIO(photo))
    assert (camera_root / "front_door" / "snapshot.jpg").read_bytes() == photo
    assert step_until(watcher, MediaFile.objects.exists)
    media = MediaFile.objects.get()
    assert (media.camera_id, media.path, media.size) == (
        "front_door", "front_door/snapshot.jpg", len(photo),
    )  # fmt: skip


def test_a_wrong_password_or_unknown_camera_cannot_log_in(ftp_server):
    for user, password in [("front_door", "back-secret"), ("garage", "front-secret")]:
        with pytest.raises(ftplib.error_perm, match="530"):
            login(ftp_server, user, password)


def test_a_camera_cannot_reach_another_cameras_folder_or_leave_the_root(
    ftp_server, camera_root, tmp_path
):
    write_jpeg(camera_root / "back_door" / "private.jpg", seed=22)
    (tmp_path / "outside.txt").write_text("not for cameras")
    with login(ftp_server, "front_door", "front-secret") as ftp:
        ftp.cwd("/")
        ftp.cwd("..")  # the top of its folder is as far as it goes
        assert ftp.pwd() == "/"
        assert "private.jpg" not in " ".join(ftp.nlst())
        for path in ["../back_door/private.jpg", "/../back_door/private.jpg",
                     "../../outside.txt", "%2e%2e/back_door/private.jpg"]:  # fmt: skip
            with pytest.raises(ftplib.error_perm):
                ftp.retrbinary(f"RETR {path}", lambda data: None)
        with contextlib.suppress(ftplib.error_perm):  # refused, or kept in its own folder
            ftp.storbinary("STOR ../back_door/planted.jpg", io.BytesIO(jpeg_bytes(23)))
        with pytest.raises(ftplib.error_perm, match="550"):  # no deleting evidence
            ftp.delete("anything.jpg")
    assert not (camera_root / "back_door" / "planted.jpg").exists()
    assert sorted(p.name for p in (camera_root / "back_door").iterdir()) == ["private.jpg"]
