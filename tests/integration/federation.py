"""Two rig servers that federate: Heron's home server ``alpha.test`` and a remote server
``beta.test`` (Prosody and Prosody, Prosody and ejabberd, ejabberd and Prosody), one rig CA for
both, s2s with verified certificates only, each server mapping the other's domain statically
(``heron.demo.federation``)."""

from __future__ import annotations

import itertools
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest

from heron.demo.ejabberd import LocalEjabberd
from heron.demo.federation import S2S, loopback_addresses
from heron.demo.prosody import LocalProsody, make_ca, make_server_certificates

Kind = Literal["prosody", "ejabberd"]
RigServer = LocalProsody | LocalEjabberd

HOME_DOMAIN, REMOTE_DOMAIN = "alpha.test", "beta.test"
_numbers = itertools.count(1)


def _server(kind: Kind, run_dir: Path, domain: str, issuer: tuple[Path, Path],
            s2s: S2S) -> RigServer:
    if kind == "prosody":
        return LocalProsody(run_dir, domain=domain, issuer=issuer, s2s=s2s)
    return LocalEjabberd(run_dir, domain=domain, issuer=issuer, s2s=s2s)


def _wait_until_accounts_can_be_made(server: RigServer, timeout: float = 30.0) -> None:
    """ejabberd listens before its user tables exist (a register can fail with no_exists
    right after start); its own status command says when it is really up."""
    if not isinstance(server, LocalEjabberd):
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            server.ctl("status")  # fails ("is starting") until ejabberd is up
            return
        except RuntimeError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.1)


class FederatedPair:
    """``home`` (alpha.test, Heron's server, ``home_kind``) and ``remote`` (beta.test, ``kind``).

    ``remote_issuer``: another CA for the remote server's certificate (one the home server
    does not trust; the remote still trusts the rig CA), to prove s2s refuses it.
    """

    def __init__(self, base: Path, kind: Kind, *, home_kind: Kind = "prosody",
                 remote_issuer: tuple[Path, Path] | None = None) -> None:
        ca = make_ca(base / "rig-ca")
        home_address, remote_address = loopback_addresses(2)
        self.home = _server(home_kind, base / "home", HOME_DOMAIN, ca,
                            S2S(home_address, {REMOTE_DOMAIN: remote_address}))
        self.remote = _server(kind, base / "remote", REMOTE_DOMAIN, ca,
                              S2S(remote_address, {HOME_DOMAIN: home_address}))
        if remote_issuer is not None:
            # Its leaf from the other CA; its ca.crt (what it trusts) stays the rig CA.
            make_server_certificates(self.remote.cert_dir, REMOTE_DOMAIN, remote_issuer)
            shutil.copyfile(ca[0], self.remote.ca_file)

    def start(self) -> None:
        try:
            for server in (self.home, self.remote):
                server.start()
                _wait_until_accounts_can_be_made(server)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        for server in (self.remote, self.home):
            server.stop()

    def user(self, server: RigServer) -> tuple[str, str]:
        """A fresh account on ``server``: (bare JID, password)."""
        n = next(_numbers)
        password = f"pw-{n}-{os.getpid()}"
        return server.register(f"fed{n}x{os.getpid()}", password), password


@pytest.fixture(scope="module", params=[("prosody", "prosody"), ("prosody", "ejabberd"),
                                        ("ejabberd", "prosody")],
                ids=["prosody-prosody", "prosody-ejabberd", "ejabberd-prosody"])
def federation(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[FederatedPair]:
    """Heron's home server (first) federated with a remote one (second)."""
    home_kind, kind = request.param
    pair = FederatedPair(tmp_path_factory.mktemp("federation"), kind, home_kind=home_kind)
    pair.start()
    try:
        yield pair
    finally:
        pair.stop()
