# XEP-0384: OMEMO Encryption (both eu.siacs.conversations.axolotl and urn:xmpp:omemo:2)
"""The account's OMEMO device: started after login, off the paint path.

The OMEMO stack (python-omemo, slixmpp-omemo, ~0.9 s of imports) is imported in a worker
thread once the session is up, then the plugin (crypto/omemo/plugin.py) is loaded into the
running client: it creates this device's identity on the first start (kept in the profile's
database, so a restart keeps the device id and identity key) and publishes a device list and
a bundle in both namespaces. The device lists' ``+notify`` features go into our capabilities
at once, so the first presence already asks for contacts' device lists.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from heron.core.events import Direction
from heron.core.tasks import spawn
from heron.crypto.omemo import BOTH
from heron.storage.repos.omemo import OmemoRepo
from heron.xmpp.services.omemo_atm import OmemoAtm
from heron.xmpp.services.omemo_device_lists import DeviceLists
from heron.xmpp.services.omemo_edits import OmemoEdits
from heron.xmpp.services.omemo_files import OmemoFiles
from heron.xmpp.services.omemo_keys import OmemoKeys
from heron.xmpp.services.omemo_off_list import OffListCheck
from heron.xmpp.services.omemo_offload import settle_heap
from heron.xmpp.services.omemo_own_edits import OwnEdits
from heron.xmpp.services.omemo_receive import OmemoReceiver
from heron.xmpp.services.omemo_repair import SessionRepair
from heron.xmpp.services.omemo_rooms import OmemoRooms
from heron.xmpp.services.omemo_send import OmemoSender
from heron.xmpp.services.omemo_trust import OmemoTrust

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

#: how long a logout waits for messages being encrypted
SETTLE_SECONDS = 3.0
SETUP_POLL = 0.05  # seconds between looks at whether the session's set-up is over
DEVICE_LIST_NODES = ("urn:xmpp:omemo:2:devices", "eu.siacs.conversations.axolotl.devicelist")


async def _import_off_loop(name: str) -> Any:
    """Import a module in a thread of its own, ended when done (qasync's default executor
    is a QThread that would still run when the application exits, and Qt aborts then)."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="heron-omemo-import")
    try:
        return await asyncio.get_running_loop().run_in_executor(
            pool, importlib.import_module, name)
    finally:
        pool.shutdown(wait=False)


@dataclass(frozen=True, slots=True)
class OwnDevice:
    device_id: int
    identity_key: bytes
    namespaces: frozenset[str]


