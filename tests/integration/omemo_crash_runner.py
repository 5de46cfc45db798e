"""A Heron core that dies (SIGKILL) while it stores an encrypted message it just decrypted.

``python -m tests.integration.omemo_crash_runner PROFILE JID PASSWORD PORT CA KILL_AT [ROOM]``

Heron's account session starts on PROFILE as it always does; once OMEMO is ready the process
prints "ready" (and joins ROOM, when given, as "Alice"). Everything up to the kill is Heron's
real receive path: the stanza arrives, python-omemo decrypts it (stepping the ratchet), and
the KILL_AT-th encrypted message to be stored kills the process at the door of the database
(OmemoRepo.add_message), before its transaction runs: the crash between receiving and
storing, as a power cut would make it.

With ``OMEMO_CRASH_AT_CORRECTION`` set, the kill comes instead as a decrypted correction is
about to change the message it corrects.

With ``OMEMO_CRASH_REPLY_TO`` set to a JID, the user sends that contact a message (REPLY) just
as the store begins, and the kill comes a second later: encrypting it steps the same session.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from heron.core.settings import AccountConfig
from heron.core.tasks import spawn
from heron.storage.repos.messages import MessageRepo
from heron.storage.repos.omemo import OmemoRepo
from heron.storage.repos.room_edits import RoomEditRepo
from tests.helpers import until
from tests.integration.parties import start_heron

REPLY = "typed while the message was being stored"


def kill_at_store(number: int, reply: Callable[[], Awaitable[object]] | None) -> None:
    """SIGKILL this process when the ``number``-th encrypted message is about to be stored
    (a second after ``reply()`` began, when given)."""
    store = OmemoRepo.add_message
    seen = 0

    async def add_message(self: OmemoRepo, *args: Any, **kwargs: Any) -> Any:
        nonlocal seen
        seen += 1
        if seen >= number:
            if reply is not None:
                spawn(reply(), "the reply")
                await asyncio.sleep(1.0)
            os.kill(os.getpid(), signal.SIGKILL)
        return await store(self, *args, **kwargs)

    OmemoRepo.add_message = add_message  # type: ignore[method-assign]


def kill_at_correction() -> None:
    """SIGKILL this process as a decrypted correction is about to change its message."""
    async def apply_correction(self: MessageRepo, *args: Any, **kwargs: Any) -> Any:
        os.kill(os.getpid(), signal.SIGKILL)

    async def correct(self: RoomEditRepo, *args: Any, **kwargs: Any) -> Any:
        os.kill(os.getpid(), signal.SIGKILL)

    MessageRepo.apply_correction = apply_correction  # type: ignore[method-assign]
    RoomEditRepo.correct = correct  # type: ignore[method-assign]


async def main(profile: str, jid: str, password: str, port: str, ca: str, kill_at: str,
               room: str = "") -> None:
    reply_to = os.environ.get("OMEMO_CRASH_REPLY_TO", "")
    holder: list[Any] = []

    async def reply() -> None:
        await holder[0].sessions[jid].chat.send(reply_to, REPLY)

    if os.environ.get("OMEMO_CRASH_AT_CORRECTION"):
        kill_at_correction()
    else:
        kill_at_store(int(kill_at), reply if reply_to else None)
    account = AccountConfig(jid=jid, host="127.0.0.1", port=int(port), ca_file=ca,
                            resource="heron")
    app = await start_heron(Path(profile), account, password)
    holder.append(app)
    await until(app.sessions[jid].omemo.ready.is_set, 60)
    print("ready", flush=True)
    if room:
        await app.sessions[jid].muc.join(room, "Alice")
    await asyncio.sleep(300)  # the test kills it long before


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:8]))
