# XEP-0384: OMEMO Encryption (slixmpp-omemo's plugin, with Heron's storage and trust policy)
"""slixmpp-omemo's XEP_0384 plugin as Heron configures it.

Differences from the plugin as shipped (slixmpp-omemo 2.2):

- The OMEMO versions are chosen per client (``namespaces`` in the plugin config): Heron runs
  both, the test peers run one or both. The shipped plugin always loads both backends.
- The storage is given in the config (``omemo_storage``): Heron's is the profile's SQLite.
- Trust is blind trust before verification (BTBV): a new device of a contact whose devices
  the user never verified is trusted at once. Where the user did decide on a device, a new one
  stays undecided and is left out of messages until the user decides (manual_trust.py).
- A device list notification is believed only from its owner's account (xmpp/policy.py).
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from typing import Any

import oldmemo
import oldmemo.etree
import omemo
import slixmpp.plugins
import twomemo
import twomemo.etree
from omemo.session_manager import SessionManager, TrustDecisionFailed
from omemo.storage import Storage
from omemo.types import DeviceInformation, DeviceList
from slixmpp import JID
from slixmpp.stanza import Message
from slixmpp_omemo import XEP_0384
from slixmpp_omemo.xep_0384 import (
    _make_options_form,
    _make_session_manager,
    _publish_item_and_configure_node,
)

from heron.core.tasks import spawn
from heron.crypto.omemo import BOTH, OLDMEMO, TWOMEMO, pubkeys
from heron.crypto.omemo.key_guard import with_key_guard
from heron.crypto.omemo.manual_trust import decide_blindly, leave_out, with_left_out
from heron.crypto.omemo.publish_retry import with_publish_retry
from heron.crypto.omemo.storage import with_held_sends
from heron.xmpp.services.omemo_device_lists import believed_item

log = logging.getLogger(__name__)

#: A contact's device lists are downloaded again before encrypting when older than this (PEP
#: notifications keep them fresh in between for contacts with a mutual subscription).
DEVICE_LIST_MAX_AGE = 60.0
#: Pre keys: refill as soon as one is used (python-omemo's default)
PRE_KEY_REFILL_THRESHOLD = 99


class HeronOmemo(XEP_0384):
    """Configured with ``{"omemo_storage": Storage, "namespaces": (...), "btbv": bool}``."""

    name = "xep_0384"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._manager: SessionManager | None = None
        self._building: asyncio.Task[SessionManager] | None = None
        self._refreshed: dict[tuple[str, str], float] = {}

    # --- what the shipped plugin asks its subclass for ----------------------------------------

    @property
    def storage(self) -> Storage:
        store: Storage = self.config["omemo_storage"]
        return store

    @property
    def _btbv_enabled(self) -> bool:
        return bool(self.config.get("btbv", True))

    @property
    def namespaces(self) -> tuple[str, ...]:
        chosen: tuple[str, ...] = tuple(self.config.get("namespaces", BOTH))
        return chosen

    async def _prompt_manual_trust(self, manually_trusted: frozenset[DeviceInformation],
                                   identifier: str | None) -> None:
        # A contact with a device the user decided on gets no blind trust for new ones: the
        # sender leaves them out of the message (manual_trust.py); elsewhere encrypting fails.
        waiting = await decide_blindly(await self.get_session_manager(), manually_trusted)
        if not waiting or leave_out(waiting):
            return
        raise TrustDecisionFailed(
            "new devices of " + ", ".join(sorted({d.bare_jid for d in waiting}))
            + " wait for a trust decision")

    # --- the session manager with our choice of backends --------------------------------------

    def session_bind(self, jid: Any) -> None:
        # The shipped plugin builds the session manager here in a task nobody awaits (its
        # failure was never retrieved); its owner calls get_session_manager() instead.
        pass

    async def get_session_manager(self) -> SessionManager:
        if self._manager is not None:
            return self._manager
        if self._building is None:
            self._building = asyncio.ensure_future(self._build())
        try:
            manager = await asyncio.shield(self._building)
        except Exception:
            self._building = None  # the next call tries again (a later session)
            raise
        if self._manager is None:
            self._manager = manager
            self.xmpp.event("omemo_initialized")
        return manager

    async def _build(self) -> SessionManager:
        backends: list[omemo.Backend] = []
        if TWOMEMO in self.namespaces:
            backends.append(twomemo.Twomemo(self.storage, 1000, None))
        if OLDMEMO in self.namespaces:
            backends.append(oldmemo.Oldmemo(self.storage, 1000, None))
        impl = with_left_out(_with_bundle_room(_make_session_manager(self.xmpp, self), self.xmpp))
        impl = with_publish_retry(impl)  # a refused publish is tried again (publish_retry.py)
        # a known device's identity key never changes (key_guard.py)
        impl = with_key_guard(impl, self.storage, self.config.get("on_key_change"))
        # what it sends while decrypting waits until the decryption's writes are stored
        impl = with_held_sends(impl)
        manager: SessionManager = await impl.create(
            backends, self.storage, self.xmpp.boundjid.bare,
            initial_own_label=None, undecided_trust_level_name="UNDECIDED",
            signed_pre_key_rotation_period=7 * 24 * 60 * 60,
            pre_key_refill_threshold=PRE_KEY_REFILL_THRESHOLD)
        # Publishes our device list and bundle in each namespace where they are missing.
        await manager.ensure_data_consistency()
        await manager.after_history_sync()
        return manager

    def end_manager(self) -> None:
        """Stop the session manager (its timers) and any build of it; the next
        get_session_manager() builds it again from storage."""
        building, self._building = self._building, None
        if building is not None and not building.done():
            building.cancel()
        manager, self._manager = self._manager, None
        if manager is not None:
            spawn(manager.shutdown(), "OMEMO shutdown")

    def plugin_end(self) -> None:
        self.end_manager()
        super().plugin_end()

    # --- device lists ------------------------------------------------------------------------

    async def _on_device_list_update(self, msg: Message) -> None:
        if (item := believed_item(msg, report=False)) is None:
            return
        parsed = _parse_device_list(item, self.namespaces)
        if parsed is None:
            log.info("ignored a device list we cannot read from %s", msg["from"].bare)
            return
        namespace, devices = parsed
        manager = await self.get_session_manager()
        await manager.update_device_list(namespace, msg["from"].bare, devices)

    async def refresh_device_lists(self, jids: set[JID], force_download: bool = False) -> None:
        """Download the device lists of ``jids`` in each of our namespaces unless fresh (the
        shipped version asks for both namespaces whatever the client speaks)."""
        manager = await self.get_session_manager()
        now = time.monotonic()
        for jid in jids:
            bare = JID(jid).bare  # our own too: our other devices get our messages
            for namespace in self.namespaces:
                last = self._refreshed.get((bare, namespace))
                if not force_download and last is not None and now - last < DEVICE_LIST_MAX_AGE:
                    continue
                try:
                    await manager.refresh_device_list(namespace, bare)
                except omemo.DeviceListDownloadFailed as exc:
                    log.debug("no %s device list for %s: %s", namespace, bare, exc)
                self._refreshed[(bare, namespace)] = now


#: OMEMO 2 keeps every device's bundle as one item of one node. A server that does not take
#: max_items among the publish options (ejabberd 23.01: "Unknown field") gets the bundle
#: without it and then a node configuration with room for this many devices; published as
#: shipped, the node kept its default of one item there and each device's bundle pushed out
#: the others'.
BUNDLE_ITEMS = "64"
BUNDLES_NODE = "urn:xmpp:omemo:2:bundles"


def _with_bundle_room(impl: type[SessionManager], xmpp: Any) -> type[SessionManager]:
    """The shipped session manager, publishing OMEMO 2 bundles into a node that holds one
    item per device on every server."""

    class BundleRoom(impl):  # type: ignore[valid-type,misc]
        @staticmethod
        async def _upload_bundle(bundle: omemo.Bundle) -> None:
            if not isinstance(bundle, twomemo.twomemo.BundleImpl):
                await impl._upload_bundle(bundle)
                return
            pubsub, own = xmpp.plugin["xep_0060"], xmpp.boundjid.bare
            options = {"pubsub#access_model": "open", "pubsub#persist_items": "true"}
            item, item_id = twomemo.etree.serialize_bundle(bundle), str(bundle.device_id)
            try:
                await _publish_item_and_configure_node(
                    pubsub, own, BUNDLES_NODE, item, item_id=item_id,
                    options={**options, "pubsub#max_items": "max"})
                return
            except Exception:  # noqa: BLE001  a server without max_items in publish options
                log.debug("publishing the OMEMO 2 bundle with max_items failed; configuring")
            try:
                await _publish_item_and_configure_node(pubsub, own, BUNDLES_NODE, item,
                                                       item_id=item_id, options=options)
                await pubsub.set_node_config(own, BUNDLES_NODE, _make_options_form(
                    "http://jabber.org/protocol/pubsub#node_config",
                    {"pubsub#max_items": BUNDLE_ITEMS}))
            except Exception as exc:
                raise omemo.BundleUploadFailed(f"Bundle upload failed: {bundle}") from exc

    return BundleRoom


def _parse_device_list(item: Any, namespaces: tuple[str, ...]) -> tuple[str, DeviceList] | None:
    """(namespace, {device id: label}) of a device list item in one of ``namespaces``."""
    if TWOMEMO in namespaces:
        element = item.find(f"{{{TWOMEMO}}}devices")
        if element is not None:
            try:
                return TWOMEMO, dict(twomemo.etree.parse_device_list(element))
            except Exception:  # noqa: BLE001  a malformed list is ignored, as a missing one
                return None
    if OLDMEMO in namespaces:
        element = item.find(f"{{{OLDMEMO}}}list")
        if element is not None:
            try:
                return OLDMEMO, dict(oldmemo.etree.parse_device_list(element))
            except Exception:  # noqa: BLE001
                return None
    return None


def install(client: Any, storage: Storage, namespaces: tuple[str, ...] = BOTH,
            *, btbv: bool = True, on_key_change: Any = None) -> HeronOmemo:
    """Load the plugin into ``client`` (before or after login); returns it.
    ``on_key_change``: awaited with a refused KeyChange (key_guard.py)."""
    pubkeys.install()  # pre keys' public halves computed once (pubkeys.py)
    slixmpp.plugins.register_plugin(HeronOmemo)
    client.register_plugin("xep_0384", {"omemo_storage": storage, "namespaces": namespaces,
                                        "btbv": btbv, "on_key_change": on_key_change},
                           module=sys.modules[__name__])
    plugin: HeronOmemo = client.plugin["xep_0384"]
    return plugin
