# XEP-0384 §6: receiving OMEMO messages (both versions; OMEMO 2 through XEP-0420)
"""Encrypted 1:1 messages, live and carbon copies: decrypted, then stored with their encryption.

The chat service hands every message that carries an OMEMO ``<encrypted>`` element here
(``takes``) before it looks at the body: the plaintext ``<body>`` beside an encrypted payload
is the sender's "this message is encrypted" fallback and is never shown or stored as the
message. What decrypts is stored with its namespace, the sender's device and that device's
trust at arrival (storage/repos/omemo.py); what does not is stored as a clear placeholder
(ErrorKind.OMEMO_UNDECRYPTABLE), never as an empty bubble.

Messages are decrypted one at a time, in arrival order: each step of a ratchet depends on the
previous one, and python-omemo does not lock a session against concurrent use.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

from slixmpp.stanza import Message

from heron.core.errors import ErrorKind, describe
from heron.core.events import Direction, MessagesAdded, NewMessage, StoredMessage
from heron.core.tasks import spawn
from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.crypto.omemo.manual_trust import TrustState
from heron.crypto.omemo.trust import trust_on_arrival
from heron.storage.repos.omemo import KEY_CHANGED, OFF_LIST, Encryption
from heron.xmpp.plugins import xep_0420 as sce
from heron.xmpp.services.omemo_offload import OffLoop

if TYPE_CHECKING:
    from heron.crypto.omemo.storage import WriteBatch
    from heron.xmpp.services.omemo import OmemoService

log = logging.getLogger(__name__)

ENCRYPTED_TAGS = {TWOMEMO: f"{{{TWOMEMO}}}encrypted", OLDMEMO: f"{{{OLDMEMO}}}encrypted"}
CHAT_TYPES = ("chat", "normal")
MAX_BODY_CHARS = 64 * 1024
DISTRUSTED = TrustState.DISTRUSTED.value  # the trust stored with a distrusted device's message


def encrypted_namespaces(xml: Any) -> list[str]:
    """The OMEMO versions a stanza carries a payload for, OMEMO 2 first."""
    return [ns for ns, tag in ENCRYPTED_TAGS.items() if xml.find(tag) is not None]


def sender_device(xml: Any, namespace: str) -> int:
    """The sending device's id as the (unverified) header says; 0 when unreadable."""
    header = xml.find(f"{ENCRYPTED_TAGS[namespace]}/{{{namespace}}}header")
    try:
        return int(header.get("sid", "0")) if header is not None else 0
    except ValueError:
        return 0


def has_payload(xml: Any, namespace: str) -> bool:
    """Whether the ``namespace`` element carries text (an empty OMEMO message does not)."""
    return xml.find(f"{ENCRYPTED_TAGS[namespace]}/{{{namespace}}}payload") is not None


def decrypted_before(failure: BaseException) -> bool:
    """Whether python-omemo refused a message because this device decrypted it before (its
    ratchet is past that message's key): a correction, reaction or key exchange read back from
    our archive at the next start (only messages with text are stored, and so deduplicated)."""
    seen: BaseException | None = failure
    while seen is not None:
        if type(seen).__name__ == "DuplicateMessageException":  # doubleratchet's
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def placeholder(sender: str, kind: ErrorKind = ErrorKind.OMEMO_UNDECRYPTABLE) -> str:
    error = describe(kind, server=sender)
    return f"{error.message} {error.next_step}"


