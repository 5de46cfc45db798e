"""The demo's busy room: ``lounge@conference.<domain>`` with three bots who chat now and then,
leave and come back (XEP-0045). The demo user joins it once Heron is connected."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import random
from typing import Any

import slixmpp
from slixmpp.xmlstream import ET

from heron.demo.bot import connect_and_wait, tls_context

log = logging.getLogger(__name__)

ROOM_NAME = "lounge"  # the room's address is lounge@conference.<domain>
ROOM_TITLE = "The Lounge"  # its name in room lists
SUBJECT = "Welcome to the lounge: Heron's demo room. Say hi!"
#: (user, nick) of the bots; the first one owns the room
BOTS: tuple[tuple[str, str], ...] = (("hedy", "Hedy"), ("alan", "Alan"), ("barbara", "Barbara"))
LINES: tuple[str, ...] = (
    "Has anyone tried the new release yet?",
    "Coffee break, back in five.",
    "The build is green again.",
    "I still think tabs are better than spaces.",
    "Who broke the staging server? 🙂",
    "Reading XEP-0045 again, it is longer than I remembered.",
    "Lunch at noon?",
    "Nice, the room history loads instantly now.",
    "Does anyone have the link to the design notes?",
    "Weekend plans, anyone?",
)
TALK_EVERY = (6.0, 14.0)  # seconds between two lines in the room
COME_AND_GO_EVERY = 40.0  # seconds: one bot leaves and comes back
MUC_OWNER = "http://jabber.org/protocol/muc#owner"


def room_address(domain: str) -> str:
    return f"{ROOM_NAME}@conference.{domain}"


class _Occupant(slixmpp.ClientXMPP):
    def __init__(self, jid: str, password: str, ca_file: str, nick: str) -> None:
        super().__init__(jid, password, sasl_mech="PLAIN", ssl_context=tls_context(ca_file))
        self.nick = nick
        for plugin in ("xep_0030", "xep_0045", "xep_0359"):
            self.register_plugin(plugin)


class Lounge:
    def __init__(self, domain: str, host: str, port: int, ca_file: str) -> None:
        self.room = room_address(domain)
        self.domain, self.host, self.port, self.ca_file = domain, host, port, ca_file
        self.bots: list[_Occupant] = []
        self._life: asyncio.Task[None] | None = None
        self.talk_every = TALK_EVERY  # tests make the room busier
        self.come_and_go_every = COME_AND_GO_EVERY

    async def open(self, passwords: dict[str, str]) -> None:
        """Log the bots in, create the room (its archive on), set the subject, all enter."""
        self.bots = [_Occupant(f"{user}@{self.domain}/lounge", passwords[user], self.ca_file,
                               nick) for user, nick in BOTS]
        await asyncio.gather(*(connect_and_wait(b, self.host, self.port) for b in self.bots))
        for bot in self.bots:
            bot.send_presence()
        owner = self.bots[0]
        await self._enter(owner)
        iq = owner.make_iq_set(ito=self.room)
        query = ET.SubElement(iq.xml, f"{{{MUC_OWNER}}}query")
        form = ET.SubElement(query, "{jabber:x:data}x", {"type": "submit"})
        for var, value in (("FORM_TYPE", "http://jabber.org/protocol/muc#roomconfig"),
                           ("muc#roomconfig_roomname", ROOM_TITLE)):  # the rest: defaults
            field = ET.SubElement(form, "{jabber:x:data}field", {"var": var})
            ET.SubElement(field, "{jabber:x:data}value").text = value
        await iq.send(timeout=10)  # type: ignore[no-untyped-call]
        owner.plugin["xep_0045"].set_subject(self.room, SUBJECT)
        await asyncio.gather(*(self._enter(b) for b in self.bots[1:]))
        self._life = asyncio.get_running_loop().create_task(self._live())

    async def _enter(self, bot: _Occupant) -> None:
        await bot.plugin["xep_0045"].join_muc_wait(slixmpp.JID(self.room), bot.nick,
                                                   maxstanzas=0, timeout=10)

    async def _live(self) -> None:
        """Talk now and then; every so often one bot steps out and back in."""
        lines = itertools.cycle(random.sample(LINES, len(LINES)))
        since_move = 0.0
        try:
            while True:
                pause = random.uniform(*self.talk_every)  # noqa: S311
                await asyncio.sleep(pause)
                since_move += pause
                speaker = random.choice(self.bots)  # noqa: S311
                if speaker.plugin["xep_0045"].get_our_jid_in_room(slixmpp.JID(self.room)):
                    speaker.send_message(mto=slixmpp.JID(self.room), mbody=next(lines),
                                         mtype="groupchat")
                if since_move > self.come_and_go_every:
                    since_move = 0.0
                    walker = self.bots[-1]
                    walker.plugin["xep_0045"].leave_muc(slixmpp.JID(self.room), walker.nick)
                    await asyncio.sleep(min(self.talk_every))
                    await self._enter(walker)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("the demo lounge stopped")

    def clients(self) -> list[slixmpp.ClientXMPP]:
        return list(self.bots)

    async def close(self) -> None:
        if self._life is not None:
            self._life.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._life


async def join_when_connected(app: Any, account: str, room: str, nick: str,
                              timeout: float = 30) -> None:
    """The demo user enters the lounge once the session is set up (after the window shows)."""
    async with asyncio.timeout(timeout):
        while account not in app.sessions or not app.sessions[account].set_up:
            await asyncio.sleep(0.1)
    session = app.sessions[account]
    await session.muc.join(room, await session.muc.default_nick(room) or nick)
