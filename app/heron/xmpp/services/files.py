# XEP-0363 (HTTP File Upload) and XEP-0066 (Out of Band Data): sending and saving files
"""Files in one-to-one chats.

Sending: the size is checked against the server's limit first; then the message (PENDING) and
its file row are stored, a slot is asked for, the file is PUT from disk, and only then does the
message get the file's address as its body and go out through the outbox with that address
again as out-of-band data (so Conversations, Dino and Gajim show a file). Cancel or a failure
marks the message not sent and keeps the card, with Retry.

Saving: the file behind a message's https address is downloaded into the download folder by
xmpp/httpfiles.py under its rules; a sender who is not in the roster cannot point Heron at a
loopback or private address.
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import ssl
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
from slixmpp.exceptions import IqError, IqTimeout

from heron.core.bus import Phase
from heron.core.events import (
    DeliveryState,
    Direction,
    MessagesAdded,
    MessageUpdated,
    NewMessage,
)
from heron.core.file_errors import FileProblem, describe_file_problem
from heron.core.file_events import (
    ACTIVE,
    FileChanged,
    FileState,
    FileTransfer,
    file_url,
    remote_file,
)
from heron.core.filenames import sanitise
from heron.core.tasks import spawn
from heron.storage.errors import STORAGE_ERRORS, report_storage_failure
from heron.storage.repos.sims import sent_files
from heron.xmpp import httpfiles
from heron.xmpp.services import oob, sims, upload
from heron.xmpp.services.omemo_files import is_encrypted_link
from heron.xmpp.services.omemo_receive import encrypted_namespaces

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)
PROGRESS_EVERY = 0.1  # seconds between progress events of one transfer
MAX_PENDING_OOB = 200


class FileService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.translate: Callable[[str], str] = str  # the UI sets Qt's
        self._tasks: dict[int, asyncio.Future[None]] = {}
        self._sent_urls: set[str] = set()
        self._loaded = spawn(self._load(), "files of the account")
        # XEP-0066 addresses of incoming messages whose body says something else, by (peer,
        # message id), until the message is stored (then its file row is written); with
        # what XEP-0385 (SIMS) says of the file, when the message carries that.
        self._oob: OrderedDict[tuple[str, str], tuple[str, sims.SharedFile | None]] = (
            OrderedDict())
        self._shared: dict[str, sims.SharedFile] = {}  # our uploads by address (SIMS)
        session.client.add_event_handler("message", self._on_message)
        session.bus.subscribe(MessagesAdded, self._on_stored, Phase.CORE)

    async def _load(self) -> None:
        repo = self.session.repos.files
        reason = describe_file_problem("interrupted", self.translate)
        try:
            await repo.mark_interrupted(self.session.jid, reason)
            self._sent_urls = await repo.sent_urls(self.session.jid)
            self._shared = {url: sims.SharedFile(url, name, size, mime) for url, name, size, mime
                            in await sent_files(repo.db, self.session.jid)}
        except STORAGE_ERRORS as exc:  # the user hears of the disk from the writes that matter
            log.warning("files: could not read the account's uploads: %s", exc)

    async def ready(self) -> None:
        """The addresses of earlier uploads are known (the outbox re-sends with OOB)."""
        await asyncio.shield(self._loaded)

    def oob_for(self, body: str) -> str:
        """The address to send as out-of-band data with ``body`` ("" if none)."""
        return body if body in self._sent_urls else ""

    def sims_for(self, body: str) -> sims.SharedFile | None:
        """What XEP-0385 says of the upload at ``body`` (None: not one known this run)."""
        return self._shared.get(body)

    def _problem(self, reason: str, **values: object) -> FileProblem:
        return FileProblem(reason, describe_file_problem(reason, self.translate,
                                                         **values))  # type: ignore[arg-type]

    def _changed(self, transfer: FileTransfer) -> None:
        self.session.bus.publish(FileChanged(transfer.account, transfer.peer, transfer))

    # --- receiving (XEP-0066) ------------------------------------------------------------------

    def _on_message(self, msg: Any) -> None:
        """A file sent with a caption as body: the out-of-band address makes the card (only
        https; another scheme stays the text it is)."""
        if msg["type"] not in ("chat", "normal") or not msg["body"] or not msg["id"]:
            return
        if encrypted_namespaces(msg.xml):  # never fetched beside an encrypted payload
            return
        url = file_url(oob.url_of(msg.xml))
        shared = sims.read(msg.xml)  # XEP-0385: an address too, with name, size and type
        url = url or (shared.url if shared is not None else "")
        if not url or (url == str(msg["body"]).strip() and shared is None):
            return  # none, or the body already is the address (the card comes from it)
        self._oob[(msg["from"].bare, str(msg["id"]))] = (url, shared)
        while len(self._oob) > MAX_PENDING_OOB:
            self._oob.popitem(last=False)

    def _on_stored(self, event: MessagesAdded) -> None:
        if not self._oob or event.account != self.session.jid:
            return
        for message in event.messages:
            if message.direction is not Direction.INCOMING or not message.message_id:
                continue
            found = self._oob.pop((message.peer, message.message_id), None)
            if found is not None:
                card = remote_file(replace(message, body=found[0]))
                if card is not None and found[1] is not None:
                    card = replace(card, name=found[1].name, size=found[1].size,
                                   mime=found[1].media_type or card.mime)
                if card is not None:
                    spawn(self._remember_remote(card), "a received file")

    async def _remember_remote(self, card: FileTransfer) -> None:
        try:
            await self.session.repos.files.put(card)
        except STORAGE_ERRORS as exc:
            report_storage_failure(self.session.bus, self.session.jid, exc)
            return
        self._changed(card)

    # --- sending -------------------------------------------------------------------------------

    def check_size(self, path: Path) -> int:
        """The file's size, if the server takes it; else FileProblem (nothing is sent)."""
        known = self.session.server_features.current
        service = known.upload if known is not None else None
        if service is None:
            raise self._problem("no-upload")
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise self._problem("file-unreadable", detail=exc.strerror or str(exc)) from exc
        if service.max_file_size is not None and size > service.max_file_size:
            raise self._problem("upload-too-large", name=sanitise(path.name), size=size,
                                limit=service.max_file_size)
        return size

    async def send_file(self, peer: str, path: Path) -> FileTransfer:
        """Store the message and its file, then upload in the background; FileProblem when
        it cannot start (no upload service, too large, unreadable, not connected)."""
        if not self.session.connection.connected:
            raise self._problem("offline")
        size = self.check_size(path)
        name = sanitise(path.name)
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        origin_id = str(uuid.uuid4())
        new = NewMessage(account=self.session.jid, peer=peer, direction=Direction.OUTGOING,
                         body=name, timestamp=time.time(), origin_id=origin_id,
                         message_id=origin_id, state=DeliveryState.PENDING)
        try:
            added = await self.session.repos.files.add_upload(new, name, size, mime, str(path))
        except STORAGE_ERRORS as exc:
            report_storage_failure(self.session.bus, self.session.jid, exc)
            raise self._problem("disk", detail=str(exc)) from exc
        if added is None:
            raise self._problem("disk", detail="not stored")
        stored, transfer = added
        self.session.bus.publish(MessagesAdded(self.session.jid, peer, (stored,), True))
        self._changed(transfer)
        self._start(transfer, self._upload(transfer))
        return transfer

    def _start(self, transfer: FileTransfer, work: object) -> None:
        task = spawn(work, f"file {transfer.message_pk}")  # type: ignore[arg-type]
        self._tasks[transfer.message_pk] = task
        task.add_done_callback(lambda _t: self._tasks.pop(transfer.message_pk, None))

    def active(self, message_pk: int) -> bool:
        return message_pk in self._tasks

    def cancel(self, message_pk: int) -> None:
        task = self._tasks.get(message_pk)
        if task is not None:
            task.cancel()

    async def retry(self, transfer: FileTransfer) -> None:
        """Upload (or download) again a file that failed or was cancelled."""
        if transfer.message_pk in self._tasks:
            return
        if transfer.direction is Direction.OUTGOING and transfer.state is FileState.UPLOAD_FAILED:
            try:
                self.check_size(Path(transfer.local_path))
            except FileProblem as problem:
                await self._upload_failed(transfer, problem.text)
                return
            message = await self.session.repos.files.upload_again(transfer)
            again = replace(transfer, state=FileState.UPLOADING, error="", done=0)
            if message is not None:
                self.session.bus.publish(MessageUpdated(message.account, message.peer, message))
            self._changed(again)
            self._start(again, self._upload(again))

    async def _upload(self, transfer: FileTransfer) -> None:
        known = self.session.server_features.current
        service = known.upload if known is not None else None
        sealed = None
        try:
            if service is None:
                raise self._problem("no-upload")
            sealed = await self.session.omemo.files.seal(transfer)  # encrypted chat: XEP-0454
            sent = transfer if sealed is None else sealed.transfer
            slot = await self._slot(service.jid, sent)
            report = self._progress(transfer)
            await httpfiles.put_file(slot.put_url, slot.headers, Path(sent.local_path),
                                     sent.size or 0, sent.mime,
                                     ca_file=self.session.account.ca_file, progress=report)
        except asyncio.CancelledError:
            await self._upload_failed(transfer, describe_file_problem("cancelled",
                                                                      self.translate))
            raise
        except FileProblem as problem:
            await self._upload_failed(transfer, problem.text)
            return
        except Exception as exc:  # noqa: BLE001  every failure becomes a sentence on the card
            await self._upload_failed(transfer, self._transfer_error(exc))
            return
        finally:
            if sealed is not None:
                sealed.discard()
        if sealed is not None:  # the aesgcm:// link goes only inside the encrypted message
            await self._uploaded(transfer, sealed.link(slot.get_url))
            return
        self._sent_urls.add(slot.get_url)
        self._shared[slot.get_url] = sims.SharedFile(slot.get_url, transfer.name, transfer.size,
                                                     transfer.mime)
        await self._uploaded(transfer, slot.get_url)

    async def _uploaded(self, transfer: FileTransfer, url: str) -> None:
        message = await self.session.repos.files.uploaded(transfer, url)
        sent = replace(transfer, url=url, state=FileState.SENT, done=transfer.size or 0)
        self._changed(sent)
        if message is None:
            return
        self.session.bus.publish(MessageUpdated(message.account, message.peer, message))
        if self.session.connection.connected and message.origin_id:
            self.session.outbox.transmit(message.peer, message.body, message.origin_id)

    async def _slot(self, service: str, transfer: FileTransfer) -> upload.Slot:
        try:
            return await upload.request_slot(self.session.client, service, transfer.name,
                                             transfer.size or 0, transfer.mime)
        except IqError as exc:
            text = str(exc.iq["error"]["text"] or exc.iq["error"]["condition"])
            raise self._problem("slot-refused", detail=text) from exc
        except IqTimeout as exc:
            raise self._problem("slot-refused", detail="no answer") from exc
        except upload.BadSlot as exc:
            raise self._problem("slot-refused", detail=str(exc)) from exc

    async def _upload_failed(self, transfer: FileTransfer, error: str) -> None:
        log.info("upload of message %s failed: %s", transfer.message_pk, error)
        failed = replace(transfer, state=FileState.UPLOAD_FAILED, error=error, done=0)
        try:
            message = await self.session.repos.files.upload_failed(transfer, error)
        except STORAGE_ERRORS as exc:
            report_storage_failure(self.session.bus, self.session.jid, exc)
            message = None
        self._changed(failed)
        if message is not None:
            self.session.bus.publish(MessageUpdated(message.account, message.peer, message))

    # --- saving --------------------------------------------------------------------------------

    def may_fetch_private(self, peer: str, direction: Direction) -> bool:
        """Loopback and private addresses only for our own files and our contacts' (a
        stranger's link must not probe the user's network)."""
        if direction is Direction.OUTGOING:
            return True
        return self.session.roster.is_contact(peer)

    async def save(self, transfer: FileTransfer, folder: Path, cap: int) -> None:
        """Download in the background into ``folder``; the card follows FileChanged."""
        if transfer.message_pk in self._tasks or not transfer.url:
            return
        started = replace(transfer, state=FileState.DOWNLOADING, error="", done=0)
        await self.session.repos.files.put(started)
        self._changed(started)
        self._start(started, self._download(started, folder, cap))

    async def _download(self, transfer: FileTransfer, folder: Path, cap: int) -> None:
        report = self._progress(transfer)
        allow_private = self.may_fetch_private(transfer.peer, transfer.direction)
        try:
            if is_encrypted_link(transfer.url):  # XEP-0454: decrypted on the way (omemo_files.py)
                result = await self.session.omemo.files.download(
                    transfer, folder, cap, allow_private=allow_private, progress=report)
            else:
                result = await httpfiles.download(
                    transfer.url, folder, transfer.name, ca_file=self.session.account.ca_file,
                    allow_private=allow_private, cap=cap, claimed_size=transfer.size,
                    progress=report)
        except asyncio.CancelledError:
            await self._download_failed(transfer, describe_file_problem("cancelled",
                                                                        self.translate))
            raise
        except Exception as exc:  # noqa: BLE001  every failure becomes a sentence on the card
            await self._download_failed(transfer, self._transfer_error(exc, cap))
            return
        saved = replace(transfer, state=FileState.SAVED, local_path=str(result.path),
                        size=result.size, done=result.size)
        await self.session.repos.files.put(saved)
        self._changed(saved)

    async def _download_failed(self, transfer: FileTransfer, error: str) -> None:
        log.info("download for message %s refused or failed: %s", transfer.message_pk, error)
        failed = replace(transfer, state=FileState.DOWNLOAD_FAILED, error=error, done=0)
        try:
            await self.session.repos.files.put(failed)
        except STORAGE_ERRORS as exc:
            report_storage_failure(self.session.bus, self.session.jid, exc)
        self._changed(failed)

    # --- shared --------------------------------------------------------------------------------

    def _progress(self, transfer: FileTransfer) -> Callable[[int], None]:
        last = [0.0]

        def report(done: int) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_EVERY or done == transfer.size:
                last[0] = now
                self._changed(replace(transfer, done=done))

        return report

    def _transfer_error(self, exc: BaseException, cap: int | None = None) -> str:
        if isinstance(exc, httpfiles.Refused):
            reason, detail = exc.reason, exc.detail
        elif isinstance(exc, (ssl.SSLError, aiohttp.ClientSSLError)):
            reason, detail = "tls", str(exc)
        elif isinstance(exc, (aiohttp.ClientError, TimeoutError, ConnectionError)):
            reason, detail = "network", str(exc)
        elif isinstance(exc, OSError):
            reason, detail = "disk", exc.strerror or str(exc)
        else:
            reason, detail = "unknown", repr(exc)
        log.info("file transfer: %s (%s)", reason, detail)
        return describe_file_problem(reason, self.translate, detail=detail, limit=cap)


__all__ = ["ACTIVE", "FileProblem", "FileService", "file_url", "remote_file"]
