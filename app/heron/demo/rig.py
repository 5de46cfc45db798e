"""What the test servers (Prosody and ejabberd) share: the shape a test may rely on, free
loopback ports, child processes that die with their parent, a clean stop, and fast accounts.

This module must not import Qt or slixmpp: the test rig and the demo mode both use it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
from pathlib import Path
from typing import Protocol
from xml.sax.saxutils import escape


class RigServer(Protocol):
    """A throw-away XMPP server on loopback, as the integration and UI tests use it.

    Both :class:`heron.demo.prosody.LocalProsody` and :class:`heron.demo.ejabberd.LocalEjabberd`
    have this shape, so a test about Heron runs on either (``--server=...``).
    """

    domain: str
    c2s_port: int       # STARTTLS (required)
    c2s_tls_port: int   # Direct TLS (XEP-0368)
    https_port: int
    turn_port: int      # XEP-0215: the TURN server it names (heron.demo.coturn runs one)
    turn_secret: str    # the TURN REST shared secret it makes credentials with

    @property
    def ca_file(self) -> Path: ...  # the CA clients should trust

    @property
    def cert_file(self) -> Path: ...  # the certificate the server presents

    @property
    def key_file(self) -> Path: ...

    @property
    def pid(self) -> int | None: ...

    def is_running(self) -> bool: ...

    def start(self, timeout: float = ..., keep_ports: bool = False) -> None: ...

    def stop(self) -> None: ...

    def restart(self, timeout: float = ..., **changes: object) -> None:
        """Stop, apply setting ``changes``, start on the same ports; accounts survive."""

    def register(self, user: str, password: str) -> str:
        """Create ``user@domain`` with the server's admin tool; its bare JID."""

    def unregister(self, user: str) -> None: ...

    def log_tail(self, lines: int = 25) -> str: ...


def free_ports(count: int) -> list[int]:
    """``count`` distinct free loopback ports (all sockets open at once, so no duplicates)."""
    with contextlib.ExitStack() as stack:
        ports: list[int] = []
        for _ in range(count):
            s = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            s.bind(("127.0.0.1", 0))
            ports.append(int(s.getsockname()[1]))
        return ports


def executable(name: str) -> str:
    """The full path of a tool on PATH, so a process start never depends on the cwd."""
    path = shutil.which(name)
    if path is None:
        raise FileNotFoundError(errno.ENOENT, f"{name} is not installed", name)
    return path


def die_with_parent() -> list[str]:
    """The command prefix that makes a child die with its parent (Linux), or nothing."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "KILL", "--"] if setpriv else []


def end_server(process: subprocess.Popen[bytes] | None, *, signal_group: bool,
               grace: float) -> None:
    """SIGTERM a rig server (its whole group, or only the process), wait ``grace`` seconds,
    then SIGKILL the group. The server runs in its own session (start_new_session), so the
    group id is its pid; the group is signalled only while the server is unreaped, so the id
    cannot belong to anyone else."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        if signal_group:
            os.killpg(process.pid, signal.SIGTERM)
        else:
            os.kill(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def apply_settings(server: object, changes: dict[str, object]) -> None:
    """Set a server's settings for its next start (what ``restart(**changes)`` changes)."""
    for name, value in changes.items():
        if not hasattr(server, name) or name.startswith("_"):
            raise AttributeError(f"{type(server).__name__} has no setting {name!r}")
        setattr(server, name, value)


def copy_to_serve(cert_dir: Path, cert: Path, key: Path) -> tuple[Path, Path]:
    """A copy of a certificate and its key, in a new folder ``served-N`` of ``cert_dir``
    (so the server finds no other certificate beside it); (certificate, key)."""
    served = cert_dir / f"served-{len(list(cert_dir.glob('served-*')))}"
    served.mkdir(parents=True)
    shutil.copyfile(cert, served / cert.name)
    shutil.copyfile(key, served / key.name)
    os.chmod(served / key.name, 0o600)
    return served / cert.name, served / key.name


class RegistrationError(RuntimeError):
    """The server refused an in-band registration (the stanza is in the message)."""


_STREAM = ("<?xml version='1.0'?><stream:stream to='{domain}' version='1.0' "
           "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>")


def register_in_band(server: RigServer, user: str, password: str, timeout: float = 10.0) -> str:
    """Create ``user@domain`` over XEP-0077 on the STARTTLS port; its bare JID.

    Why not the admin tool: ejabberd's costs a new Erlang VM per account (0.46-0.56 s
    measured), this 0.02 s. (On Prosody, prosodyctl takes 0.027 s and this 0.045 s, so
    LocalProsody keeps prosodyctl.) A blocking socket, so it works
    from a test's coroutine without a second event loop; the server is our own rig, so reading
    up to a known marker is parsing enough.
    """
    with socket.create_connection(("127.0.0.1", server.c2s_port), timeout=timeout) as raw:
        stream: socket.socket | ssl.SSLSocket = raw
        features = _open_stream(stream, server.domain)
        if "urn:ietf:params:xml:ns:xmpp-tls" in features:
            stream.sendall(b"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
            if "<proceed" not in _read_until(stream, rb"<(proceed|failure)[^>]*>"):
                raise RegistrationError("the server refused STARTTLS")
            context = ssl.create_default_context(cafile=str(server.ca_file))
            context.check_hostname = False  # the rig's own server; any certificate will do
            context.verify_mode = ssl.CERT_NONE  # (tests of bad certificates register too)
            stream = context.wrap_socket(raw, server_hostname=server.domain)
            # The new stream's header and the request go at once (no wait for the features).
            stream.sendall(_STREAM.format(domain=server.domain).encode())
        stream.sendall(
            "<iq type='set' id='reg1'><query xmlns='jabber:iq:register'>"
            f"<username>{escape(user)}</username><password>{escape(password)}</password>"
            "</query></iq>".encode())
        answer = _read_until(stream, rb"<iq[^>]*reg1[^>]*/>|</iq>")
        with contextlib.suppress(OSError):
            stream.sendall(b"</stream:stream>")
    if not re.search(r"type=['\"]result['\"]", answer):
        raise RegistrationError(f"registering {user}@{server.domain} failed: {answer}")
    return f"{user}@{server.domain}"


def _open_stream(stream: socket.socket, domain: str) -> str:
    stream.sendall(_STREAM.format(domain=domain).encode())
    return _read_until(stream, rb"</stream:features>")


def _read_until(stream: socket.socket, end: bytes) -> str:
    """What the server sent, up to and including the first match of the pattern ``end``."""
    data = b""
    while not re.search(end, data):
        chunk = stream.recv(65536)
        if not chunk:
            raise RegistrationError("the server closed the stream: "
                                    + data.decode(errors="replace"))
        data += chunk
    return data.decode(errors="replace")
