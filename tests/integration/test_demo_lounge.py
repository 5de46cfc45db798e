"""The demo's busy room: the demo user (a real Heron session) is in it with three bots who
talk, leave and come back."""

from __future__ import annotations

from pathlib import Path

import pytest

from heron.application import Heron
from heron.core.events import MessagesAdded, OccupantsChanged
from heron.core.paths import ProfilePaths
from heron.core.settings import AccountConfig
from heron.demo.lounge import BOTS, ROOM_TITLE, SUBJECT, join_when_connected
from heron.demo.world import DemoWorld
from tests.helpers import until
from tests.integration.parties import DEMO_ONLY_ON_PROSODY, Recorder

pytestmark = [pytest.mark.asyncio, pytest.mark.integration, DEMO_ONLY_ON_PROSODY]


async def test_the_demo_user_is_in_a_busy_room(tmp_path: Path) -> None:
    world = DemoWorld(tmp_path / "server")
    account = await world.start()
    app = Heron(ProfilePaths(tmp_path / "profile"))
    await app.open()
    try:
        assert world.lounge is not None and account.room == world.lounge.room
        world.lounge.talk_every = (0.2, 0.4)  # busier than the demo itself
        world.lounge.come_and_go_every = 1.0
        app.save_account(AccountConfig(jid=account.jid, host=account.host, port=account.port,
                                       ca_file=account.ca_file, resource="demo"), None)
        app.passwords.remember_for_session(account.jid, account.password)
        rec = Recorder(app, MessagesAdded, OccupantsChanged)
        app.start_account(account.jid)
        await join_when_connected(app, account.jid, account.room, "me")
        muc = app.sessions[account.jid].muc
        assert account.room in muc.joined()
        assert muc.rooms[account.room].subject == SUBJECT
        assert muc.rooms[account.room].name == ROOM_TITLE  # the list shows a name, not an address
        bots = {nick for _user, nick in BOTS}
        await until(lambda: bots <= {o.nick for o in muc.occupants(account.room)}, 10)
        # They talk...
        await until(lambda: any(m.sender_resource in bots for e in rec.of(MessagesAdded)
                                if e.peer == account.room for m in e.messages), 15)
        # ... and one of them leaves and comes back.
        await until(lambda: any(e.gone for e in rec.of(OccupantsChanged)), 15)
        await until(lambda: bots <= {o.nick for o in muc.occupants(account.room)}, 15)
    finally:
        await app.close()
        await world.stop()