class OmemoService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.repo = OmemoRepo(session.repos.messages.db, session.jid)
        self.plugin: Any = None  # crypto.omemo.plugin.HeronOmemo once started
        self._starting: asyncio.Future[Any] | None = None
        self.ready = asyncio.Event()
        self.receiver = OmemoReceiver(self)
        self.sender = OmemoSender(self)
        self.repair = SessionRepair(self)  # broken sessions (omemo_repair.py)
        self.files = OmemoFiles(self)  # aesgcm:// files (XEP-0454, omemo_files.py)
        self.edits = OmemoEdits(self)  # encrypted corrections, retractions (omemo_edits.py)
        self.own_edits = OwnEdits(self)  # ours, sent encrypted (omemo_own_edits.py)
        self.rooms = OmemoRooms(self)  # members-only, non-anonymous rooms (omemo_rooms.py)
        self.trust = OmemoTrust(self)  # the user's decisions on devices (omemo_trust.py)
        self.keys = OmemoKeys(self)  # identity keys that changed (omemo_keys.py)
        self.atm = OmemoAtm(self)  # trust messages, XEP-0450 (omemo_atm.py)
        self._choices: dict[str, bool | None] = {}  # peer -> the user's choice, once read
        client = session.client
        client.register_plugin("xep_0163")
        for node in DEVICE_LIST_NODES:
            client.plugin["xep_0163"].add_interest(node)
        self.device_lists = DeviceLists(self)  # contacts' devices, known before OMEMO starts
        self.off_list = OffListCheck(self)  # devices taken off their list (omemo_off_list.py)
        client.add_event_handler("session_start", self._on_session_start)

    def takes(self, msg: Any, direction: Direction) -> bool:
        """An encrypted chat message is decrypted and stored here (omemo_receive.py)."""
        return self.receiver.takes(msg, direction)

    def transmit(self, msg: Any, peer: str, origin_id: str) -> bool:
        """An outgoing message is encrypted and sent here unless its chat is known to be
        unencrypted (omemo_send.py); False: the caller sends it as it is."""
        return self.sender.transmit(msg, peer, origin_id)

    # --- whether a chat is encrypted -----------------------------------------------------------

    def choice_known(self, peer: str) -> bool | None:
        """The user's choice for ``peer`` if already read (None: default or not read)."""
        return self._choices.get(peer)

    async def choice(self, peer: str) -> bool | None:
        if peer not in self._choices:
            self._choices[peer] = await self.repo.chat_choice(peer)
        return self._choices[peer]

    async def set_chat_encryption(self, peer: str, enabled: bool) -> None:
        """The user turns encryption on or off for one chat (kept in the profile)."""
        await self.repo.set_chat_choice(peer, enabled)
        self._choices[peer] = enabled

    async def chat_encrypted(self, peer: str) -> bool:
        """Whether messages to ``peer`` are encrypted: the user's choice, else whether the
        contact publishes an OMEMO device (kept current by omemo_device_lists.py)."""
        chosen = await self.choice(peer)
        if chosen is not None:
            return chosen
        if not await self.has_devices(peer):
            return False
        # Encrypted once, encrypted until the user says otherwise: a later failure to look
        # the devices up never turns this chat into a plaintext one.
        await self.set_chat_encryption(peer, True)
        return True

    async def has_devices(self, peer: str) -> bool:
        """Whether ``peer`` publishes OMEMO devices; no need to wait for OMEMO's start."""
        return bool(await self.device_lists.has_devices(peer))

    def _on_session_start(self, _event: Any) -> None:
        # Once per client (the plugin outlives reconnections); again when the last start
        # failed, or still waits for answers that the previous stream took with it.
        if self.ready.is_set():
            return
        if self._starting is not None and not self._starting.done():
            self._starting.cancel()
            if self.plugin is not None:
                self.plugin.end_manager()
        self._starting = spawn(self._start_reported(), "OMEMO start")

    async def _start_reported(self) -> None:
        """start(), with a failure logged (a server without PEP, a full disk): the account
        works on without OMEMO, and chats the user encrypted refuse to send."""
        try:
            # After the session's set-up (roster, catch-up, outbox): a logout during it
            # then finds nothing of OMEMO on its way into the closing stream.
            while not self.session.set_up:
                await asyncio.sleep(SETUP_POLL)
            await self.start()
        except Exception as exc:  # noqa: BLE001  any failure leaves OMEMO off, said once
            log.warning("OMEMO could not start for %s: %r", self.session.jid, exc)

    async def settle(self, timeout: float = SETTLE_SECONDS) -> None:
        """Before a logout or quit: let the messages being encrypted go out (what does not
        in time stays in the outbox, for the next session), then stop."""
        if self.session.connection.connected:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.sender.drain(), timeout)
                await asyncio.wait_for(self.rooms.drain(), timeout)
        self.stop()

    def stop(self) -> None:
        """Before a logout or quit: an unfinished start stops (it would publish into a
        closing stream), and the session manager's timers end; the next session builds it
        again from the database."""
        if self._starting is not None and not self._starting.done():
            self._starting.cancel()
        self._starting = None
        self.ready.clear()
        self.device_lists.detach()
        self.receiver.off_loop.close()
        if self.plugin is not None:
            self.plugin.end_manager()

    async def start(self) -> Any:
        """Import the stack off the loop, load the plugin, build the session manager."""
        if self.plugin is None:
            module = await _import_off_loop("heron.crypto.omemo.plugin")
            storage_module = await _import_off_loop("heron.crypto.omemo.storage")
            self.plugin = module.install(self.session.client,
                                         storage_module.SqliteStorage(self.repo), BOTH,
                                         on_key_change=self.keys.changed)
            settle_heap()  # no full collection walks the stack again (omemo_offload.py)
        manager = await self.plugin.get_session_manager()
        self.device_lists.attach(manager)
        self.ready.set()
        log.info("OMEMO ready for %s", self.session.jid)
        return manager

    async def manager(self) -> Any:
        """The session manager (python-omemo), waiting for the start if needed; raises
        RuntimeError when OMEMO could not start."""
        if self._starting is None or (self._starting.done() and not self.ready.is_set()):
            self._starting = spawn(self._start_reported(), "OMEMO start")
        await asyncio.shield(self._starting)
        if not self.ready.is_set() or self.plugin is None:
            raise RuntimeError("OMEMO is not available for this account")
        return await self.plugin.get_session_manager()

    async def own_device(self) -> OwnDevice:
        own = (await (await self.manager()).get_own_device_information())[0]
        return OwnDevice(own.device_id, own.identity_key, frozenset(own.namespaces))
