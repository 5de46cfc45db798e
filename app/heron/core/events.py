"""Typed domain records and events.

Everything that crosses a layer boundary is one of these frozen dataclasses: a stanza becomes an
event in ``xmpp/``, is stored by ``storage/`` and reaches ``models/``. Nothing here imports Qt or
slixmpp, so every layer may use them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from heron.core.errors import ErrorKind, UserError
from heron.core.rooms import Bookmark


class ConnectionState(Enum):
    DISABLED = "disabled"
    OFFLINE = "offline"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    AUTH_FAILED = "auth-failed"
    CERT_UNTRUSTED = "cert-untrusted"
    NO_TLS = "no-tls"
    ERROR = "error"


class Direction(Enum):
    INCOMING = "in"
    OUTGOING = "out"


class DeliveryState(Enum):
    """Where an outgoing message is; incoming messages are always RECEIVED."""

    PENDING = "pending"  # in the outbox, not yet acknowledged by our server
    SENT = "sent"  # acknowledged by our server (XEP-0198) or echoed back
    DELIVERED = "delivered"  # the peer's client confirmed it (XEP-0184)
    RECEIVED = "received"  # an incoming message
    FAILED = "failed"  # could not be sent from here
    BOUNCED = "bounced"  # a server answered with an error: it reached nobody (RFC 6120 §8.3)
    READ = "read"  # the peer's client displayed it (XEP-0333 <displayed/>): "Seen"


PRESENCE_SHOWS = ("chat", "available", "away", "xa", "dnd", "offline")


@dataclass(frozen=True, slots=True)
class RosterEntry:
    jid: str  # bare JID
    name: str = ""
    groups: tuple[str, ...] = ()
    subscription: str = "none"  # none | to | from | both
    ask: bool = False  # we asked for a subscription that is pending


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A message about to be stored (not yet given a row id)."""

    account: str  # our bare JID
    peer: str  # bare JID of the conversation
    direction: Direction
    body: str
    timestamp: float  # seconds since the epoch, UTC; server time where known
    origin_id: str | None = None  # XEP-0359 origin-id (sender's id)
    stanza_id: str | None = None  # XEP-0359 stanza-id given by OUR archive
    message_id: str | None = None  # the stanza's id attribute (what receipts/corrections use)
    sender_resource: str = ""
    state: DeliveryState = DeliveryState.RECEIVED
    markable: bool = False  # XEP-0333: the sender asked for chat markers
    reply_to: str = ""  # XEP-0461: the id of the message this one answers
    occupant_id: str = ""  # XEP-0421: a room's stable id for the sender (rooms only)
    sender_jid: str = ""  # a room occupant's real bare JID, when the room shows it


@dataclass(frozen=True, slots=True)
class Quoted:
    """XEP-0461: the message a reply answers, as the reply's quote shows it."""

    target_id: str
    pk: int | None = None  # the original's row; None when it is not stored (not available)
    outgoing: bool = False  # the original is ours
    text: str = ""  # the original's text now (empty when deleted)
    retracted: bool = False
    nick: str = ""  # a room: the original's sender (its nick), plain text


@dataclass(frozen=True, slots=True)
class StoredMessage:
    pk: int
    account: str
    peer: str
    direction: Direction
    body: str
    timestamp: float
    origin_id: str | None
    stanza_id: str | None
    message_id: str | None
    state: DeliveryState
    corrected: bool = False
    sender_resource: str = ""
    #: why a BOUNCED message reached nobody: the error's condition (RFC 6120 §8.3.3) and the
    #: server's own words (plain text, one line, capped); empty otherwise
    failure_condition: str = ""
    failure_text: str = ""
    retracted: bool = False  # XEP-0424: a tombstone, the body is gone
    #: XEP-0444: (emoji, bare JIDs that reacted with it) in the order first seen
    reactions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    reply: Quoted | None = None  # XEP-0461: the message this one answers
    #: XEP-0308: the texts it had before its corrections, oldest first: (shown since, text)
    versions: tuple[tuple[float, str], ...] = ()

    @property
    def key(self) -> tuple[float, int]:
        """Paging key: (server time, row id); never an offset."""
        return (self.timestamp, self.pk)


# ---------------------------------------------------------------------------------------------
# Events published on the bus


@dataclass(frozen=True, slots=True)
class ConnectionChanged:
    account: str
    state: ConnectionState
    detail: str = ""  # a human-readable reason, already translated where it came from us
    error: UserError | None = None  # set when the change is a failure (core/errors.py)
    retry_in: float = 0.0  # RECONNECTING: seconds until the next attempt


@dataclass(frozen=True, slots=True)
class AccountRemoved:
    """The user removed the account: views drop its rows, banners and status line."""

    account: str


