"""Two Heron sessions that send files to each other directly (Jingle + IBB), with their events."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heron.application import Heron
from heron.core.events import DirectFileEnded, DirectFileOffered, DirectFileProgress
from tests.integration.heron_process import befriend
from tests.integration.parties import Recorder, account_for, start_heron


@dataclass
class Side:
    app: Heron
    session: Any
    rec: Recorder
    folder: Path  # where this side keeps what it receives

    @property
    def jid(self) -> str:
        return str(self.session.client.boundjid)

    def offers(self) -> list[DirectFileOffered]:
        return self.rec.of(DirectFileOffered)

    def ended(self) -> list[DirectFileEnded]:
        return self.rec.of(DirectFileEnded)

    def progress(self) -> list[DirectFileProgress]:
        return self.rec.of(DirectFileProgress)

    def files(self) -> list[Path]:
        """Everything in the download folder, partial files included."""
        return sorted(self.folder.iterdir())


@asynccontextmanager
async def two_senders(server: Any, make_user: Callable[[], tuple[str, str]],
                      tmp_path: Path, before: Callable[[str], None] = lambda _name: None,
                      ) -> AsyncIterator[tuple[Side, Side]]:
    """Alice and Bob, friends, each in a Heron session; ``before(name)`` runs before each
    one starts."""
    sides: list[Side] = []
    users = [make_user(), make_user()]
    await befriend(server, users[0], users[1])
    try:
        for name, (jid, password) in zip(("alice", "bob"), users, strict=True):
            before(name)
            app = await start_heron(tmp_path / name, account_for(server, jid), password)
            folder = tmp_path / f"{name}-downloads"
            folder.mkdir()
            sides.append(Side(app, app.sessions[jid], Recorder(
                app, DirectFileOffered, DirectFileProgress, DirectFileEnded), folder))
        yield sides[0], sides[1]
    finally:
        for side in sides:
            await side.app.close()


def random_file(path: Path, size: int) -> Path:
    path.write_bytes(bytes((i * 7919 + i // 251) % 256 for i in range(size)))
    return path
