# RFC 6121 §2: Roster management (with pushes validated by policy.roster_push_ok)
"""The contact list: fetch, pushes, add/remove/rename/regroup."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import StanzaPath

from heron.core.errors import HeronError
from heron.core.events import RosterEntry, RosterEntryChanged, RosterEntryRemoved, RosterLoaded
from heron.core.tasks import spawn
from heron.storage.errors import STORAGE_ERRORS, report_storage_failure
from heron.xmpp import policy
from heron.xmpp.slixcalls import remove_roster_item

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)
ROSTER_NS = "jabber:iq:roster"


def entry_from_item(jid: str, item: dict[str, Any]) -> RosterEntry:
    return RosterEntry(
        jid=jid,
        name=str(item.get("name") or ""),
        groups=tuple(sorted(g for g in item.get("groups", ()) if g)),
        subscription=str(item.get("subscription") or "none"),
        ask=item.get("ask") == "subscribe",
    )


def online_resources_of(client: Any, jid: str) -> list[str]:
    """The resources of ``jid`` whose presence slixmpp holds, read without making an entry."""
    roster = client.client_roster
    bare = jid.split("/", 1)[0].lower()
    return list(roster[bare].resources) if roster.has_jid(bare) else []


class RosterService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        client = session.client
        # None, not False: False makes slixmpp deny every request by itself.
        client.roster.auto_authorize = None  # type: ignore[assignment]  # the user answers
        client.roster.auto_subscribe = False
        # Replace slixmpp's roster push handler: it accepts pushes from our other resources.
        client.remove_handler("Roster Update")
        client.register_handler(
            Callback("Heron Roster Push", StanzaPath("iq@type=set/roster"), self._on_push)
        )
        # The server's roster as it last said, by bare JID. Who is a contact is asked here,
        # never of slixmpp's roster: that one makes an entry for anyone who sends presence
        # or whom it is asked about, which turned strangers into "contacts".
        self._contacts: dict[str, RosterEntry] = {}

    def contact(self, jid: str) -> RosterEntry | None:
        """The roster entry the server gave for ``jid`` (bare), None for anyone else."""
        return self._contacts.get(jid.split("/", 1)[0].lower())

    def is_contact(self, jid: str) -> bool:
        return self.contact(jid) is not None

    def online_resources(self, jid: str) -> list[str]:
        """The resources of a contact that are online now (none for anyone else)."""
        return online_resources_of(self.session.client, jid) if self.is_contact(jid) else []

    async def fetch(self) -> None:
        client = self.session.client
        # slixmpp's get_roster() in our own words: its bookkeeping adds an empty <query/> to
        # the answer before we see it, and an answer without one means something else.
        request: Any = client.Iq()
        request["type"] = "get"
        request.enable("roster")
        if "rosterver" in client.features:
            request["roster"]["ver"] = client.client_roster.version
        try:
            iq = await request.send(timeout=20)
        except (IqError, IqTimeout) as exc:
            log.warning("roster fetch failed: %s", exc)
            return
        unchanged = iq.xml.find(f"{{{ROSTER_NS}}}query") is None
        client.event("roster_update", iq)
        if unchanged:
            # Roster versioning (RFC 6121 §2.6.3): an empty result means "the roster you asked
            # with is current" (Prosody and ejabberd both answer so), not "no contacts".
            try:
                entries = await self.session.repos.roster.load(self.session.jid)
            except STORAGE_ERRORS as exc:
                report_storage_failure(self.session.bus, self.session.jid, exc)
                return
        else:
            entries = [entry_from_item(str(jid), dict(item.items()))
                       for jid, item in iq["roster"]["items"].items()]
            self._contacts = {entry.jid: entry for entry in entries}  # before any await
            try:
                await self.session.repos.roster.replace_all(self.session.jid, entries)
            except STORAGE_ERRORS as exc:  # shown, not cached; the catch-up after it still runs
                report_storage_failure(self.session.bus, self.session.jid, exc)
        self._contacts = {entry.jid: entry for entry in entries}
        self.session.bus.publish(RosterLoaded(self.session.jid, tuple(entries)))

    def _on_push(self, iq: Any) -> None:
        items = iq["roster"]["items"]
        verdict = policy.roster_push_ok(str(iq["from"]), str(self.session.client.boundjid),
                                        len(items))
        if not verdict:
            policy.log_rejected("roster-push", verdict.reason, sender=str(iq["from"]))
            error = iq.reply()
            error["type"] = "error"
            error["error"]["type"] = "cancel"
            error["error"]["condition"] = "service-unavailable"
            error.send()
            return
        # Let slixmpp's own bookkeeping see the push too, then store and announce it.
        self.session.client._handle_roster(iq)
        changes = [(str(jid), dict(item.items())) for jid, item in items.items()]
        for bare, data in changes:
            if data.get("subscription") == "remove":
                self._contacts.pop(bare, None)
            else:
                self._contacts[bare] = entry_from_item(bare, data)
        spawn(self._apply_push(changes), "roster push")

    async def _apply_push(self, changes: list[tuple[str, dict[str, Any]]]) -> None:
        """Stored first, then announced: the UI never shows what the cache lacks."""
        account = self.session.jid
        for bare, data in changes:
            if data.get("subscription") == "remove":
                await self.session.repos.roster.remove(account, bare)
                self.session.bus.publish(RosterEntryRemoved(account, bare))
            else:
                entry = entry_from_item(bare, data)
                await self.session.repos.roster.upsert(account, entry)
                self.session.bus.publish(RosterEntryChanged(account, entry))

    async def set_item(self, jid: str, name: str = "", groups: tuple[str, ...] = ()) -> None:
        """Add, rename or regroup: the change shows when the server's push comes back."""
        try:
            pending = self.session.client.update_roster(JID(jid), name=name,
                                                        groups=list(groups), timeout=20)
            if pending is not None:
                await pending
        except (IqError, IqTimeout) as exc:
            raise HeronError(f"The server refused the contact change: {exc}") from exc

    async def add(self, jid: str, name: str = "", groups: tuple[str, ...] = ()) -> None:
        await self.set_item(jid, name, groups)
        self.session.client.send_presence(pto=jid, ptype="subscribe")

    async def remove(self, jid: str) -> None:
        try:
            await remove_roster_item(self.session.client, jid)
        except (IqError, IqTimeout) as exc:
            raise HeronError(f"The server refused to remove the contact: {exc}") from exc

    def approve(self, jid: str) -> None:
        self.session.client.send_presence(pto=jid, ptype="subscribed")
        # Ask back, as Conversations and Dino do, so presence flows both ways.
        self.session.client.send_presence(pto=jid, ptype="subscribe")

    def deny(self, jid: str) -> None:
        self.session.client.send_presence(pto=jid, ptype="unsubscribed")

