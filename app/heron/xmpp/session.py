"""One account's session: its connection and the services that plug into it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from heron.core.bus import EventBus
from heron.core.settings import AccountConfig
from heron.core.tasks import spawn
from heron.storage.repos import Repos
from heron.xmpp.client import HeronXMPP
from heron.xmpp.connection import AccountConnection
from heron.xmpp.pipeline import InboundPipeline
from heron.xmpp.services import room_retractions
from heron.xmpp.services.avatars import AvatarService
from heron.xmpp.services.blocking import BlockingService
from heron.xmpp.services.bookmarks import BookmarksService
from heron.xmpp.services.bounces import BounceService
from heron.xmpp.services.call_log import CallLogService
from heron.xmpp.services.carbons import CarbonsService
from heron.xmpp.services.chat import ChatService
from heron.xmpp.services.chatstates import ChatStateService
from heron.xmpp.services.csi import ClientStateService
from heron.xmpp.services.external_services import ExternalServices
from heron.xmpp.services.files import FileService
from heron.xmpp.services.first_unread import settle_first_unread
from heron.xmpp.services.jingle_files import JingleFileService
from heron.xmpp.services.jingle_rtp import JingleRtpService
from heron.xmpp.services.jmi import JmiService
from heron.xmpp.services.last_activity import LastActivityService
from heron.xmpp.services.mam import MamService
from heron.xmpp.services.markers import ChatMarkerService
from heron.xmpp.services.mds import DisplayedSyncService
from heron.xmpp.services.muc import MucService
from heron.xmpp.services.muc_admin import MucAdmin
from heron.xmpp.services.muc_invites import InvitationService
from heron.xmpp.services.muc_private import MucPrivateService
from heron.xmpp.services.muc_selfping import MucSelfPing
from heron.xmpp.services.omemo import OmemoService
from heron.xmpp.services.outbox import OutboxService
from heron.xmpp.services.presence import PresenceService
from heron.xmpp.services.profile import ProfileService
from heron.xmpp.services.reactions import ReactionService
from heron.xmpp.services.receipts import ReceiptService
from heron.xmpp.services.replies import ReplyService
from heron.xmpp.services.retraction import RetractionService
from heron.xmpp.services.room_avatars import RoomAvatars
from heron.xmpp.services.room_directory import RoomDirectory
from heron.xmpp.services.room_edits import RoomEditService
from heron.xmpp.services.room_moderation import RoomModerationService
from heron.xmpp.services.roster import RosterService
from heron.xmpp.services.server_features import ServerFeaturesService

log = logging.getLogger(__name__)


class AccountSession:
    """Builds the services for one account; ``connect()`` brings it online."""

    def __init__(self, account: AccountConfig, password: str, bus: EventBus, repos: Repos,
                 pipeline: InboundPipeline) -> None:
        self.account = account
        self.jid = account.jid
        self.bus = bus
        self.repos = repos
        self.pipeline = pipeline
        self.connection = AccountConnection(account, password, bus)
        # First: its session handler starts discovery before any service waits for it.
        self.server_features = ServerFeaturesService(self)
        self.roster = RosterService(self)
        self.presence = PresenceService(self)
        self.outbox = OutboxService(self)
        self.markers = ChatMarkerService(self)
        self.mds = DisplayedSyncService(self)
        self.muc_private = MucPrivateService(self)  # before chat: it takes rooms' PMs
        self.chat = ChatService(self)
        self.retraction = RetractionService(self)
        self.reactions = ReactionService(self)
        self.replies = ReplyService(self)
        self.carbons = CarbonsService(self)
        self.receipts = ReceiptService(self)
        self.bounces = BounceService(self)
        self.chatstates = ChatStateService(self)
        self.mam = MamService(self)
        self.csi = ClientStateService(self)
        self.files = FileService(self)
        self.avatars = AvatarService(self)
        self.blocking = BlockingService(self)
        self.last_activity = LastActivityService(self)
        self.profile = ProfileService(self)
        self.muc = MucService(self)  # group rooms (XEP-0045)
        self.muc_admin = MucAdmin(self)  # configure, destroy, affiliations, roles
        self.room_edits = RoomEditService(self)  # corrections and the like in rooms
        self.room_moderation = RoomModerationService(self)  # XEP-0425
        self.room_directory = RoomDirectory(self)
        self.muc_invites = InvitationService(self)  # XEP-0249 and mediated invitations
        self.bookmarks = BookmarksService(self)  # joins through getattr(self, "muc", None)
        self.muc_selfping = MucSelfPing(self)  # stay in rooms: self-ping, rejoin (XEP-0410)
        self.jingle = JingleRtpService(self)  # calls (XEP-0166/0167), off until enable()
        self.jmi = JmiService(self)  # ringing before a call (XEP-0353)
        self.jingle_files = JingleFileService(self)  # files sent directly; after self.jingle
        self.call_log = CallLogService(self)  # calls as rows in the chat
        self.external_services = ExternalServices(self)  # STUN/TURN for calls (XEP-0215)
        room_retractions.watch(self)  # our room deletions made offline go out on rejoin
        self.room_avatars = RoomAvatars(self)  # occupants' pictures (XEP-0153 via the room)
        self.omemo = OmemoService(self)  # OMEMO (XEP-0384): loads after login, off the paint path
        self._setup: asyncio.Future[Any] | None = None
        self.connection.on_session(self._on_session)

    @property
    def client(self) -> HeronXMPP:
        return self.connection.client

    @property
    def set_up(self) -> bool:
        """The latest session's set-up (roster, discovery, catch-up, outbox) has finished."""
        return self._setup is not None and self._setup.done()

    def connect(self) -> None:
        self.connection.connect()

    async def disconnect(self) -> None:
        # The session's set-up (roster, carbons, catch-up) stops first: a stanza it sent after
        # our </stream> would meet a closed stream (an error in the log at every quick close).
        if self._setup is not None and not self._setup.done():
            self._setup.cancel()
        self.server_features.stop()  # and the discovery it started: it asks in two rounds
        self.bookmarks.stop_autojoin()  # no room is entered after a logout or quit
        await self.omemo.settle()  # messages being encrypted go out first; then OMEMO stops
        await self.jingle.end_all()  # a call in progress is hung up, not left to time out
        self.jmi.retract_all()  # and one still ringing at the other side stops ringing
        await self._flush_outgoing()
        await self.outbox.confirm()
        await self.connection.disconnect()
        await self.outbox.settle()

    async def _flush_outgoing(self, timeout: float = 1.0) -> None:
        """Let slixmpp write what it has already taken off its send queue. Its disconnect()
        writes </stream> at once when the queue looks empty, even while a stanza is still
        between the queue and the socket; that stanza then follows the end of the stream and
        the server resets the connection instead of closing it."""
        client = self.connection.client
        if client.is_connected():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(client.waiting_queue.join(), timeout)

    async def _on_session(self, resumed: bool) -> None:
        """Order matters: roster and carbons first, then catch up, then re-send the outbox.
        Only what the server offers is used (discovery runs beside the roster fetch)."""
        if not self.connection.wanted:
            return  # a late session of an account being closed
        previous = self._setup
        if not resumed and previous is not None and not previous.done():
            previous.cancel()  # a set-up cut short with its stream: no answer will come
        self._setup = asyncio.current_task()
        if not resumed:
            features = (await asyncio.gather(self.server_features.known(),
                                             self.roster.fetch()))[0]
            if features.carbons:
                await self.carbons.enable()
            self.presence.announce()
            await self.mam.catch_up()
            await self.mds.catch_up()  # after catch-up: the ids it names are stored by now
            await settle_first_unread(self)  # a new profile's history: what is unread in it
            spawn(self.bookmarks.start(), "bookmarks")  # autojoin: beside the outbox's flush
        await self.files.ready()  # the outbox re-sends file addresses with their OOB data
        await self.outbox.flush(resumed)
        await self.retraction.queued.flush(resumed)  # deletions made offline (XEP-0424)
