"""``heron --demo``: a private Prosody, a demo user with contacts in groups, and Echo the bot."""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import slixmpp

from heron.demo.bot import DemoBot, connect_and_wait, run_bot
from heron.demo.prosody import LocalProsody

log = logging.getLogger(__name__)

# (user, display name, group, presence show, status); show None = stays offline
CONTACTS: list[tuple[str, str, str, str | None, str]] = [
    ("ada", "Ada Lovelace", "Friends", "available", "Designing the analytical engine"),
    ("grace", "Grace Hopper", "Work", "away", "Debugging"),
    ("linus", "Linus", "Work", None, ""),
    ("margaret", "Margaret Hamilton", "Friends", "dnd", "Landing on the moon"),
]
BOT = ("echo", "Echo", "Bots")
HISTORY = [
    ("ada", "Did you see the new XMPP client? It's called Heron."),
    ("me", "Yes! It starts before I can blink."),
    ("ada", "And it checks certificates properly. Try writing to Echo, the bot."),
]


@dataclass(frozen=True)
class DemoAccount:
    jid: str
    password: str
    host: str
    port: int
    ca_file: str


class _Client(slixmpp.ClientXMPP):
    def __init__(self, jid: str, password: str, ca_file: str) -> None:
        super().__init__(jid, password)
        self.register_plugin("xep_0030")
        self.ca_certs = ca_file  # type: ignore[assignment]
        self.enable_direct_tls = False
        self.roster.auto_authorize = True
        self.roster.auto_subscribe = True


async def _login(jid: str, password: str, server: LocalProsody) -> _Client:
    client = _Client(jid, password, str(server.ca_file))
    await connect_and_wait(client, "127.0.0.1", server.c2s_port)
    await client.get_roster()
    # Subscription requests reach only resources that sent their initial presence.
    client.send_presence()
    return client


class DemoWorld:
    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self.server = LocalProsody(run_dir)
        self.bot: DemoBot | None = None
        self.online: list[_Client] = []

    async def start(self) -> DemoAccount:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self.server.start)
        passwords = {name: secrets.token_urlsafe(12)
                     for name in ["me", BOT[0], *(c[0] for c in CONTACTS)]}
        await loop.run_in_executor(None, self._register_all, passwords)
        domain = self.server.domain
        me_jid = f"me@{domain}"
        contacts = await asyncio.gather(*(
            _login(f"{user}@{domain}/demo", passwords[user], self.server) for user, *_ in CONTACTS))
        me = await _login(f"{me_jid}/setup", passwords["me"], self.server)
        # Roster with names and groups; the contacts accept and subscribe back (mutual).
        everyone = [(c[0], c[1], c[2]) for c in CONTACTS] + [BOT]
        self.bot = await run_bot(f"{BOT[0]}@{domain}", passwords[BOT[0]], "127.0.0.1",
                                 self.server.c2s_port, str(self.server.ca_file))
        for user, name, group in everyone:
            pending = me.update_roster(slixmpp.JID(f"{user}@{domain}"), name=name,
                                       groups=[group])
            if pending is not None:
                await pending
            me.send_presence(pto=f"{user}@{domain}", ptype="subscribe")
        await self._until_mutual(me, [f"{u}@{domain}" for u, _n, _g in everyone])
        for client, (_user, _name, _group, show, status) in zip(contacts, CONTACTS, strict=True):
            if show is None:
                await client.disconnect(wait=0.2)
                continue
            client.send_presence(pshow=None if show == "available" else show, pstatus=status)
            self.online.append(client)
        ada = next(c for c, spec in zip(contacts, CONTACTS, strict=True) if spec[0] == "ada")
        for who, text in HISTORY:
            sender = me if who == "me" else ada
            to = f"ada@{domain}" if who == "me" else me_jid
            sender.send_message(mto=slixmpp.JID(to), mbody=text, mtype="chat")
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)
        await me.disconnect(wait=0.5)
        return DemoAccount(me_jid, passwords["me"], "127.0.0.1", self.server.c2s_port,
                           str(self.server.ca_file))

    def _register_all(self, passwords: dict[str, str]) -> None:
        for user, password in passwords.items():
            self.server.register(user, password)

    @staticmethod
    async def _until_mutual(me: _Client, jids: list[str], timeout: float = 10) -> None:
        async with asyncio.timeout(timeout):
            while True:
                roster: Any = me.client_roster
                if all(roster[j]["subscription"] == "both" for j in jids):
                    return
                await asyncio.sleep(0.05)

    async def stop(self) -> None:
        for client in self.online:
            await client.disconnect(wait=0.2)
        if self.bot is not None:
            await self.bot.disconnect(wait=0.2)
        self.server.stop()
