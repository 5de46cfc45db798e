"""Server-to-server on one machine: two rig servers, two domains, no DNS.

Each server listens for s2s on port 5269 of a loopback address of its own (Linux routes all of
127/8 to ``lo``), chosen at random per run so two runs cannot meet. Each maps the other domain
(and its ``conference.``/``upload.`` services) to that address statically: Prosody through its
resolver's hosts file (``unbound = { hoststxt = ... }``), ejabberd through Erlang's inetrc. The
domains are under ``.test`` (RFC 6761): libunbound answers names there itself (NXDOMAIN for the
SRV records), so no lookup waits for a name server. Certificates come from one rig CA that both
servers trust, and both require a valid certificate from the other (no dialback fallback).

This module must not import Qt or slixmpp.
"""

from __future__ import annotations

import contextlib
import secrets
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

S2S_PORT = 5269  # the default port: without SRV records, a server connects here


def served_names(domain: str) -> tuple[str, ...]:
    """The names a rig server answers for: its domain, its rooms and its upload service."""
    return (domain, f"conference.{domain}", f"upload.{domain}")


@dataclass(frozen=True)
class S2S:
    """A rig server's federation settings.

    ``address``: the loopback address its s2s listener takes (port :data:`S2S_PORT`).
    ``peers``: each other domain and the loopback address its server listens on.
    """

    address: str
    peers: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for domain in self.peers:
            # Outside .test, each SRV lookup would wait for a name server (17 s measured).
            if not domain.endswith(".test"):
                raise ValueError(f"federated rig domains are under .test, not {domain!r}")

    def host_entries(self) -> list[tuple[str, str]]:
        """(address, name) for every name of every peer."""
        return [(address, name) for domain, address in self.peers.items()
                for name in served_names(domain)]


def _bindable(address: str) -> bool:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        try:
            s.bind((address, S2S_PORT))
        except OSError:
            return False
    return True


def loopback_addresses(count: int) -> list[str]:
    """``count`` distinct random 127.x.y.z addresses (never 127.0.x.x) whose port 5269 is free."""
    found: list[str] = []
    while len(found) < count:
        parts = (1 + secrets.randbelow(254), 1 + secrets.randbelow(254),
                 1 + secrets.randbelow(254))
        address = "127.{}.{}.{}".format(*parts)
        if address not in found and _bindable(address):
            found.append(address)
    return found


def write_hosts_file(path: Path, s2s: S2S) -> Path:
    """A hosts(5) file naming every peer (read by Prosody's libunbound resolver)."""
    lines = [f"{address} {name}" for address, name in s2s.host_entries()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_dead_resolv_conf(path: Path) -> Path:
    """A resolv.conf whose one name server is a closed loopback port: a lookup that is not
    answered locally fails instead of asking the machine's real resolver."""
    path.write_text("nameserver 127.0.0.1@1\n", encoding="utf-8")
    return path


def write_inetrc(path: Path, s2s: S2S) -> Path:
    """An Erlang inetrc (``ERL_INETRC``): the peers in a static table, and no name server, so
    a lookup Erlang's resolver cannot answer itself fails at once instead of leaving the
    machine. (ejabberd 23.01 finds a peer's address with libc's getaddrinfo, which this file
    does not reach: see :func:`erlang_srv_records`.)"""
    lines = ["{lookup, [file]}."]
    names: dict[str, list[str]] = {}
    for address, name in s2s.host_entries():
        names.setdefault(address, []).append(f'"{name}"')
    for address, listed in names.items():
        # One entry per address: a second {host, Address, ...} replaces the first.
        erl_address = "{" + address.replace(".", ",") + "}"
        lines.append(f"{{host, {erl_address}, [{', '.join(listed)}]}}.")
    lines.append("{resolv_conf, []}.")
    lines.append("{hosts_file, []}.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def erlang_srv_records(s2s: S2S) -> str:
    """An Erlang expression (for ``erl -eval`` before ejabberd starts) that puts a static
    ``_xmpp-server._tcp`` SRV record for every peer name into the VM's resolver cache.

    Why not ERL_INETRC alone: ejabberd 23.01's s2s (xmpp 1.6.1 on OTP 25) looks up the SRV
    record with inet_res, which reads this cache, but resolves the host name with
    ``net:getaddrinfo``, i.e. libc, which ignores inetrc (it failed with ``enoname``). An SRV
    target that is the peer's address literal needs no host lookup at all.
    """
    ttl = 30 * 24 * 3600  # outlives any test run; the cache drops only expired entries
    calls = [f'ok = inet_db:add_rr("_xmpp-server._tcp.{name}", in, srv, {ttl}, '
             f'{{0, 0, {S2S_PORT}, "{address}"}})' for address, name in s2s.host_entries()]
    return ", ".join(calls) + "."
