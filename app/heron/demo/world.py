"""``heron --demo``: a private Prosody, a demo user with contacts in groups, and Echo the bot.

:meth:`DemoWorld.start` leaves this behind for the demo user ``me``:

* a roster of four people in the groups "Friends" and "Work" and Echo in "Bots", every one with
  subscription "both";
* Ada online ("Designing the analytical engine"), Grace away ("Debugging"), Linus and Margaret
  offline, Echo online ("I answer everything") and answering (see :mod:`heron.demo.bot`);
* a short conversation with Ada in the archive (MAM), so history shows up on first login.

Each start wipes the server's data (accounts, rosters, archives) so the world is the same every
time. The history messages have fixed ids, so a client that deduplicates by origin-id
(XEP-0359) does not show them twice after a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import slixmpp

from heron.core.tasks import spawn
from heron.demo.bot import NAME as BOT_NAME
from heron.demo.bot import STATUS as BOT_STATUS
from heron.demo.bot import DemoBot, connect_and_wait, run_bot, tls_context
from heron.demo.call_bot import launch_turn, turn_ready
from heron.demo.coturn import LocalCoturn
from heron.demo.lounge import BOTS as LOUNGE_BOTS
from heron.demo.lounge import Lounge
from heron.demo.prosody import LocalProsody
from heron.xmpp.services.avatars import publish_picture

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
ME = "me"


@dataclass(frozen=True)
class Contact:
    user: str
    name: str
    group: str
    show: str | None  # "available", "away", "dnd", ...; None: offline once the world is up
    status: str = ""


CONTACTS: tuple[Contact, ...] = (
    Contact("ada", "Ada Lovelace", "Friends", "available", "Designing the analytical engine"),
    Contact("grace", "Grace Hopper", "Work", "away", "Debugging"),
    Contact("linus", "Linus", "Work", None),
    Contact("margaret", "Margaret Hamilton", "Friends", None),
)
BOT = Contact("echo", BOT_NAME, "Bots", "available", BOT_STATUS)
HISTORY_PEER = "ada"
#: Someone not in the contact list who wrote while the user was away: a request to decide on.
STRANGER, STRANGER_MESSAGE = "sam", "Hi! We met at the XMPP summit. Shall we keep in touch?"
AVATARS = Path(__file__).parent / "avatars"  # drawn for the demo, one per contact
#: (sender, body); sent before Heron logs in, alternately by the peer and by the demo user.
HISTORY: tuple[tuple[str, str], ...] = (
    ("ada", "Did you see the new XMPP client? It's called Heron."),
    (ME, "Yes! It starts before I can blink."),
    ("ada", "And it checks certificates properly. Try writing to Echo, the bot."),
)


@dataclass(frozen=True, kw_only=True)
class DemoAccount:
    """What a client needs to log in as the demo user."""

    jid: str
    password: str
    host: str = HOST
    port: int
    ca_file: str
    room: str = ""  # the busy room the demo user joins (demo/lounge.py)


class _Client(slixmpp.ClientXMPP):
    """A puppet for setting the world up: accepts and returns every subscription."""

    def __init__(self, jid: str, password: str, ca_file: str) -> None:
        # Own TLS context (demo CA only) and PLAIN over TLS: both save ~0.15 s CPU per login.
        super().__init__(jid, password, sasl_mech="PLAIN", ssl_context=tls_context(ca_file))
        self.register_plugin("xep_0359")
        self.roster.auto_authorize = True
        self.roster.auto_subscribe = True


class DemoWorld:
    def __init__(self, run_dir: Path) -> None:
        self.run_dir = Path(run_dir)
        self.server = LocalProsody(self.run_dir)
        self.bot: DemoBot | None = None
        #: Contacts that stay online (Ada, Grace), by user name.
        self.online: dict[str, slixmpp.ClientXMPP] = {}
        self._clients: list[slixmpp.ClientXMPP] = []  # everything connected, for stop()
        self.lounge: Lounge | None = None  # the busy room and its bots
        self.turn: LocalCoturn | None = None  # for calls with Echo (demo/call_bot.py)

    async def start(self) -> DemoAccount:
        try:
            return await self._start()
        except BaseException:
            await self.stop()  # never leave a server running behind a failed start
            raise

    async def _start(self) -> DemoAccount:
        shutil.rmtree(self.run_dir / "data", ignore_errors=True)  # the same world every time
        await asyncio.to_thread(self.server.prepare)
        # Launched on the loop's own thread: the server dies with the thread that started it
        # (so with Heron, even on SIGKILL), and a pool thread may end before Heron does.
        self.server.launch()
        self.turn = launch_turn(self.run_dir, self.server.turn_port, self.server.turn_secret)
        spawn(turn_ready(self.turn), "the demo's TURN server")  # needed at the first call only
        await asyncio.to_thread(self.server.wait_ready)
        domain = self.server.domain
        ca_file = str(self.server.ca_file)
        passwords = {user: secrets.token_urlsafe(16)
                     for user in (ME, BOT.user, STRANGER, *(c.user for c in CONTACTS),
                                  *(user for user, _nick in LOUNGE_BOTS))}
        await asyncio.gather(*(asyncio.to_thread(self.server.register, user, password)
                               for user, password in passwords.items()))

        me_jid = f"{ME}@{domain}"
        me, bot, *contacts = await asyncio.gather(
            self._login(f"{me_jid}/setup", passwords[ME], None, ""),
            run_bot(f"{BOT.user}@{domain}", passwords[BOT.user], HOST, self.server.c2s_port,
                    ca_file),
            *(self._login(f"{c.user}@{domain}/demo", passwords[c.user], c.show, c.status)
              for c in CONTACTS))
        if not isinstance(bot, DemoBot):
            raise TypeError(f"demo bot login returned {type(bot).__name__}")
        self.bot = bot
        self._clients.append(bot)

        everyone = (*CONTACTS, BOT)
        updates = [me.update_roster(slixmpp.JID(f"{c.user}@{domain}"), name=c.name,
                                    groups=[c.group]) for c in everyone]
        await asyncio.gather(*(u for u in updates if u is not None))
        for c in everyone:
            me.send_presence(pto=f"{c.user}@{domain}", ptype="subscribe")
        await _until_mutual(me, [f"{c.user}@{domain}" for c in everyone])

        # Everyone's picture (XEP-0084), kept by the server for Heron to fetch.
        await asyncio.gather(*(_publish_avatar(client, spec.user) for spec, client in
                               zip((*CONTACTS, BOT), (*contacts, bot), strict=True)))
        for spec, client in zip(CONTACTS, contacts, strict=True):
            if spec.show is not None:
                self.online[spec.user] = client
        await asyncio.gather(self._seed_history(me, self.online[HISTORY_PEER]),
                             self._send_picture(me, bot, f"upload.{domain}", ca_file))
        stranger = await self._login(f"{STRANGER}@{domain}/demo", passwords[STRANGER], None, "")
        await self._deliver(stranger, me, STRANGER_MESSAGE, "heron-demo-request")
        leaving = [me, stranger,
                   *(c for s, c in zip(CONTACTS, contacts, strict=True) if s.show is None)]
        await self._disconnect(leaving)
        self.lounge = Lounge(domain, HOST, self.server.c2s_port, ca_file)
        await self.lounge.open(passwords)
        self._clients.extend(self.lounge.clients())
        return DemoAccount(jid=me_jid, password=passwords[ME], port=self.server.c2s_port,
                           ca_file=ca_file, room=self.lounge.room)

    async def _login(self, jid: str, password: str, show: str | None,
                     status: str) -> slixmpp.ClientXMPP:
        client = _Client(jid, password, str(self.server.ca_file))
        self._clients.append(client)
        await connect_and_wait(client, HOST, self.server.c2s_port)
        await client.get_roster()
        # Initial presence: subscription requests reach only available resources.
        client.send_presence(pshow=None if show in (None, "available") else show,
                             pstatus=status or None)
        return client

    async def _seed_history(self, me: slixmpp.ClientXMPP, peer: slixmpp.ClientXMPP) -> None:
        """HISTORY, in order, each message delivered (and archived) before the next."""
        for number, (who, body) in enumerate(HISTORY, 1):
            sender, to = (me, peer) if who == ME else (peer, me)
            await self._deliver(sender, to, body, f"heron-demo-history-{number}")

    @staticmethod
    async def _send_picture(me: slixmpp.ClientXMPP, bot: DemoBot, service: str, ca_file: str,
                            timeout: float = 10) -> None:
        """Echo sends a picture (HTTP upload), so a new user sees one inline; it waits
        until it arrived (and so is in the user's archive for Heron's first catch-up)."""
        got: dict[str, asyncio.Event] = {}

        def on_message(msg: Any) -> None:
            got.setdefault(str(msg["id"]), asyncio.Event()).set()

        me.add_event_handler("message", on_message)
        try:
            sent = await bot.send_picture(me.boundjid.bare, service, ca_file)
            await asyncio.wait_for(got.setdefault(sent, asyncio.Event()).wait(), timeout)
        finally:
            me.del_event_handler("message", on_message)

    @staticmethod
    async def _deliver(sender: slixmpp.ClientXMPP, to: slixmpp.ClientXMPP, body: str,
                       message_id: str, timeout: float = 5) -> None:
        """``body`` from ``sender``, once ``to`` has it (so the server archived it too)."""
        arrived = asyncio.Event()

        def on_message(msg: Any) -> None:
            if msg["id"] == message_id:
                arrived.set()

        to.add_event_handler("message", on_message)
        try:
            msg = sender.make_message(mto=to.boundjid.bare, mbody=body, mtype="chat")
            msg["id"] = msg["origin_id"]["id"] = message_id
            msg.send()
            await asyncio.wait_for(arrived.wait(), timeout)
        finally:
            to.del_event_handler("message", on_message)

    async def _disconnect(self, clients: Iterable[slixmpp.ClientXMPP]) -> None:
        clients = [c for c in clients if c in self._clients]
        for client in clients:
            self._clients.remove(client)

        async def one(client: slixmpp.ClientXMPP) -> None:
            try:
                await asyncio.wait_for(client.disconnect(wait=0.2), 2)
            except (TimeoutError, OSError):
                client.abort()
            # slixmpp cancels its send loop only when the client is garbage-collected, and a
            # task collected while still pending is logged as an error: end it here.
            sender = client._run_out_filters
            if sender is not None and not sender.done():
                sender.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sender

        await asyncio.gather(*(one(c) for c in clients))

    async def stop(self) -> None:
        """Disconnect every client of the world and stop Prosody; safe to call twice."""
        try:
            if self.bot is not None:
                self.bot.cancel_answers()
                await self.bot.calls.close()
            if self.lounge is not None:
                await self.lounge.close()
            with contextlib.suppress(Exception):
                await self._disconnect(list(self._clients))
        finally:
            self.bot = None
            self.online.clear()
            await asyncio.to_thread(self.server.stop)
            if self.turn is not None:
                await asyncio.to_thread(self.turn.stop)


async def _publish_avatar(client: slixmpp.ClientXMPP, user: str) -> None:
    data = (AVATARS / f"{user}.png").read_bytes()
    for plugin in ("xep_0060", "xep_0163", "xep_0084"):
        client.register_plugin(plugin)
    await publish_picture(client, data)


async def _until_mutual(me: slixmpp.ClientXMPP, jids: list[str], timeout: float = 10) -> None:
    async with asyncio.timeout(timeout):
        while True:
            roster: Any = me.client_roster
            if all(roster.has_jid(j) and roster[j]["subscription"] == "both" for j in jids):
                return
            await asyncio.sleep(0.02)
