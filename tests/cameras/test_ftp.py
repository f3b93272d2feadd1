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
from tests.servers import RUN_DIR

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
        "front_door",
        "front_door/snapshot.jpg",
        len(photo),
    )


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


def test_what_a_camera_sent_cannot_be_replaced_appended_renamed_hidden_or_read(
    ftp_server, camera_root
):
    photo = jpeg_bytes(31, size=(320, 240))
    kept = camera_root / "front_door" / "snapshot.jpg"
    with login(ftp_server, "front_door", "front-secret") as ftp:
        ftp.storbinary("STOR snapshot.jpg", io.BytesIO(photo))
        refused = {
            "overwrite": lambda: ftp.storbinary("STOR snapshot.jpg", io.BytesIO(b"forged")),
            "append": lambda: ftp.storbinary("APPE snapshot.jpg", io.BytesIO(b"more")),
            "resume": lambda: ftp.storbinary("STOR snapshot.jpg", io.BytesIO(b"x"), rest=10),
            "rename": lambda: ftp.rename("snapshot.jpg", ".hidden.jpg"),
            "chmod": lambda: ftp.sendcmd("SITE CHMOD 000 snapshot.jpg"),
            "touch": lambda: ftp.sendcmd("MFMT 20200101000000 snapshot.jpg"),
            "delete": lambda: ftp.delete("snapshot.jpg"),
            "read": lambda: ftp.retrbinary("RETR snapshot.jpg", lambda data: None),
        }
        for what, attempt in refused.items():
            with pytest.raises(ftplib.error_perm) as answer:
                attempt()
            assert answer.value.args[0].startswith(("550", "554")), (what, answer.value)
        ftp.mkd("2026-11-30")  # new folders and new files are what a camera needs
        ftp.storbinary("STOR 2026-11-30/next.jpg", io.BytesIO(jpeg_bytes(32)))
        assert "snapshot.jpg" in ftp.nlst()
    assert kept.read_bytes() == photo
    assert kept.stat().st_mode & 0o777 != 0
    assert (camera_root / "front_door" / "2026-11-30" / "next.jpg").exists()


def test_a_login_with_too_many_failed_attempts_is_locked_out(ftp_server, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        with pytest.raises(ftplib.error_perm, match="530"):
            login(ftp_server, "front_door", "guessing")
    with pytest.raises(ftplib.error_perm, match="530 Too many failed logins"):
        login(ftp_server, "front_door", "front-secret")  # even the right password, for now
    login(ftp_server, "back_door", "back-secret").quit()  # another camera on that address


def test_a_camera_that_uploads_under_a_temporary_name_may_rename_it_once(ftp_server, camera_root):
    photo = jpeg_bytes(34, size=(320, 240))
    with login(ftp_server, "front_door", "front-secret") as ftp:
        ftp.storbinary("STOR shot.jpg.part", io.BytesIO(photo[:100]))  # the first try broke
        ftp.storbinary("STOR shot.jpg.part", io.BytesIO(photo))  # a temporary file: again
        ftp.rename("shot.jpg.part", "shot.jpg")
        with pytest.raises(ftplib.error_perm, match="550"):
            ftp.rename("shot.jpg", "other.jpg")  # taken in: it stays as it is
        ftp.storbinary("STOR next.jpg.part", io.BytesIO(photo))
        with pytest.raises(ftplib.error_perm, match="550"):
            ftp.rename("next.jpg.part", "shot.jpg")  # onto a file homesec has
    assert (camera_root / "front_door" / "shot.jpg").read_bytes() == photo


def test_a_folder_cannot_be_renamed_to_swap_what_it_holds(ftp_server, watcher, camera_root):
    """The swap: a folder under a temporary name is renamed away after its photo was taken
    in, another photo stored under the old name, and the first folder renamed back."""
    photo = jpeg_bytes(41, size=(320, 240))
    with login(ftp_server, "front_door", "front-secret") as ftp:
        ftp.mkd("ev.tmp")
        ftp.storbinary("STOR ev.tmp/shot.jpg", io.BytesIO(photo))
        assert step_until(watcher, MediaFile.objects.exists)
        for new_name in ("moved.tmp", "keep"):
            with pytest.raises(ftplib.error_perm, match="550 Folders cannot be renamed"):
                ftp.rename("ev.tmp", new_name)
        with pytest.raises(ftplib.error_perm, match="550"):  # a file in it: not temporary
            ftp.rename("ev.tmp/shot.jpg", "ev.tmp/other.jpg")
    kept = camera_root / "front_door" / "ev.tmp" / "shot.jpg"
    assert kept.read_bytes() == photo
    assert sorted(p.name for p in (camera_root / "front_door").iterdir()) == ["ev.tmp"]
    assert MediaFile.objects.get().path == "front_door/ev.tmp/shot.jpg"


def test_a_name_with_control_characters_is_refused_and_forges_no_log_line(ftp_server, camera_root):
    names = ["line1\nFAKE 2026-12-07 ERROR forged.jpg", "esc\x1b[2Jwiped.jpg", "bell\x07.jpg"]
    with login(ftp_server, "front_door", "front-secret") as ftp:
        for command in ("STOR", "MKD", "RNFR", "CWD"):
            for name in names:
                # ftplib itself refuses to send a newline; a hostile camera sends it raw.
                ftp.sock.sendall(f"{command} {name}\r\n".encode())
                with pytest.raises(ftplib.error_perm, match="501 Names may not hold control"):
                    ftp.getresp()
        ftp.storbinary("STOR fine.jpg", io.BytesIO(jpeg_bytes(42, size=(32, 24))))  # still up
    assert [p.name for p in (camera_root / "front_door").iterdir()] == ["fine.jpg"]
    log = (RUN_DIR / "logs" / "ftp-test.log").read_text(errors="replace")
    assert "refused 'STOR': its argument holds control characters" in log
    assert "\x1b" not in log
    assert not any(line.startswith("FAKE") for line in log.splitlines())


def test_a_camera_may_log_in_over_tls(ftp_server, camera_root):
    client = ftplib.FTP_TLS()
    client.connect("127.0.0.1", ftp_server, timeout=10)
    client.login("front_door", "front-secret")  # AUTH TLS first: the password is encrypted
    client.prot_p()
    client.storbinary("STOR over-tls.jpg", io.BytesIO(jpeg_bytes(33)))
    client.quit()
    assert (camera_root / "front_door" / "over-tls.jpg").exists()


def test_a_folder_outside_the_camera_root_is_refused_and_an_old_one_cannot_log_in(
    ftp_server, camera_root, admin_client
):
    from cameras.models import Camera

    (camera_root.parent / "secrets").mkdir()
    (camera_root.parent / "secrets" / "secret_key").write_text("do not read")
    for folder in ["../secrets", "/etc", "a/b", "..", ".hidden", "x\x00y", ""]:
        answer = admin_client.patch(
            "/api/cameras/front_door/", {"folder_path": folder}, content_type="application/json"
        )
        assert answer.status_code == 400, folder
        assert "folder_path" in answer.json()
    assert Camera.objects.get(pk="front_door").folder_path == "front_door"
    Camera.objects.filter(pk="front_door").update(folder_path="../secrets")  # as an old row
    with pytest.raises(ftplib.error_perm, match="530"):
        login(ftp_server, "front_door", "front-secret")
