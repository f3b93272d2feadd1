"""An FTP receiver so cameras can upload straight to homesec (pyftpdlib).

One login per camera: the user name is the camera id, the password is set in the
admin (or HOMESEC_FTP_LOGINS). Each login sees only its camera's folder as its root:
it cannot read, list or write anything of another camera, nor escape the camera root.
Cameras may upload, rename and make folders; they may not delete (evidence stays).
"""

import logging
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import close_old_connections
from pyftpdlib.authorizers import AuthenticationFailed, DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

from .models import Camera

log = logging.getLogger(__name__)

PERMISSIONS = "elrafmwMT"  # no "d": a camera cannot delete what it uploaded


def set_password(camera: Camera, password: str) -> None:
    Camera.objects.filter(pk=camera.pk).update(ftp_password=make_password(password))


def apply_settings_logins() -> list[str]:
    """Give each HOMESEC_FTP_LOGINS camera its password, creating the camera if needed."""
    for camera_id, password in settings.FTP_LOGINS.items():
        camera, _ = Camera.objects.get_or_create(
            pk=camera_id, defaults={"name": camera_id, "folder_path": camera_id}
        )
        if not (camera.ftp_password and check_password(password, camera.ftp_password)):
            set_password(camera, password)
    return list(settings.FTP_LOGINS)


class CameraAuthorizer(DummyAuthorizer):
    def __init__(self):
        super().__init__()
        self.homes: dict[str, str] = {}  # set at login; permission checks need no query

    def _camera(self, username: str) -> Camera | None:
        close_old_connections()
        return Camera.objects.filter(pk=username, enabled=True).exclude(ftp_password="").first()

    def validate_authentication(self, username, password, handler):
        camera = self._camera(username)
        if camera is None or not check_password(password, camera.ftp_password):
            raise AuthenticationFailed("Login or password is wrong.")

    def has_user(self, username):
        return self._camera(username) is not None

    def get_home_dir(self, username):
        camera = self._camera(username)
        home = settings.CAMERA_ROOT / camera.folder_path
        home.mkdir(parents=True, exist_ok=True)
        self.homes[username] = str(home)
        return self.homes[username]

    def get_perms(self, username):
        return PERMISSIONS

    def has_perm(self, username, perm, path=None):
        if perm not in PERMISSIONS:
            return False
        if path is None:
            return True
        home = self.homes.get(username) or self.get_home_dir(username)
        return self.validate_path(home, path)

    @staticmethod
    def validate_path(home: str, path: str) -> bool:
        return Path(path).resolve().is_relative_to(Path(home).resolve())

    def get_msg_login(self, username):
        return f"Welcome, {username}: uploads here reach homesec."

    def get_msg_quit(self, username):
        return "Goodbye."

    def impersonate_user(self, username, password):
        pass

    def terminate_impersonation(self, username):
        pass


def make_server(host: str, port: int) -> FTPServer:
    handler = type("CameraFTPHandler", (FTPHandler,), {})
    handler.authorizer = CameraAuthorizer()
    handler.passive_ports = settings.FTP_PASSIVE_PORTS
    handler.banner = "homesec FTP receiver ready."
    handler.permit_foreign_addresses = False
    return FTPServer((host, port), handler)
