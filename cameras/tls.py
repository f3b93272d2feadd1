"""Explicit FTPS for the FTP receiver: a self-signed certificate made on first start and
kept in RUN_DIR/secrets (cameras pin or ignore it; there is no public name to certify)."""

import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings

from homesec.env import generated_secret


def certificate_file() -> Path:
    """The certificate and its key (PEM, mode 0600), made if missing."""
    path = Path(settings.RUN_DIR) / "secrets" / "ftp-tls.pem"
    generated_secret(path, make=_self_signed)
    return path


def _self_signed() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "homesec FTP receiver")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return (cert.public_bytes(serialization.Encoding.PEM) + key_pem).decode()


def handler_class():
    from pyftpdlib.handlers import TLS_FTPHandler  # needs pyOpenSSL

    return TLS_FTPHandler


def configure(handler, *, required: bool) -> None:
    pem = str(certificate_file())
    handler.certfile = pem
    handler.keyfile = pem
    handler.tls_control_required = required
    handler.tls_data_required = required