@dataclass(frozen=True, slots=True)
class CertificateRejected:
    """The server's certificate was refused. Only when ``pinnable`` (its one fault is an
    unknown issuer) may the user trust it after seeing the fingerprint."""

    account: str
    host: str
    sha256_fingerprint: str  # "AB:CD:..." upper-case hex pairs
    reason: str  # a plain sentence (the UserError's message)
    changed: bool = False  # a pinned certificate exists and this one differs
    kind: ErrorKind = ErrorKind.CERT_UNTRUSTED
    pinnable: bool = False  # never by default: wrong name, expired, revoked are final


@dataclass(frozen=True, slots=True)
class RosterLoaded:
    account: str
    entries: tuple[RosterEntry, ...]


@dataclass(frozen=True, slots=True)
class RosterEntryChanged:
    account: str
    entry: RosterEntry


@dataclass(frozen=True, slots=True)
class RosterEntryRemoved:
    account: str
    jid: str


@dataclass(frozen=True, slots=True)
class LastActivityKnown:
    """XEP-0319 / XEP-0012: since when a contact is idle, or when they were last seen."""

    account: str
    jid: str
    idle_since: float | None
    last_seen: float | None


@dataclass(frozen=True, slots=True)
class BlockListChanged:
    """XEP-0191: the addresses the account blocks (bare JIDs or domains), all of them."""

    account: str
    blocked: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AvatarChanged:
    """A contact's picture: the file to show, or "" for none (initials)."""

    account: str
    jid: str
    path: str


@dataclass(frozen=True, slots=True)
class PresenceChanged:
    account: str
    jid: str  # bare JID
    show: str  # one of PRESENCE_SHOWS: the best of all the contact's resources
    status: str = ""


@dataclass(frozen=True, slots=True)
class SubscriptionRequested:
    account: str
    jid: str


@dataclass(frozen=True, slots=True)
class MessagesAdded:
    """Newly stored messages (duplicates already removed), oldest first."""

    account: str
    peer: str
    messages: tuple[StoredMessage, ...]
    live: bool = True  # False for history (MAM catch-up): no notification


@dataclass(frozen=True, slots=True)
class MessageUpdated:
    account: str
    peer: str
    message: StoredMessage


@dataclass(frozen=True, slots=True)
class ChatStateChanged:
    account: str
    peer: str
    state: str  # active | composing | paused | inactive | gone


@dataclass(frozen=True, slots=True)
class OwnPresenceChanged:
    account: str
    show: str
    status: str = ""


@dataclass(frozen=True, slots=True)
class ErrorReported:
    """Something went wrong that the user should read (a banner: ui/problems.py)."""

    account: str
    text: str
    extra: dict[str, str] = field(default_factory=dict)
    error: UserError | None = None  # the kind and next step, when the text comes from one


@dataclass(frozen=True, slots=True)
class StorageRecovered:
    """A write for the account succeeded after a reported storage failure (ErrorReported with
    a STORAGE_FAILED error): the window stops saying that storage is failing."""

    account: str


@dataclass(frozen=True, slots=True)
class UploadService:
    """An HTTP upload service (XEP-0363) our server offers."""

    jid: str  # the service's address, e.g. upload.example.org
    max_file_size: int | None = None  # bytes; None when the service names no limit


@dataclass(frozen=True, slots=True)
class ServerFeaturesKnown:
    """What the account's server offers, found out by service discovery (XEP-0030) at each
    new session. A feature that did not answer, answered an error or junk is absent: Heron
    then neither uses nor shows it."""

    account: str
    domain: str
    mam: bool = False  # XEP-0313 archive on our bare JID: catch-up and older history
    carbons: bool = False  # XEP-0280: copies of what our other clients send and receive
    stream_management: bool = False  # XEP-0198 offered in the stream features: resumption
    stanza_ids: bool = False  # XEP-0359: our archive stamps stanza-ids (urn:xmpp:sid:0)
    pep: bool = False  # XEP-0163 on our bare JID
    upload: UploadService | None = None  # XEP-0363


@dataclass(frozen=True, slots=True)
class ConversationRead:
    """The user's read point in a conversation moved (read here, or on another of their
    clients: XEP-0490); ``unread`` incoming messages are left after it."""

    account: str
    peer: str
    unread: int


# --- Group rooms (XEP-0045): xmpp/services/muc.py ------------------------------------------


@dataclass(frozen=True, slots=True)
class Occupant:
    """One person in a room, as the room's presence says (nick and texts are plain text)."""

    nick: str
    role: str = "participant"  # moderator | participant | visitor | none
    affiliation: str = "none"  # owner | admin | member | outcast | none
    show: str = "available"  # one of PRESENCE_SHOWS
    jid: str = ""  # real bare JID, when the room shows it
    occupant_id: str = ""  # XEP-0421
    self: bool = False  # this is us


