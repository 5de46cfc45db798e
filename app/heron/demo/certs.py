"""Certificates with chosen names, dates and key uses, for tests that need a bad one.

The everyday rig certificates come from ``openssl`` in ``prosody.py``; OpenSSL 3.0's command line
cannot back-date a certificate, so the faulty ones (another domain, expired, not yet valid, a key
not meant for servers) are made here with ``cryptography``.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_DAY = dt.timedelta(days=1)


def make_leaf(cert_dir: Path, name: str, *, dns: tuple[str, ...] = ("localhost",),
              ips: tuple[str, ...] = ("127.0.0.1",), issuer: tuple[Path, Path] | None = None,
              not_before: dt.datetime | None = None, not_after: dt.datetime | None = None,
              server_auth: bool = True) -> tuple[Path, Path]:
    """An EC P-256 leaf ``<name>.crt``/``<name>.key`` in ``cert_dir``.

    ``issuer`` is (ca.crt, ca.key) to sign with; None makes it sign itself. The validity defaults
    to yesterday .. in 30 days. ``server_auth=False`` gives it a client-only key use.
    """
    cert_dir.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, dns[0] if dns else name)])
    if issuer is None:
        issuer_name, signing_key, aki = subject, key, None
    else:
        ca = x509.load_pem_x509_certificate(issuer[0].read_bytes())
        ca_key = serialization.load_pem_private_key(issuer[1].read_bytes(), password=None)
        if not isinstance(ca_key, ec.EllipticCurvePrivateKey):
            raise TypeError(f"{issuer[1]}: the rig's CA key is an EC key")
        issuer_name, signing_key = ca.subject, ca_key
        aki = x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key())
    san: list[x509.GeneralName] = [x509.DNSName(d) for d in dns]
    san += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ips]
    usage = ExtendedKeyUsageOID.SERVER_AUTH if server_auth else ExtendedKeyUsageOID.CLIENT_AUTH
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(issuer_name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - _DAY)
        .not_valid_after(not_after or now + 30 * _DAY)
        .add_extension(x509.SubjectAlternativeName(san), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
    )
    if aki is not None:
        builder = builder.add_extension(aki, critical=False)
    cert = builder.sign(signing_key, hashes.SHA256())
    crt_path, key_path = cert_dir / f"{name}.crt", cert_dir / f"{name}.key"
    crt_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    os.chmod(key_path, 0o600)
    return crt_path, key_path
