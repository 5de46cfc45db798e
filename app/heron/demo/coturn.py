"""A throw-away coturn TURN server on loopback, for the call tests (and the demo's calls).

Runs Debian's ``turnserver`` as its own process with its own command line: no config file, no
database, no CLI, UDP and TCP on one loopback port, relays on loopback (``--allow-loopback-
peers``, which a real deployment would never set), and the TURN REST shared secret that the
XMPP server uses to hand out credentials over XEP-0215 (Prosody's ``turn_external_secret``,
ejabberd's ``mod_stun_disco`` secret). Debian's own coturn service, if enabled, is left alone:
this one listens elsewhere. Ready when it answers a STUN binding request.

This module must not import Qt or slixmpp.
"""

from __future__ import annotations

import os
import secrets
import socket
import struct
import subprocess
import time
from pathlib import Path

from heron.demo.rig import die_with_parent, end_server, executable, free_ports

MAGIC_COOKIE = 0x2112A442
BINDING_REQUEST = 0x0001
RELAY_PORTS = 40


def rig_turn_settings() -> tuple[int, str]:
    """A free loopback port and a fresh shared secret for one rig's TURN server."""
    return free_ports(1)[0], secrets.token_hex(16)


class LocalCoturn:
    def __init__(self, run_dir: Path, port: int, secret: str, realm: str = "localhost") -> None:
        self.run_dir = Path(run_dir).absolute()
        self.port, self.secret, self.realm = port, secret, realm
        self.log_file = self.run_dir / "turnserver.log"
        self._process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        low = 20000 + (os.getpid() * 97 + self.port) % 40000  # relays of parallel runs apart
        return [
            *die_with_parent(), executable("turnserver"), "-n",
            "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", f"--listening-port={self.port}",
            f"--min-port={low}", f"--max-port={low + RELAY_PORTS}",
            "--use-auth-secret", f"--static-auth-secret={self.secret}", f"--realm={self.realm}",
            "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls", "--no-stdout-log",
            "--simple-log", f"--log-file={self.log_file}",
            f"--pidfile={self.run_dir / 'turnserver.pid'}",
        ]

    def start(self, timeout: float = 10.0) -> None:
        self.launch()
        self.wait_ready(timeout)

    def launch(self) -> None:
        """Start the process (on the thread it should die with) without waiting for it."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self._process = subprocess.Popen(  # noqa: S603  our own command line, no shell
            self.command(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)

    def wait_ready(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.answers():
            if self._process is None or self._process.poll() is not None \
                    or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"coturn did not start on 127.0.0.1:{self.port}; "
                                   f"see {self.log_file}")
            time.sleep(0.05)

    def answers(self) -> bool:
        """A STUN binding request (RFC 5389) on the UDP port gets a reply."""
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.settimeout(0.2)
            header = struct.pack("!HHI", BINDING_REQUEST, 0, MAGIC_COOKIE)
            request = header + secrets.token_bytes(12)  # + a transaction id
            try:
                probe.sendto(request, ("127.0.0.1", self.port))
                return len(probe.recv(2048)) >= 20  # noqa: PLR2004  a STUN header
            except OSError:
                return False

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def stop(self) -> None:
        end_server(self._process, signal_group=True, grace=3.0)
        self._process = None
