"""Heron's own certificate rules on real certificates (made with cryptography)."""

from __future__ import annotations

import datetime as dt
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from heron.core.errors import ErrorKind
from heron.demo.certs import make_leaf
from heron.xmpp.certcheck import certificate_faults, kind_of_verify_error, names_domain

XMPP_ADDR = x509.ObjectIdentifier("1.3.6.1.5.5.7.8.5")
SRV_NAME = x509.ObjectIdentifier("1.3.6.1.5.5.7.8.7")


def _der(path: Path) -> bytes:
    return ssl.PEM_cert_to_DER_cert(path.read_text())


def _cert(*names: x509.GeneralName) -> x509.Certificate:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "example.org")])
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
               .public_key(key.public_key()).serial_number(1)
               .not_valid_before(now - dt.timedelta(days=1))
               .not_valid_after(now + dt.timedelta(days=1)))
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(list(names)), False)
    return builder.sign(key, hashes.SHA256())


@pytest.mark.parametrize(("pattern", "domain", "ok"), [
    ("example.org", "example.org", True),
    ("EXAMPLE.org", "example.ORG", True),
    ("example.org.", "example.org", True),
    ("*.example.org", "chat.example.org", True),
    ("*.example.org", "example.org", False),  # a wildcard never names the parent
    ("*.example.org", "a.b.example.org", False),  # nor two labels
    ("*.org", "example.org", False),
    ("chat*.example.org", "chat1.example.org", False),  # partial wildcards are not honoured
    ("other.example", "example.org", False),
    ("xn--bcher-kva.example", "bücher.example", True),  # IDNA
])
def test_dns_names(pattern: str, domain: str, ok: bool) -> None:
    assert names_domain(_cert(x509.DNSName(pattern)), domain) is ok


def test_an_ip_address_or_common_name_never_names_the_domain() -> None:
    import ipaddress

    assert not names_domain(_cert(x509.IPAddress(ipaddress.ip_address("127.0.0.1"))),
                            "127.0.0.1")
    assert not names_domain(_cert(), "example.org")  # CN only, no subjectAltName (RFC 9525)


def _der_string(tag: int, text: str) -> bytes:
    return bytes([tag, len(text)]) + text.encode()


def test_xmpp_address_names_the_domain() -> None:
    value = _der_string(0x0C, "example.org")  # UTF8String
    assert names_domain(_cert(x509.OtherName(XMPP_ADDR, value)), "example.org")
    assert not names_domain(_cert(x509.OtherName(XMPP_ADDR, value)), "example.com")
    assert not names_domain(_cert(x509.OtherName(XMPP_ADDR, b"\x16\x0bexample.org")),
                            "example.org")  # wrong string type


@pytest.mark.parametrize(("srv", "ok"), [
    ("_xmpp-client.example.org", True),
    ("_xmpp-server.example.org", False),  # a server-to-server name is not for clients
    ("_xmpp-client.other.example", False),
])
def test_srv_name_names_the_domain(srv: str, ok: bool) -> None:
    value = _der_string(0x16, srv)  # IA5String
    assert names_domain(_cert(x509.OtherName(SRV_NAME, value)), "example.org") is ok


def test_faults_of_the_rig_certificates(tmp_path: Path) -> None:
    now = dt.datetime.now(dt.UTC)
    good = _der(make_leaf(tmp_path, "good")[0])
    assert certificate_faults(good, "localhost") == []
    assert [k for k, _ in certificate_faults(good, "example.org")] == [ErrorKind.CERT_WRONG_NAME]
    expired = _der(make_leaf(tmp_path, "old", not_before=now - dt.timedelta(days=9),
                             not_after=now - dt.timedelta(days=1))[0])
    assert [k for k, _ in certificate_faults(expired, "localhost")] == [ErrorKind.CERT_EXPIRED]
    client = _der(make_leaf(tmp_path, "client", server_auth=False)[0])
    assert [k for k, _ in certificate_faults(client, "localhost")] == [ErrorKind.CERT_REVOKED]
    assert certificate_faults(b"not a certificate", "localhost")[0][0] is ErrorKind.CERT_REVOKED


class _VerifyError(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.verify_code = code


@pytest.mark.parametrize(("code", "kind", "unknown_issuer"), [
    (18, ErrorKind.CERT_UNTRUSTED, True),  # self-signed
    (20, ErrorKind.CERT_UNTRUSTED, True),  # issuer not found locally
    (10, ErrorKind.CERT_EXPIRED, False),
    (9, ErrorKind.CERT_EXPIRED, False),
    (62, ErrorKind.CERT_WRONG_NAME, False),
    (26, ErrorKind.CERT_REVOKED, False),
    (7, ErrorKind.CERT_UNTRUSTED, False),  # bad signature: untrusted, but never pinnable
])
def test_openssl_verify_codes(code: int, kind: ErrorKind, unknown_issuer: bool) -> None:
    assert kind_of_verify_error(_VerifyError(code)) == (kind, unknown_issuer)
