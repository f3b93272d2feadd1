"""The site over TLS (HOMESEC_TLS, the reference's modes): ``self-signed`` makes a
certificate on first start, kept in RUN_DIR/secrets/web-tls.pem (its names: localhost,
127.0.0.1, ::1, this host's name and HOMESEC_ALLOWED_HOSTS); ``provided`` serves
HOMESEC_TLS_CERT and HOMESEC_TLS_KEY (PEM files). Each daphne of `manage.py web` wraps
its listening socket in TLS (``homesec-tls:fileno=N``, below): pages, API and WebSockets
are then https and wss, with HSTS (homesec/settings_ops.py)."""

import datetime
import ipaddress
import socket
from pathlib import Path

from django.conf import settings

from homesec.env import generated_secret

ENDPOINT = "homesec-tls:fileno="


def enabled() -> bool:
    return settings.TLS != "off"


def pem_files() -> tuple[Path, Path]:
    """The certificate and its key (one file when self-signed), made if missing."""
    if settings.TLS == "provided":
        return Path(settings.TLS_CERT), Path(settings.TLS_KEY)
    path = Path(settings.RUN_DIR) / "secrets" / "web-tls.pem"
    generated_secret(path, make=self_signed)
    return path, path


def names() -> list[str]:
    hosts = {"localhost", "127.0.0.1", "::1", socket.gethostname()}
    hosts |= {h.strip("[]") for h in settings.ALLOWED_HOSTS if h and "*" not in h and h != "."}
    return sorted(h.lstrip(".") for h in hosts if h)


def self_signed() -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "homesec")])
    alternatives = []
    for host in names():
        try:
            alternatives.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            alternatives.append(x509.DNSName(host))
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=825))
        .add_extension(x509.SubjectAlternativeName(alternatives), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return (cert.public_bytes(serialization.Encoding.PEM) + key_pem).decode()


class AdoptedTLSEndpoint:
    """A listening socket handed over by file descriptor (as ``fd:`` is), in TLS."""

    def __init__(self, reactor, fileno: int):
        from twisted.internet.endpoints import AdoptedStreamServerEndpoint

        probe = socket.socket(fileno=fileno)
        family = probe.family
        probe.detach()  # the descriptor stays open, for Twisted
        self.inner = AdoptedStreamServerEndpoint(reactor, fileno, family)

    def listen(self, factory):
        from twisted.internet import ssl
        from twisted.protocols.tls import TLSMemoryBIOFactory

        cert, key = pem_files()
        pem = cert.read_text() if cert == key else cert.read_text() + "\n" + key.read_text()
        options = ssl.PrivateCertificate.loadPEM(pem).options()
        return self.inner.listen(TLSMemoryBIOFactory(options, False, factory))


def server_from_string(original):
    """daphne's endpoint parser, which also knows ``homesec-tls:fileno=N``."""

    def parse(reactor, description: str):
        if description.startswith(ENDPOINT):
            return AdoptedTLSEndpoint(reactor, int(description.removeprefix(ENDPOINT)))
        return original(reactor, description)

    return parse