@dataclass(frozen=True, slots=True)
class RoomJoined:
    """We are in ``room`` as ``nick`` (the room may have changed the nick we asked for)."""

    account: str
    room: str
    nick: str
    name: str = ""
    subject: str = ""  # plain text


@dataclass(frozen=True, slots=True)
class RoomLeft:
    account: str
    room: str
    reason: str = ""  # plain words when the room removed us; "" when we left


@dataclass(frozen=True, slots=True)
class RoomSubjectChanged:
    account: str
    room: str
    subject: str  # plain text
    by: str = ""  # nick, when the room says who set it


@dataclass(frozen=True, slots=True)
class OccupantsChanged:
    """A batch of presence in one room (a join storm arrives as a few of these): occupants
    added or changed, nicks gone. ``reset``: the list is all of them (a fresh join)."""

    account: str
    room: str
    changed: tuple[Occupant, ...] = ()
    gone: tuple[str, ...] = ()
    reset: bool = False
@dataclass(frozen=True, slots=True)
class BookmarksChanged:
    """The account's room bookmarks (XEP-0402) as they are now: loaded at login, changed here
    or by another of the user's clients."""

    account: str
    bookmarks: tuple[Bookmark, ...]


@dataclass(frozen=True, slots=True)
class RoomInvited:
    """Someone invites the user to a room (xmpp/services/muc_invites.py): directly (XEP-0249)
    or through the room (XEP-0045 §7.8.2, ``mediated``). All texts are plain text."""

    account: str
    room: str  # bare JID
    inviter: str  # bare JID of who invites ("" when a mediated invitation does not say)
    reason: str = ""
    password: str = ""
    mediated: bool = False


# Calls (calls/api.py). ``peer`` is the other device's full JID where it is known, else the bare
# JID; ``sid`` is the JMI/Jingle session id shared by both.
@dataclass(frozen=True, slots=True)
class CallIncoming:
    """Someone calls: ring (unless the caller is a stranger and strangers may not call)."""

    account: str
    sid: str
    peer: str
    audio: bool = True
    video: bool = False


@dataclass(frozen=True, slots=True)
class CallStateChanged:
    """Where a call is: proposing, ringing (the peer's devices ring), connecting, connected."""

    account: str
    sid: str
    peer: str
    state: str
    video: bool = False
    outgoing: bool = True


@dataclass(frozen=True, slots=True)
class CallEnded:
    """The call is over or never started. ``reason`` is Jingle's reason name (success, decline,
    busy, cancel, timeout, failed-application, connectivity-error, ...); ``text`` is plain words
    for the user; ``elsewhere``: another of the user's devices answered or declined."""

    account: str
    sid: str
    peer: str
    reason: str
    text: str = ""
    missed: bool = False
    elsewhere: bool = False
    by_peer: bool = False  # the other side hung up (their session-terminate)


@dataclass(frozen=True, slots=True)
class CallInfoReceived:
    """The other side of a running call told how it is (XEP-0167 §7, session-info): ``info``
    is mute, unmute, hold, unhold or active; ``media`` "audio" or "video" for a mute or unmute
    of one content, "" for the whole call (xmpp/services/jingle_info.py)."""

    account: str
    sid: str
    peer: str
    info: str
    media: str = ""


@dataclass(frozen=True, slots=True)
class OccupantAvatarChanged:
    """A room occupant's picture (XEP-0153 through the room): ``path`` to the picture file,
    "" when they have none (xmpp/services/room_avatars.py)."""

    account: str
    room: str
    nick: str
    path: str


@dataclass(frozen=True, slots=True)
class DirectFileOffered:
    """A contact's device offers a file sent directly (Jingle, xmpp/services/jingle_files.py):
    ``name`` is already sanitised; answer with ``jingle_files.accept``/``decline``."""

    account: str
    sid: str
    peer: str
    name: str
    size: int


@dataclass(frozen=True, slots=True)
class DirectFileProgress:
    account: str
    sid: str
    done: int  # bytes so far
    size: int


@dataclass(frozen=True, slots=True)
class DirectFileEnded:
    """A direct transfer is over: ``reason`` is Jingle's (success, decline, cancel, ...),
    ``text`` plain words for the user, ``path`` the received file (only on success)."""

    account: str
    sid: str
    peer: str
    reason: str
    text: str = ""
    path: str = ""


@dataclass(frozen=True, slots=True)
class OmemoDevicesUndecided:
    """Devices of ``owner`` (a contact, or the account itself) that wait for the user's trust
    decision and are left out of encrypted messages; empty when none is left."""

    account: str
    owner: str
    device_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class OmemoKeyChanged:
    """Devices of ``owner`` whose identity key changed and whose new key Heron refuses until
    the user accepts it (xmpp/services/omemo_keys.py); empty when none is left."""

    account: str
    owner: str
    device_ids: tuple[int, ...]
    verified: bool = False  # the user verified a device of ``owner``: the chat shows a row
