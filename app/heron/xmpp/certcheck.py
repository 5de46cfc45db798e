"""Heron's own certificate rules, applied to the certificate a server presented.

OpenSSL checks the chain (against the system's CAs or the account's CA file). Everything else is
checked here, on every connection, whether the chain was trusted or the user pinned the
certificate: it must name the account's domain (RFC 9525; not the host the user typed, not its
address), be within its dates, and carry a key meant for a TLS server. Only a certificate whose
one fault is an unknown issuer may be pinned by the user (``pinnable``).
"""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID

from heron.core.errors import ErrorKind, UserError, describe

# XEP-0178 / RFC 6120 §13.7.1.4: the XMPP address of the service, as a UTF8String.
_XMPP_ADDR = x509.ObjectIdentifier("1.3.6.1.5.5.7.8.5")
# RFC 4985 SRVName, an IA5String such as "_xmpp-client.example.org" (RFC 6120 §13.7.1.2.1).
_SRV_NAME = x509.ObjectIdentifier("1.3.6.1.5.5.7.8.7")
_UTF8STRING_TAG = 0x0C
_IA5STRING_TAG = 0x16
_MIN_RSA_BITS = 2048

# OpenSSL verify codes (x509_vfy.h) whose meaning is "no trusted issuer": the one fault a user
# may overrule by checking the fingerprint.
_UNKNOWN_ISSUER = frozenset({2, 18, 19, 20, 21})
_VERIFY_KINDS = {
    9: ErrorKind.CERT_EXPIRED,  # not yet valid
    10: ErrorKind.CERT_EXPIRED,
    62: ErrorKind.CERT_WRONG_NAME,  # hostname mismatch
    64: ErrorKind.CERT_WRONG_NAME,  # IP address mismatch
    23: ErrorKind.CERT_REVOKED,
    26: ErrorKind.CERT_REVOKED,  # invalid purpose
    28: ErrorKind.CERT_REVOKED,  # rejected
}


def kind_of_verify_error(error: BaseException) -> tuple[ErrorKind, bool]:
    """(kind, unknown issuer) for a TLS handshake that failed to verify."""
    code = getattr(error, "verify_code", None)
    if code in _UNKNOWN_ISSUER:
        return ErrorKind.CERT_UNTRUSTED, True
    return _VERIFY_KINDS.get(code if isinstance(code, int) else -1, ErrorKind.CERT_UNTRUSTED), False


def _ascii(name: str) -> str:
    name = name.strip().rstrip(".").lower()
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name


def _dns_matches(pattern: str, domain: str) -> bool:
    pattern = _ascii(pattern)
    if pattern == domain:
        return True
    # One wildcard, the whole leftmost label, never matching the domain itself (RFC 9525 §6.3).
    if pattern.startswith("*.") and "*" not in pattern[2:] and "." in pattern[2:]:
        head, _, rest = domain.partition(".")
        return bool(head) and rest == pattern[2:]
    return False


def _der_text(value: bytes, tag: int) -> str:
    """The text of a DER string with this tag (short or long length), or ""."""
    header = 2  # tag and length bytes
    if len(value) < header or value[0] != tag:
        return ""
    length, start = value[1], header
    if length & 0x80:
        count = length & 0x7F
        length, start = int.from_bytes(value[header : header + count], "big"), header + count
    return value[start : start + length].decode("utf-8", "replace")


def names_domain(cert: x509.Certificate, domain: str) -> bool:
    """True when the certificate's subjectAltName names ``domain``: a DNS-ID, an XmppAddr or
    an SRV-ID for ``_xmpp-client``."""
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False  # no CN fallback (RFC 9525)
    wanted = _ascii(domain)
    if any(_dns_matches(name, wanted) for name in san.get_values_for_type(x509.DNSName)):
        return True
    for other in san.get_values_for_type(x509.OtherName):
        if other.type_id == _XMPP_ADDR and \
                _ascii(_der_text(other.value, _UTF8STRING_TAG)) == wanted:
            return True
        if other.type_id == _SRV_NAME and \
                _ascii(_der_text(other.value, _IA5STRING_TAG)) == f"_xmpp-client.{wanted}":
            return True
    return False


def _key_fit_for_server(cert: x509.Certificate) -> bool:
    try:
        eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        if ExtendedKeyUsageOID.SERVER_AUTH not in eku and \
                ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE not in eku:
            return False
    except x509.ExtensionNotFound:
        pass
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        if not (usage.digital_signature or usage.key_encipherment):
            return False
    except x509.ExtensionNotFound:
        pass
    key = cert.public_key()
    return not (isinstance(key, rsa.RSAPublicKey) and key.key_size < _MIN_RSA_BITS)


def certificate_faults(der: bytes, domain: str,
                       now: dt.datetime | None = None) -> list[tuple[ErrorKind, str]]:
    """Everything wrong with this certificate for ``domain`` besides its issuer, worst first."""
    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError as exc:
        return [(ErrorKind.CERT_REVOKED, f"unreadable certificate: {exc}")]
    now = now or dt.datetime.now(dt.UTC)
    faults: list[tuple[ErrorKind, str]] = []
    if not names_domain(cert, domain):
        faults.append((ErrorKind.CERT_WRONG_NAME, f"certificate does not name {domain}"))
    if now > cert.not_valid_after_utc:
        faults.append((ErrorKind.CERT_EXPIRED,
                       f"certificate expired on {cert.not_valid_after_utc:%Y-%m-%d}"))
    elif now < cert.not_valid_before_utc:
        faults.append((ErrorKind.CERT_EXPIRED,
                       f"certificate not valid before {cert.not_valid_before_utc:%Y-%m-%d}"))
    if not _key_fit_for_server(cert):
        faults.append((ErrorKind.CERT_REVOKED, "certificate key is not meant for a server"))
    return faults


def certificate_error(kind: ErrorKind, domain: str, detail: str) -> UserError:
    """The certificate problem in Heron's words (core/errors.py holds every sentence)."""
    if not kind.value.startswith("cert-"):
        kind = ErrorKind.CERT_UNTRUSTED
    return describe(kind, detail, server=domain)
