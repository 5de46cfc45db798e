"""The composition root: settings, database, accounts and their sessions. No module globals.

Qt-free on purpose: the window is built on top of this by ``heron.ui.main_window``, and the
integration tests drive the same object without a display.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from heron.calls.api import MediaConfig, MediaSession
from heron.core.bus import EventBus, Phase
from heron.core.call_log import CallRecord
from heron.core.chats import ChatSummary
from heron.core.connection_log import log_connection_changes
from heron.core.errors import ErrorKind, HeronError, NoSecureKeyringError, describe_direct_file
from heron.core.events import (
    AccountRemoved,
    ConnectionChanged,
    ConnectionState,
    ErrorReported,
    RosterEntry,
    ServerFeaturesKnown,
    StoredMessage,
)
from heron.core.file_events import FileTransfer
from heron.core.paths import ProfilePaths
from heron.core.secrets import PasswordStore
from heron.core.settings import AccountConfig, Settings, SettingsStore
from heron.core.tasks import spawn
from heron.storage.db import Database
from heron.storage.repos.accounts import AccountDataRepo
from heron.storage.repos.avatars import AvatarRepo
from heron.storage.repos.calls import CallRepo
from heron.storage.repos.chats import ChatRepo
from heron.storage.repos.conversations import ConversationRepo
from heron.storage.repos.direct_files import DirectFileRepo
from heron.storage.repos.drafts import DraftRepo
from heron.storage.repos.files import FileRepo
from heron.storage.repos.history import History
from heron.storage.repos.mam import MamRangeRepo
from heron.storage.repos.messages import MessageRepo
from heron.storage.repos.outbox import OutboxRepo
from heron.storage.repos.read_state import ReadStateRepo
from heron.storage.repos.rooms import RoomRepo
from heron.storage.repos.roster import RosterRepo
from heron.xmpp.pipeline import InboundPipeline

if TYPE_CHECKING:
    from heron.xmpp.login_check import LoginCheck
    from heron.xmpp.session import AccountSession
from heron.storage.repos import Repos, room_counts

log = logging.getLogger(__name__)


class Heron:
    def __init__(self, paths: ProfilePaths, passwords: PasswordStore | None = None) -> None:
        paths.ensure()
        self.paths = paths
        self.bus = EventBus()
        log_connection_changes(self.bus)
        self.settings_store = SettingsStore(paths.settings)
        self.settings: Settings = self.settings_store.load()
        self.db = Database(paths.database)
        self.repos = Repos(
            messages=MessageRepo(self.db),
            roster=RosterRepo(self.db),
            outbox=OutboxRepo(self.db),
            mam=MamRangeRepo(self.db),
            files=FileRepo(self.db),
            avatars=AvatarRepo(self.db, paths.root / "avatars"),
            read_state=ReadStateRepo(self.db),
            rooms=RoomRepo(self.db),
        )
        self.account_data = AccountDataRepo(self.db)
        #: search, the window around a message, deleting a conversation (ui/search_*, ui/history_*)
        self.history = History(self.db)
        self.drafts = DraftRepo(self.db)
        self.conversations = ConversationRepo(self.db)
        self.chats = ChatRepo(self.db)  # the conversations list (ui/chat_list.py)
        self.passwords = passwords or PasswordStore(paths.root)
        self.sessions: dict[str, AccountSession] = {}
        self._pipeline: InboundPipeline | None = None
        self.bus.subscribe(ConnectionChanged, self._remember_mechanism, Phase.CORE)
        #: What each account's server offers, as last found by discovery (views read it).
        self.server_features: dict[str, ServerFeaturesKnown] = {}
        self.bus.subscribe(ServerFeaturesKnown, self._remember_features, Phase.CORE)
        self.bus.subscribe(AccountRemoved, self._forget_features, Phase.CORE)
        #: Calls use a tone and a moving pattern instead of microphone and camera (the demo,
        #: tests, machines without devices).
        self.synthetic_media = False

    async def open(self) -> None:
        await self.db.open()
        self._pipeline = InboundPipeline(self.repos.messages, self.bus)
        await DirectFileRepo(self.db).mark_interrupted(describe_direct_file(
            ErrorKind.DIRECT_FILE_INTERRUPTED, ""))  # files sent directly, cut short last run

    @property
    def pipeline(self) -> InboundPipeline:
        if self._pipeline is None:
            raise RuntimeError("Heron.open() first")
        return self._pipeline

    # --- accounts ------------------------------------------------------------------------------

    @property
    def accounts(self) -> list[AccountConfig]:
        return list(self.settings.accounts)

    def save_account(self, account: AccountConfig, password: str | None) -> str:
        """Store an account (and its password in the keyring, or in its password file if the
        account chose that and no keyring exists). Returns a warning or ''."""
        self.settings.put_account(account)
        self.settings_store.save(self.settings)
        if password is None:
            self.passwords.apply_file_choice(account.jid, account.password_in_file)
            return ""
        try:
            self.passwords.set(account.jid, password, file_fallback=account.password_in_file)
        except NoSecureKeyringError as exc:
            return str(exc)
        return ""

    def needs_password(self, jid: str) -> bool:
        return self.passwords.get(jid) is None

    def start_account(self, jid: str) -> AccountSession:
        """Create (or re-create) the account's session and connect it."""
        account = self.settings.account(jid)
        if account is None:
            raise HeronError(f"No account {jid}")
        password = self.passwords.get(jid)
        if password is None:
            raise HeronError(f"No password for {jid}: enter it to connect.")
        # slixmpp is imported here, after the window is up: it is the heaviest import.
        from heron.xmpp.session import AccountSession

        old = self.sessions.pop(jid, None)
        if old is not None:
            spawn(old.disconnect())
        session = AccountSession(account, password, self.bus, self.repos, self.pipeline)
        # The presence the user chose last time is the one the session announces first.
        session.presence.show = self.settings.presence_show
        session.presence.status = self.settings.presence_status
        session.jmi.allow_strangers = lambda: self.settings.calls_from_strangers
        session.jingle.enable(self._call_media)
        self.sessions[jid] = session
        session.connect()
        return session

    def _call_media(self, config: MediaConfig) -> MediaSession:
        """A call's media with the devices chosen now (aiortc loads here, at the first call)."""
        from heron.calls.media import create_media

        return create_media(replace(
            config, synthetic=self.synthetic_media, microphone=self.settings.call_microphone,
            speaker=self.settings.call_speaker, camera=self.settings.call_camera))

    def start_enabled_accounts(self) -> None:
        for account in self.settings.accounts:
            if not account.enabled:
                continue
            try:
                self.start_account(account.jid)
            except HeronError as exc:
                self.bus.publish(ConnectionChanged(account.jid, ConnectionState.OFFLINE, str(exc)))

    async def set_enabled(self, jid: str, enabled: bool) -> None:
        self.settings.update_account(jid, enabled=enabled)
        self.settings_store.save(self.settings)
        if enabled:
            self.start_account(jid)
        else:
            session = self.sessions.pop(jid, None)
            if session:
                await session.disconnect()
            self.bus.publish(ConnectionChanged(jid, ConnectionState.DISABLED))

    async def trust_certificate(self, jid: str, fingerprint: str) -> None:
        """The user accepted exactly this certificate: pin it and reconnect."""
        account = self.settings.update_account(jid, pinned_certs=(fingerprint,))
        self.settings_store.save(self.settings)
        log.info("pinned certificate %s for %s", fingerprint, account.jid)
        self.start_account(jid)

    async def check_login(self, account: AccountConfig, password: str) -> LoginCheck:
        """Sign in once with these settings, saving nothing (the account dialog's check)."""
        from heron.xmpp.login_check import check_login

        return await check_login(account, password)

    def retry_now(self, jid: str) -> None:
        """The user's "Try again": connect at once, also after a failure that stopped it."""
        session = self.sessions.get(jid)
        if session is not None:
            session.connection.retry_now()
        else:
            self.start_account(jid)

    async def remove_account(self, jid: str, delete_history: bool = False) -> None:
        """Forget the account: its session, settings, keyring entry and, when asked, its
        local history (messages, roster cache, archive bookmarks, outbox)."""
        session = self.sessions.pop(jid, None)
        if session:
            await session.disconnect()
        self.settings.remove_account(jid)
        self.settings_store.save(self.settings)
        self.passwords.delete(jid)
        if delete_history:
            removed = await self.account_data.delete(jid)
            log.info("deleted the local history of %s (%d messages)", jid, removed)
        self.bus.publish(AccountRemoved(jid))

    def _remember_features(self, event: ServerFeaturesKnown) -> None:
        self.server_features[event.account] = event

    def _forget_features(self, event: AccountRemoved) -> None:
        self.server_features.pop(event.account, None)

    def _remember_mechanism(self, event: ConnectionChanged) -> None:
        """Once SCRAM-SHA-256 has worked, a server offering only weaker ones is refused."""
        if event.state is not ConnectionState.CONNECTED:
            return
        session = self.sessions.get(event.account)
        used = getattr(session.connection, "used_mechanism", "") if session else ""
        account = self.settings.account(event.account)
        if not used or account is None or account.strongest_mechanism == used:
            return
        from heron.xmpp.client import MECHANISM_STRENGTH

        current = account.strongest_mechanism
        if current in MECHANISM_STRENGTH and used in MECHANISM_STRENGTH and (
            MECHANISM_STRENGTH.index(used) >= MECHANISM_STRENGTH.index(current)
        ):
            return
        self.settings.put_account(replace(account, strongest_mechanism=used))
        self.settings_store.save(self.settings)

    # --- local state the UI asks for: answered by the writer thread, never the GUI thread ---

    async def cached_roster(self, jid: str) -> list[RosterEntry]:
        return await self.repos.roster.load(jid)

    async def strangers(self, jid: str) -> set[str]:
        """Addresses that wrote to the account and are not in its roster (its "Requests")."""
        contacts = {entry.jid for entry in await self.repos.roster.load(jid)}
        return await self.conversations.peers_who_wrote(jid) - contacts - {jid}

    async def cached_avatars(self, jid: str) -> dict[str, str]:
        return await self.repos.avatars.known(jid)

    async def recent_chats(self, jid: str) -> list[ChatSummary]:
        return await self.chats.recent(jid)

    async def chat_summary(self, account: str, peer: str) -> ChatSummary | None:
        return await self.chats.one(account, peer)

    async def unread_counts(self, jid: str) -> dict[str, int]:
        return await self.repos.messages.unread_counts(jid)

    async def unread_mentions(self, jid: str) -> dict[str, int]:
        """Per room, unread messages that name our nick (storage/repos/room_counts.py)."""
        return await room_counts.unread_mentions(self.db, jid)

    async def history_page(self, account: str, peer: str, before: tuple[float, int] | None,
                           limit: int) -> list[StoredMessage]:
        return await self.repos.messages.page_before(account, peer, before, limit)

    async def conversation_files(self, account: str, peer: str) -> list[FileTransfer]:
        return await self.repos.files.of_conversation(account, peer)

    async def conversation_calls(self, account: str, peer: str) -> list[CallRecord]:
        """The call log of a chat (its rows in the timeline paint from these)."""
        return await CallRepo(self.repos.messages.db).of_conversation(account, peer)

    async def mark_read(self, account: str, peer: str) -> None:
        await self.repos.messages.mark_read(account, peer)

    async def displayed(self, account: str, peer: str, up_to: tuple[float, int]) -> int:
        """The user saw the conversation up to the message with key ``up_to`` in a focused
        window: see :func:`heron.xmpp.read_sync.displayed`. Returns the unread count left."""
        from heron.xmpp.read_sync import displayed

        return await displayed(self, account, peer, up_to)

    async def first_unread(self, account: str, peer: str) -> tuple[float, int] | None:
        return await self.repos.read_state.first_unread(account, peer)

    async def rows_since(self, account: str, peer: str, key: tuple[float, int]) -> int:
        return await self.repos.read_state.rows_since(account, peer, key)

    def set_own_presence(self, show: str, status: str) -> None:
        """The user's presence for every account, kept for the next start."""
        for session in self.sessions.values():
            session.presence.set_own(show, status)
        self.settings.presence_show, self.settings.presence_status = show, status
        self.settings_store.save(self.settings)

    def report(self, account: str, text: str) -> None:
        self.bus.publish(ErrorReported(account, text))

    async def close(self) -> None:
        """Every session ends with </stream> (in parallel), then the pipeline and the
        database writer drain; safe to call twice."""
        sessions = list(self.sessions.values())
        results = await asyncio.gather(*(s.disconnect() for s in sessions),
                                       return_exceptions=True)
        for session, outcome in zip(sessions, results, strict=True):
            if isinstance(outcome, BaseException):  # shutting down: log, go on with the rest
                log.error("disconnect of %s failed", session.jid, exc_info=outcome)
        self.sessions.clear()
        if self._pipeline is not None:
            await self._pipeline.drain()
        await self.db.close()
