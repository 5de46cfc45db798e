"""Servers (of the run's kind) that present a chosen certificate (tests of Heron's certificate
rules)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from heron.demo.certs import make_leaf
from heron.demo.prosody import make_certificates
from heron.demo.rig import RigServer
from heron.xmpp.client import sha256_fingerprint

USER, PASSWORD = "carol", "secret-pw"
JID = f"{USER}@localhost"


def fingerprint_of(cert: Path) -> str:
    return sha256_fingerprint(ssl.PEM_cert_to_DER_cert(cert.read_text()))


@contextmanager
def server_presenting(server_class: Any, run: Path, signed_by_ca: bool, **leaf: Any
                      ) -> Iterator[RigServer]:
    """A server (``server_class``) for ``localhost`` with the account :data:`JID`, presenting
    ``make_leaf(**leaf)`` signed by the rig's CA (``server.ca_file``) or by itself."""
    server = server_class(run)
    make_certificates(server.cert_dir)
    issuer = (server.ca_file, server.cert_dir / "ca.key") if signed_by_ca else None
    server.use_certificate(*make_leaf(run / "leaf", "leaf", issuer=issuer, **leaf))
    with server:
        server.register(USER, PASSWORD)
        yield server
