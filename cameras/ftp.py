"""An FTP receiver so cameras can upload straight to homesec (pyftpdlib).

One login per camera: the user name is the camera id, the password is set in the
admin (or HOMESEC_FTP_LOGINS). Each login sees only its camera's folder as its root.
Evidence stays as it came: a camera may make folders, list them and store new files;
it may not read, overwrite, append to, rename, chmod, touch or delete anything it sent.
Only a file still under a temporary name (``x.jpg.part``: homesec has not taken it in)
may be written again or renamed, once, to a new name, as cameras that upload atomically
do. A camera id with too many failed logins from one address is locked out there for a
while, as on the site. TLS
(explicit FTPS, AUTH TLS) is offered with a certificate made on first start; plaintext
stays possible for cameras that cannot do TLS unless HOMESEC_FTP_TLS=required.
"""

import logging
import re
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import close_old_connections
from pyftpdlib.authorizers import AuthenticationFailed, DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

from homesec.paths import OutsideRoot

from . import tls
from .models import Camera, is_temporary_name

log = logging.getLogger(__name__)

# e: change folder, l: list, m: make a folder, w: store and f: rename (both only as
# KeepEvidence allows). Not r (read), a (append), d (delete), M (chmod), T (set times).
PERMISSIONS = "elmwf"
# Refused in any command's argument: a newline would forge lines in the log, ESC drive the
# terminal that reads it, and no camera names its files so.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


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


class Lockout:
    """Failed logins per (camera id, address), as the site counts them: after
    HOMESEC_LOGIN_FAILURE_LIMIT of them within the lockout time, that pair is refused
    until the lockout time has passed."""

    def __init__(self):
        self.failures: dict[str, list[float]] = {}

    def _recent(self, address: str) -> list[float]:
        since = time.monotonic() - settings.AXES_COOLOFF_TIME * 3600
        recent = [at for at in self.failures.get(address, []) if at > since]
        self.failures[address] = recent
        return recent

    def locked(self, address: str) -> bool:
        return len(self._recent(address)) >= settings.AXES_FAILURE_LIMIT

    def failed(self, address: str) -> None:
        self._recent(address).append(time.monotonic())

    def succeeded(self, address: str) -> None:
        self.failures.pop(address, None)


class CameraAuthorizer(DummyAuthorizer):
    def __init__(self):
        super().__init__()
        self.homes: dict[str, str] = {}  # set at login; permission checks need no query
        self.lockout = Lockout()

    def _camera(self, username: str) -> Camera | None:
        close_old_connections()
        return Camera.objects.filter(pk=username, enabled=True).exclude(ftp_password="").first()

    def validate_authentication(self, username, password, handler):
        address = f"{username}@{handler.remote_ip}"
        if self.lockout.locked(address):
            minutes = round(settings.AXES_COOLOFF_TIME * 60)
            raise AuthenticationFailed(f"Too many failed logins; try again in {minutes} min.")
        camera = self._camera(username)
        if camera is None or not check_password(password, camera.ftp_password):
            self.lockout.failed(address)
            log.warning("FTP login refused for %r from %s", username, address)
            raise AuthenticationFailed("Login or password is wrong.")
        try:
            self.homes[username] = str(_home(camera))
        except OutsideRoot:
            log.error(
                "camera %s: folder %r is outside the camera root", camera.pk, camera.folder_path
            )
            raise AuthenticationFailed(
                "This camera's folder is not valid; fix it in the admin."
            ) from None
        self.lockout.succeeded(address)

    def has_user(self, username):
        return self._camera(username) is not None

    def get_home_dir(self, username):
        return self.homes[username]  # set by validate_authentication, checked there

    def get_perms(self, username):
        return PERMISSIONS

    def has_perm(self, username, perm, path=None):
        if perm not in PERMISSIONS or username not in self.homes:
            return False
        return path is None or self.validate_path(self.homes[username], path)

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


def _home(camera: Camera) -> Path:
    home = camera.folder()  # right under the camera root, or OutsideRoot
    home.mkdir(exist_ok=True)
    return home


class KeepEvidence:
    """Handler mixin: STOR makes new files only, and RNFR/RNTO renames only a file under a
    temporary name to a new name. A file homesec may have taken in (any other name) cannot
    be replaced, resumed or renamed, nor moved with its folder: folders are never renamed
    (files under a folder with a temporary name are taken in like any others). A name with
    control characters is refused outright."""

    def pre_process_command(self, line, cmd, arg):
        if CONTROL.search(arg):
            self.respond("501 Names may not hold control characters.")
            self.log(f"refused {cmd.upper()[:8]!r}: its argument holds control characters")
            return None
        return super().pre_process_command(line, cmd, arg)

    def ftp_STOR(self, file, mode="w"):
        if self.fs.lexists(file) and not is_temporary_name(file):
            self._restart_position = 0  # a REST before it must not outlive the refusal
            self.respond("550 That file exists; files cannot be replaced. Use a new name.")
            return None
        return super().ftp_STOR(file, mode)

    def ftp_RNFR(self, path):
        if self.fs.isdir(path):
            self.respond("550 Folders cannot be renamed: they may hold what homesec took in.")
            return None
        if not is_temporary_name(path):
            self.respond("550 Only a file still under a temporary name can be renamed.")
            return None
        return super().ftp_RNFR(path)

    def ftp_RNTO(self, path):
        if self.fs.lexists(path):
            self._rnfr = None
            self.respond("550 That name is taken; files cannot be replaced.")
            return None
        return super().ftp_RNTO(path)


def make_server(host: str, port: int) -> FTPServer:
    base = FTPHandler if settings.FTP_TLS == "off" else tls.handler_class()
    handler = type("CameraFTPHandler", (KeepEvidence, base), {})
    if settings.FTP_TLS != "off":
        tls.configure(handler, required=settings.FTP_TLS == "required")
    handler.authorizer = CameraAuthorizer()
    handler.passive_ports = settings.FTP_PASSIVE_PORTS
    handler.banner = "homesec FTP receiver ready."
    handler.permit_foreign_addresses = False
    return FTPServer((host, port), handler)
