import signal

from django.conf import settings
from django.core.management.base import BaseCommand

from cameras.ftp import apply_settings_logins, make_server


class Command(BaseCommand):
    help = "Receive camera uploads over FTP: one login per camera, each in its own folder."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.BIND_ADDRESS)
        parser.add_argument("--port", type=int, default=settings.FTP_PORT)

    def handle(self, *args, host, port, **options):
        settings.CAMERA_ROOT.mkdir(parents=True, exist_ok=True)
        logins = apply_settings_logins()
        server = make_server(host, port)
        signal.signal(signal.SIGTERM, lambda *_: server.close_all())
        address = server.socket.getsockname()
        self.stdout.write(
            f"FTP listening on {address[0]}:{address[1]} "
            f"({len(logins)} login(s) from HOMESEC_FTP_LOGINS; more in the admin)"
        )
        self.stdout.flush()
        try:
            server.serve_forever(handle_exit=True)
        finally:
            server.close_all()
