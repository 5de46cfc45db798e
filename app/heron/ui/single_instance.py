"""One Heron per profile: a second start hands its request to the running one and exits.

The desktop starts ``heron xmpp:...`` for every link the user clicks. Two processes on one
profile would share the database and the accounts (two logins, twice the same resource), so
the second one passes the link over a local socket that only this user can open, and the
running Heron raises its window and opens the link.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger(__name__)
HANDOVER_TIMEOUT_MS = 1500
MAX_REQUEST = 16 * 1024


def server_name(profile: Path) -> str:
    """Per user and per profile. On Unix a full socket path in the user's runtime folder (a
    Unix socket path is at most 107 bytes), on Windows a pipe name."""
    digest = hashlib.sha256(str(profile.resolve()).encode()).hexdigest()[:16]
    if sys.platform == "win32":
        return f"heron-{digest}"
    folder = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    return f"{folder}/heron-{os.getuid()}-{digest}"


def hand_over(profile: Path, link: str) -> bool:
    """True when a running Heron on ``profile`` took the request (then this process exits).

    Runs before the window exists, so on Unix it uses a plain socket: QtNetwork would add its
    import time to every start, and the server side only loads it after the first frame."""
    request = json.dumps({"open": link}).encode() + b"\n"
    if sys.platform == "win32":
        return _hand_over_qt(server_name(profile), request)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(HANDOVER_TIMEOUT_MS / 1000)
            sock.connect(server_name(profile))
            sock.sendall(request)
            # The answer says the request was read; without it the running Heron is hung.
            return sock.recv(16) == b"ok\n"
    except OSError:  # nobody listens (the usual case), a stale socket, or no answer in time
        return False


def _hand_over_qt(name: str, request: bytes) -> bool:
    from PySide6.QtNetwork import QLocalSocket

    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(HANDOVER_TIMEOUT_MS):
        return False
    sock.write(request)
    sock.waitForBytesWritten(HANDOVER_TIMEOUT_MS)
    taken = sock.waitForReadyRead(HANDOVER_TIMEOUT_MS) and sock.readAll().data() == b"ok\n"
    sock.disconnectFromServer()
    return bool(taken)


class InstanceServer(QObject):
    """Listens for later starts of Heron on the same profile."""

    #: a later start asked to be shown, with an ``xmpp:`` link to open ("" for none)
    requested = Signal(str)

    def __init__(self, profile: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtNetwork import QLocalServer

        self._server = QLocalServer(self)
        # Only this user may connect: another local user must not drive the window.
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        name = server_name(profile)
        if not self._server.listen(name):
            # A socket left by a Heron that was killed: nobody answered on it, so take it over.
            QLocalServer.removeServer(name)
            if not self._server.listen(name):
                log.warning("cannot listen for other starts: %s", self._server.errorString())

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while (conn := self._server.nextPendingConnection()) is not None:
            conn.readyRead.connect(lambda c=conn: self._read(c))
            conn.disconnected.connect(conn.deleteLater)

    def _read(self, conn: QLocalSocket) -> None:
        if not conn.canReadLine():
            if conn.bytesAvailable() > MAX_REQUEST:
                conn.abort()
            return
        line = bytes(conn.readLine(MAX_REQUEST).data())
        try:
            request = json.loads(line)
            link = request.get("open", "") if isinstance(request, dict) else None
        except (ValueError, UnicodeDecodeError):
            link = None
        if not isinstance(link, str):
            log.warning("ignored a malformed request from another start")
            conn.abort()
            return
        conn.write(b"ok\n")
        conn.flush()
        self.requested.emit(link)
