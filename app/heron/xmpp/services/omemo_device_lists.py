# XEP-0384 §4.2/§4.3 (both versions): contacts' device lists, kept current from PEP
"""What Heron knows of each contact's OMEMO device lists, without waiting for the OMEMO stack.

Whether a chat is encrypted by default depends only on whether the contact publishes OMEMO
devices, so that answer is kept here, for both namespaces, from two sources: the PEP
notifications (our capabilities carry the device lists' ``+notify`` from the first presence,
so the server sends each contact's last item after login and every change after it) and an
explicit query of the contact's device list nodes when a decision needs an answer that has not
arrived yet. "No devices" is an answer like any other: it stays true until a notification says
otherwise, and a message to such a contact goes out at once.

What keeps an answer current: a contact whose presence we are subscribed to (roster
subscription "to" or "both") sends us every change, so their answer stays current for the
whole stream. Nobody else notifies us: their answer is trusted for ``MAX_AGE`` seconds and
asked again after. A new stream (not a resumed one) may have missed changes: everything known
before it is stale until this stream's notification or query answer confirms it.

The lists are read here by hand (a few ids): nothing on this path waits for python-omemo's
import. The OMEMO session manager is given what was learned before it encrypts (``feed``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import TYPE_CHECKING, Any

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout

from heron.core.tasks import spawn
from heron.crypto.omemo import BOTH, OLDMEMO, TWOMEMO
from heron.xmpp import policy
from heron.xmpp.slixcalls import send_iq

if TYPE_CHECKING:
    from heron.xmpp.services.omemo import OmemoService

log = logging.getLogger(__name__)

#: Each namespace's device list node, and the event name slixmpp-omemo maps it to (the same
#: names, so that its plugin, once loaded, hears the same notifications).
NODES = {TWOMEMO: ("urn:xmpp:omemo:2:devices", "twomemo_device_list"),
         OLDMEMO: ("eu.siacs.conversations.axolotl.devicelist", "oldmemo_device_list")}
#: The element that holds the devices in each namespace's list item
LIST_TAGS = {TWOMEMO: f"{{{TWOMEMO}}}devices", OLDMEMO: f"{{{OLDMEMO}}}list"}
#: How long an answer about a contact who sends us no notifications stays current
MAX_AGE = 60.0
#: How long a decision waits for a device list that has not arrived (right after login): an
#: explicit query answers within a round trip, a notification within a few
ANSWER_SECONDS = 3.0
MAX_DEVICE_ID = 2**32 - 1  # device ids are 32-bit, never 0

DeviceList = dict[int, str | None]  # device id -> label (OMEMO 2 only)


def parse_list(item: Any, namespace: str) -> DeviceList | None:
    """The device list in a PEP item's payload (an ``<item/>`` element); None when there is
    none in ``namespace`` or it is malformed (then it is ignored, as python-omemo does)."""
    element = item.find(LIST_TAGS[namespace])
    if element is None:
        return None
    devices: DeviceList = {}
    for device in element:
        if device.tag != f"{{{namespace}}}device":
            continue
        try:
            device_id = int(device.get("id", ""))
        except ValueError:
            return None
        if not 0 < device_id <= MAX_DEVICE_ID:
            return None
        devices[device_id] = device.get("label") if namespace == TWOMEMO else None
    return devices


def believed_item(msg: Any, report: bool = True) -> Any | None:
    """The one item of a device list notification, when its sender may publish it (the
    owner's account, xmpp/policy.py); None otherwise. A refusal is logged when ``report``
    (the plugin's own handler sees the same notification and leaves the log to this module)."""
    items = msg["pubsub_event"]["items"]
    if len(items) != 1:
        return None
    item = items["item"].xml
    verdict = policy.omemo_device_list_ok(msg["from"], item.get("publisher", ""))
    if not verdict:
        if report:
            policy.log_rejected("omemo device list", verdict.reason, sender=str(msg["from"]))
        return None
    return item


class DeviceLists:
    def __init__(self, service: OmemoService) -> None:
        self.session = service.session
        self._lists: dict[tuple[str, str], DeviceList] = {}  # (bare, namespace): last known
        self._confirmed: dict[tuple[str, str], float] = {}  # ... learned in this stream, when
        self._fed: dict[tuple[str, str], DeviceList] = {}  # ... as the session manager has it
        self._asking: dict[str, asyncio.Future[None]] = {}  # bare -> its query in flight
        self._manager: Any = None  # python-omemo's session manager while OMEMO runs
        self._changed = asyncio.Event()  # set (and replaced) whenever something is learned
        client = self.session.client
        pubsub: Any = client.plugin["xep_0060"]
        for namespace, (node, event) in NODES.items():
            pubsub.map_node_event(node, event)
            client.add_event_handler(f"{event}_publish",
                                     lambda msg, ns=namespace: self._on_published(msg, ns))
            for gone in ("retract", "delete", "purge"):  # no list: no devices
                client.add_event_handler(f"{event}_{gone}",
                                         lambda msg, ns=namespace: self._on_gone(msg, ns))
        # A resumed stream lost nothing; a new one may have missed changes.
        client.add_event_handler("session_start", self._on_new_stream)

    # --- what is known -----------------------------------------------------------------------

    def current(self, peer: str, namespace: str) -> bool:
        """Whether the known list of ``peer`` in ``namespace`` is known to be up to date."""
        confirmed = self._confirmed.get((peer, namespace))
        if confirmed is None:
            return False
        return self._notifies(peer) or time.monotonic() - confirmed < MAX_AGE

    def known(self, peer: str, namespace: str) -> DeviceList | None:
        """The last list of ``peer`` in ``namespace`` learned (None: never learned)."""
        return self._lists.get((peer, namespace))

    async def refresh(self, peer: str, namespace: str) -> None:
        """Query the list of ``peer`` in ``namespace`` now (omemo_off_list.py)."""
        await self._query_one(peer, namespace)

    def answer(self, peer: str) -> bool | None:
        """Whether ``peer`` publishes OMEMO devices, from what is current; None: not known."""
        lists = [(ns, self._lists.get((peer, ns))) for ns in BOTH if self.current(peer, ns)]
        if any(devices for _ns, devices in lists):
            return True
        return False if len(lists) == len(BOTH) else None

    def last_known(self, peer: str) -> bool | None:
        """The answer from any stream, however old; None when nothing was ever learned."""
        lists = [self._lists[key] for ns in BOTH if (key := (peer, ns)) in self._lists]
        return any(lists) if lists else None

    async def has_devices(self, peer: str, wait: float = ANSWER_SECONDS) -> bool | None:
        """Whether ``peer`` publishes OMEMO devices: at once when that is current, else after
        the first notification or query answer that settles it (at most ``wait`` seconds,
        then the last known answer, or None when there never was one)."""
        if (known := self.answer(peer)) is not None:
            return known
        self.ask(peer)
        deadline = time.monotonic() + wait
        while (known := self.answer(peer)) is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return self.last_known(peer)
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)
        return known

    def ask(self, peer: str) -> None:
        """Query the device lists of ``peer`` that are not current (once at a time)."""
        asking = self._asking.get(peer)
        if asking is not None and not asking.done():
            return
        wanted = [ns for ns in BOTH if not self.current(peer, ns)]
        if wanted and self.session.connection.connected:
            self._asking[peer] = spawn(self._query(peer, wanted), "OMEMO device lists")

    def attach(self, manager: Any) -> None:
        """OMEMO has started: its session manager gets what was learned before and, from now
        on, each list as it is learned."""
        self._manager = manager
        for peer in {peer for peer, _ns in self._confirmed}:
            spawn(self.feed(manager, peer), "OMEMO device lists")

    def detach(self) -> None:
        self._manager = None

    async def feed(self, manager: Any, peer: str) -> None:
        """Give python-omemo's session manager the lists of ``peer`` it has not had yet (our
        own account's lists it keeps itself: it publishes them)."""
        if peer == self.session.jid:
            return
        for namespace in BOTH:
            key = (peer, namespace)
            devices = self._lists.get(key)
            if devices is None or key not in self._confirmed or self._fed.get(key) == devices:
                continue
            try:
                await manager.update_device_list(namespace, peer, devices)
            except Exception as exc:  # noqa: BLE001  a manager that stopped meanwhile
                log.info("the %s device list of %s was not taken: %r", namespace, peer, exc)
                return
            self._fed[key] = devices

    # --- how it is learned -------------------------------------------------------------------

    def _notifies(self, peer: str) -> bool:
        """Whether ``peer``'s server sends us their changes (we see their presence)."""
        if peer == self.session.jid:
            return True  # our own account's PEP notifies each of our resources
        roster = self.session.client.client_roster
        return roster.has_jid(peer) and roster[peer]["subscription"] in ("to", "both")

    def _learn(self, peer: str, namespace: str, devices: DeviceList) -> None:
        key = (peer, namespace)
        self._lists[key] = devices
        self._confirmed[key] = time.monotonic()
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()
        if self._manager is not None:
            spawn(self.feed(self._manager, peer), "OMEMO device lists")

    def _on_published(self, msg: Any, namespace: str) -> None:
        if (item := believed_item(msg)) is None:
            return
        devices = parse_list(item, namespace)
        if devices is None:
            log.info("ignored a %s device list we cannot read from %s", namespace,
                     msg["from"].bare)
            return
        self._learn(msg["from"].bare, namespace, devices)

    def _on_gone(self, msg: Any, namespace: str) -> None:
        if policy.omemo_device_list_ok(msg["from"], ""):
            self._learn(msg["from"].bare, namespace, {})

    def _on_new_stream(self, _event: Any) -> None:
        self._confirmed.clear()
        self._asking.clear()  # their answers went with the old stream

    async def _query(self, peer: str, namespaces: list[str]) -> None:
        await asyncio.gather(*(self._query_one(peer, ns) for ns in namespaces))

    async def _query_one(self, peer: str, namespace: str) -> None:
        iq = self.session.client.Iq(sto=JID(peer), stype="get")
        iq["pubsub"]["items"]["node"] = NODES[namespace][0]
        iq["pubsub"]["items"]["max_items"] = 1
        try:
            result = await send_iq(iq, timeout=ANSWER_SECONDS)
        except IqError as exc:
            # No node (item-not-found), or none we may read (forbidden ...): no devices that
            # we could encrypt to, which is an answer too.
            log.debug("no %s device list for %s: %s", namespace, peer, exc.condition)
            self._learn(peer, namespace, {})
            return
        except IqTimeout:
            return  # no answer: nothing learned (the decision falls back on what was known)
        items = list(result["pubsub"]["items"])
        devices = parse_list(items[0].xml, namespace) if items else {}
        self._learn(peer, namespace, devices or {})