class OmemoReceiver:
    def __init__(self, service: OmemoService) -> None:
        self.service = service
        self.session = service.session
        #: (stanza, direction, (archive id, archive stamp) for one from the archive)
        self._queue: asyncio.Queue[tuple[Message, Direction, tuple[str, float] | None]] = (
            asyncio.Queue())
        self._worker: asyncio.Future[Any] | None = None
        self.decrypting = asyncio.Lock()
        #: held while a ratchet steps: a decrypt-and-store (holding()), or encrypting
        #: (omemo_send.py, omemo_rooms.py), so nothing writes a session amid the other
        self.stepping = asyncio.Lock()
        self._holding = False
        self._batch: WriteBatch | None = None  # the writes of the decryption under way
        self.off_loop = OffLoop()  # stateless parsing in a thread (omemo_offload.py)
        #: what the last _decrypt opened: None (nothing), () (legacy), the SCE content (OMEMO
        #: 2); read right after it returns, before anything else awaits (omemo_edits.py)
        self.opened: tuple[Any, ...] | None = None
        #: the stanzas taken lately: one with a body and a <retract/> or <reactions/> comes
        #: through two slixmpp events, and a second decryption would break the session
        self._taken: collections.deque[Any] = collections.deque(maxlen=16)
        self._handed = self._done = 0  # messages queued, and handled, so far
        #: what waits for the messages queued before it (after_stored)
        self._then: list[tuple[int, Callable[[], Awaitable[object]]]] = []

    def takes(self, msg: Message, direction: Direction) -> bool:
        """Whether ``msg`` is an encrypted chat message; if so it is decrypted and stored
        here, and the caller must not handle it."""
        if msg["type"] not in CHAT_TYPES or not encrypted_namespaces(msg.xml):
            return False
        if any(taken is msg.xml for taken in self._taken):
            return True
        self._taken.append(msg.xml)
        self._enqueue(msg, direction, None)
        return True

    def archived(self, msg: Message, archive_id: str, stamp: float) -> None:
        """An encrypted chat message from our archive (catch-up, scrolling back): decrypted
        and stored unless the same message is already stored (mam.py)."""
        if msg["type"] not in CHAT_TYPES:
            return
        own = self.session.jid
        direction = Direction.OUTGOING if msg["from"].bare == own else Direction.INCOMING
        self._enqueue(msg, direction, (archive_id, stamp))

    async def after_stored(self, action: Callable[[], Awaitable[object]]) -> None:
        """``action()`` once the messages handed over so far are stored (at once when none
        waits): the catch-up moves its archive pointer past encrypted messages only then, so
        a crash before they are stored leaves them to the next catch-up (mam.py)."""
        if self._done == self._handed:
            await action()
        else:
            self._then.append((self._handed, action))

    def _enqueue(self, msg: Message, direction: Direction,
                 archived: tuple[str, float] | None) -> None:
        self._handed += 1
        self._queue.put_nowait((msg, direction, archived))
        if self._worker is None or self._worker.done():
            self._worker = spawn(self._work(), "OMEMO decryption")

    async def drain(self) -> None:
        """Wait until every message handed over so far is stored (tests)."""
        await self._queue.join()

    async def _work(self) -> None:
        queue = self._queue
        while not queue.empty():
            msg, direction, archived = queue.get_nowait()
            try:
                await self.receive(msg, direction, archived)
            except Exception:  # one bad message must not stop the others
                log.exception("an encrypted message could not be handled")
            finally:
                queue.task_done()
                self._done += 1
            while self._then and self._then[0][0] <= self._done:
                try:
                    await self._then.pop(0)[1]()
                except Exception:  # the pointer stays: the next catch-up reads them again
                    log.exception("the archive pointer could not be moved")

    async def receive(self, msg: Message, direction: Direction,
                      archived: tuple[str, float] | None = None) -> None:
        own = self.session.jid
        other = msg["from"] if direction is Direction.INCOMING else msg["to"]
        peer = other.bare
        if peer == own and peer:
            await self.service.atm.to_self(msg, archived)  # trust messages between own devices
        if not peer or peer == own:
            return
        if archived is None:
            new = self.session.chat.to_new_message(msg, peer, direction, stanza_id_archive=own)
        else:
            new = self.session.chat.to_new_message(
                msg, peer, direction, stanza_id_archive=own, stanza_id=archived[0] or None,
                timestamp=archived[1])
        async with self.holding():
            stored = await self._decrypt_and_store(msg, new, archived is not None)
        if stored is not None:
            self.session.bus.publish(MessagesAdded(own, peer, (stored,), True))
            self.service.files.received(stored)  # an aesgcm:// file (omemo_files.py)

    async def _decrypt_and_store(self, msg: Message, new: NewMessage,
                                 archived: bool) -> StoredMessage | None:
        # Live and from the archive (or offline storage and catch-up) the same message may
        # come twice: decrypting it again would step the ratchet past it. The copy stored
        # live takes the archive's time (what a crash cut off comes after it, in order).
        if await self._read_before(msg, new, archived):
            return None
        result = await self._decrypt(msg)
        if result is None:
            return None  # a key exchange or an empty message: nothing to show
        body, how = result
        opened, self.opened = self.opened, None
        if how.trust in ("", DISTRUSTED, KEY_CHANGED):  # a placeholder, never an edit
            opened = None
        if opened and await self.service.atm.applied(msg, how, opened, new.stanza_id):
            return None  # a trust message, XEP-0450 (omemo_atm.py)
        if opened is not None and await self.service.edits.applied(msg, new, body, opened):
            return None  # a correction, retraction or reaction (omemo_edits.py)
        if not body:
            return None
        return await self.store(
            dataclasses.replace(new, body=body[:MAX_BODY_CHARS], reply_to=""), how)

    @contextlib.asynccontextmanager
    async def holding(self) -> AsyncIterator[None]:
        """Decrypt and store inside, one message at a time (chats, rooms, archives):
        python-omemo's writes of the decryption are held (crypto/omemo/storage.py) and
        committed with the stored message (``store``), or alone on the way out, so a crash
        in between leaves the ratchet before the message, which then comes again."""
        async with self.stepping:
            self._holding = True
            try:
                yield
            finally:
                self._holding = False
                batch, self._batch = self._batch, None
                if batch is not None:
                    try:
                        await self.service.repo.write(batch.writes)
                    finally:
                        self.service.plugin.storage.close(batch)
                    await batch.committed()

    async def store(self, message: NewMessage, how: Encryption) -> StoredMessage | None:
        """Store a message that arrived encrypted (or its placeholder), with the held
        writes of its decryption in the same transaction."""
        batch, self._batch = self._batch, None
        try:
            stored = await self.service.repo.add_message(
                message, how, batch.writes if batch is not None else None)
        except BaseException:
            self._batch = batch  # tried once more alone, at the end of holding()
            raise
        if batch is not None:
            self.service.plugin.storage.close(batch)
            await batch.committed()
        return stored

    def _collecting(self) -> contextlib.AbstractContextManager[Any]:
        """Where python-omemo's writes go during a decryption: the batch inside holding()."""
        if not self._holding:
            return contextlib.nullcontext()
        from heron.crypto.omemo.storage import WriteBatch  # noqa: PLC0415  loaded with OMEMO

        if self._batch is None:
            self._batch = WriteBatch()
        storage = self.service.plugin.storage
        return storage.collecting(self._batch)  # type: ignore[no-any-return]

    async def _decrypt(self, msg: Message, sender: str = "",
                       recipient: str = "") -> tuple[str, Encryption] | None:
        """(text to store, how it travelled); None when there is nothing to store.
        ``sender``/``recipient``: the real JIDs in a room (omemo_rooms.py)."""
        namespaces = encrypted_namespaces(msg.xml)
        sender = sender or msg["from"].bare
        self.opened = None
        manager = await self.service.manager()
        failure: Exception | None = None
        read_before = False
        for namespace in namespaces:  # OMEMO 2 first; the other version when not for us
            try:
                async with self.decrypting:  # one ratchet step at a time, rooms too
                    with self._collecting():
                        plaintext, device = await self._decrypt_one(
                            manager, msg, namespace, sender)
            except Exception as exc:  # noqa: BLE001  any failure shows the placeholder
                failure = exc
                read_before = read_before or decrypted_before(exc)
                continue
            if plaintext is None:
                return None
            trust = await trust_on_arrival(manager, device)
            if await self.service.off_list.off_list(sender, namespace, int(device.device_id)):
                trust = OFF_LIST  # shown, but marked (omemo_off_list.py)
            how = Encryption(namespace, int(device.device_id), trust)
            if namespace == TWOMEMO:
                try:
                    envelope = sce.parse(plaintext, sender, recipient or str(msg["to"]))
                except sce.SceError as exc:
                    log.warning("refused an OMEMO 2 envelope from %s: %s", sender, exc)
                    return placeholder(sender), dataclasses.replace(how, trust="")
                self.opened = envelope.content
                return envelope.body(), how
            self.opened = ()
            return plaintext.decode("utf-8", errors="replace"), how
        if read_before:  # an edit or key exchange back from the archive: done already
            log.debug("a message from %s was decrypted here before", sender)
            return None
        return await self._failed(manager, msg, namespaces, sender, failure)

    async def _failed(self, manager: Any, msg: Message, namespaces: list[str], sender: str,
                      failure: Exception | None) -> tuple[str, Encryption] | None:
        """The placeholder of a message that did not decrypt; None for one without text."""
        log.info("could not decrypt a message from %s: %r", sender, failure)
        first = namespaces[0]
        # No text in it (a key exchange, our own one from the archive): nothing to show
        empty = not any(has_payload(msg.xml, ns) for ns in namespaces)
        if type(failure).__name__ == "SenderDistrusted":  # python-omemo refuses to decrypt it
            return (placeholder(sender, ErrorKind.OMEMO_DISTRUSTED_SENDER),
                    Encryption(first, sender_device(msg.xml, first), DISTRUSTED))
        kind, trust = ErrorKind.OMEMO_UNDECRYPTABLE, ""
        if await self.service.keys.key_changed(  # a refused key change: omemo_keys.py
                manager, failure, sender, sender_device(msg.xml, first), first):
            kind, trust = ErrorKind.OMEMO_KEY_CHANGED, KEY_CHANGED
        else:
            await self.service.repair.after_failure(  # a broken session: omemo_repair.py
                manager, msg.xml, namespaces, sender, sender_device(msg.xml, first))
        if empty:
            return None
        return placeholder(sender, kind), Encryption(first, sender_device(msg.xml, first), trust)

    async def _read_before(self, msg: Message, new: NewMessage, archived: bool) -> bool:
        if await self.service.repo.already_stored(new.peer, new.stanza_id, new.origin_id,
                                                  new.timestamp if archived else None):
            return True
        if await self.service.atm.met(new.stanza_id):  # a trust message (omemo_atm.py)
            return True
        # this device's own (an empty OMEMO message): never encrypted for itself
        return archived and await self._sent_here(msg)

    async def _sent_here(self, msg: Message) -> bool:
        """Whether this very device sent ``msg`` (our bare JID, our device id in the header)."""
        if msg["from"].bare != self.session.jid:
            return False
        own = await self.service.own_device()
        return any(sender_device(msg.xml, ns) == own.device_id
                   for ns in encrypted_namespaces(msg.xml))

    @staticmethod
    def unread(xml: Any, namespace: str) -> Encryption:
        """How a message we could not decrypt travelled (no trust: not read)."""
        return Encryption(namespace, sender_device(xml, namespace), "")

    async def _decrypt_one(self, manager: Any, msg: Message, namespace: str,
                           sender: str) -> Any:
        if namespace not in self.service.plugin.namespaces:
            raise LookupError(f"{namespace} is not spoken here")
        element: Any = msg.xml.find(ENCRYPTED_TAGS[namespace])
        if namespace == TWOMEMO:
            import twomemo.etree  # noqa: PLC0415  loaded with the OMEMO stack, after login

            parsed = await self.off_loop.run(twomemo.etree.parse_message, element, sender)
        else:
            import oldmemo.etree  # noqa: PLC0415  the same

            parsed = await oldmemo.etree.parse_message(element, sender, self.session.jid,
                                                       manager)
        plaintext, device, _key = await manager.decrypt(parsed)
        return plaintext, device

