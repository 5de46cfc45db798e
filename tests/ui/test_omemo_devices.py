"""The devices view and the chat's row about a new device (issue 11 point 3), driven like a
person would against the real server and OMEMO peers: verify Bob's device by its fingerprint,
Bob adds a tablet, the chat says it gets no messages until Alice decides, "Review devices"
opens the view and "Trust" includes it. Also writes docs/screenshots/omemo-devices(-dark).png.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from slixmpp import JID

from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.crypto.omemo.fingerprint import blocks, fingerprint
from heron.crypto.omemo.manual_trust import TrustState
from heron.crypto.omemo.trust_uri import NamedKey, build
from heron.ui import theme
from heron.ui.main_window import MainWindow
from heron.ui.omemo_devices import OmemoDevicesDialog
from heron.ui.uri_actions import open_link
from tests.helpers import until
from tests.integration.omemo_peers import heron_and_peer, published_device_ids, start_omemo_peer
from tests.integration.parties import stop_peer
from tests.ui.windows import loop_survives_close

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

SHOTS = os.environ.get("HERON_SHOTS", "")  # a folder for the screenshots; none in a test run


def _button(dialog: OmemoDevicesDialog, device_id: int, name: str) -> QPushButton:
    row = dialog.body.findChild(object, f"omemoDevice{device_id}")
    assert row is not None, f"no row for device {device_id}"
    button = row.findChild(QPushButton, name)
    assert isinstance(button, QPushButton)
    return button


def _state(dialog: OmemoDevicesDialog, device_id: int) -> str:
    row = dialog.body.findChild(object, f"omemoDevice{device_id}")
    label = row.findChild(QLabel, "trustState") if row is not None else None
    return label.text() if isinstance(label, QLabel) else ""


@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_verify_then_decide_on_a_new_device(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path, scheme: str) -> None:
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    theme.apply(qt_app, scheme)
    windows: list[Any] = []
    try:
        async with heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat:
            tablet = await start_omemo_peer(server, chat.bob, chat.bob_password, "both",
                                            resource="tablet")
            try:
                await _drive(qtbot, chat, tablet, windows, scheme)
            finally:
                await stop_peer(tablet.client)
    finally:
        for window in windows:
            window.close()


async def _drive(qtbot: Any, chat: Any, tablet: Any, windows: list[Any], scheme: str) -> None:
    await chat.session.roster.set_item(chat.bob, "Bob", ())
    window = MainWindow(chat.app)
    windows.append(window)
    window.resize(900, 560)
    window.show()
    await until(lambda: window.roster_model.row_for(chat.bob) is not None, 30)
    await window.open_conversation(chat.alice, chat.bob)
    phone = await chat.peer.device_id()
    tablet_id = await tablet.device_id()
    trust = chat.session.omemo.trust
    # Alice met Bob with his phone and verifies it in the devices view by its fingerprint.
    lock = window.conversation.omemo_lock.button
    assert lock.menu() is not None  # the lock's menu opens the keys view
    window.conversation.omemo_devices.keys_action.trigger()
    dialog = window.conversation.omemo_devices.dialog
    assert dialog is not None and dialog.isVisible()
    windows.append(dialog)
    await until(lambda: dialog.loaded, 30)
    printed = [label.text() for label in dialog.findChildren(QLabel, "fingerprint")]
    bob_key = next(d for d in await trust.devices(chat.bob) if d.device_id == phone)
    assert blocks(bob_key.identity_key.hex()) in printed  # OMEMO 2 form, blocks of 8
    own = await chat.session.omemo.own_device()
    assert blocks(own.identity_key.hex()) in printed  # hers beside, to compare
    assert len(printed[0].split(" ")) == 8
    assert printed.count(blocks(own.identity_key.hex())) == 1  # this device once
    assert dialog.body.findChild(object, f"omemoDevice{phone}")\
        .findChild(QPushButton, "removeDeviceButton") is None  # only own devices are removed
    qtbot.mouseClick(_button(dialog, phone, "verifyButton"), Qt.MouseButton.LeftButton)
    await until(lambda: dialog.loaded and _state(dialog, phone) == "Verified", 30)
    # The tablet (seen now) waits: the first message goes to the phone only, the chat says so.
    dialog.close()
    await chat.session.omemo.plugin.refresh_device_lists({JID(chat.bob)}, force_download=True)
    assert {d.state for d in await trust.devices(chat.bob) if d.device_id == tablet_id} \
        == {TrustState.UNDECIDED}
    window.composer.setPlainText("Only for the phone you showed me")
    qtbot.keyClick(window.composer, Qt.Key.Key_Return)
    await until(lambda: (TWOMEMO, "Only for the phone you showed me") in chat.peer.decrypted, 30)
    banner = window.conversation.omemo_devices.banner
    text = window.conversation.omemo_devices.label
    await until(banner.isVisible, 30)
    assert text.text() == ("Bob has a new device that you have not verified. Messages are not "
                           "encrypted for it until you decide.")
    suffix = "" if scheme == "light" else "-dark"
    window.grab().save(str(Path("/tmp") / f"omemotrust-chat{suffix}.png"))
    qtbot.mouseClick(window.conversation.omemo_devices.review_button, Qt.MouseButton.LeftButton)
    dialog = window.conversation.omemo_devices.dialog
    assert dialog is not None
    windows.append(dialog)
    await until(lambda: dialog.loaded, 30)
    assert _state(dialog, tablet_id).startswith("Not decided")
    seen = dialog.body.findChild(object, f"omemoDevice{tablet_id}").findChild(QLabel, "lastSeen")
    assert seen.text() == "No message from it yet"
    qtbot.mouseClick(_button(dialog, tablet_id, "trustButton"), Qt.MouseButton.LeftButton)
    await until(lambda: dialog.loaded and _state(dialog, tablet_id) == "Trusted (not verified)",
                30)
    await until(lambda: not banner.isVisible(), 30)
    # This device's QR code carries its fingerprints in both versions' xmpp: form.
    assert not dialog.qr.pixmap().isNull()
    assert dialog.own_uri == build(chat.alice, [
        NamedKey(ns, own.device_id, fingerprint(own.identity_key, ns))
        for ns in (TWOMEMO, OLDMEMO)])
    # Bob's tablet shows its QR; Alice pastes its link: the tablet is verified, and a link
    # with a wrong fingerprint for the phone is said, not believed.
    tablet_key = next(d for d in await trust.devices(chat.bob) if d.device_id == tablet_id)
    link = build(chat.bob, [
        NamedKey(OLDMEMO, tablet_id, fingerprint(tablet_key.identity_key, OLDMEMO)),
        NamedKey(OLDMEMO, phone, "ab" * 32)])
    await chat.session.omemo.trust.set_state(chat.bob, phone, TrustState.TRUSTED)
    await until(lambda: dialog.loaded, 30)
    qtbot.keyClicks(dialog.uri_edit, link)
    qtbot.keyClick(dialog.uri_edit, Qt.Key.Key_Return)
    await until(lambda: dialog.loaded and _state(dialog, tablet_id) == "Verified", 30)
    assert dialog.uri_result.text() == (
        f"Verified: device {tablet_id}. Not verified, the fingerprint differs: device {phone}. "
        "Ask your contact which is right.")
    assert _state(dialog, phone) == "Trusted (not verified)"
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / f"omemo-devices{suffix}.png"))


async def test_a_stale_own_device_is_removed_after_asking(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    with loop_survives_close():
        await _remove_stale(qtbot, server, make_user, tmp_path)


async def _remove_stale(qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat:
        old_phone = await start_omemo_peer(server, chat.alice, chat.alice_password, "both",
                                           resource="old-phone")
        old_id = await old_phone.device_id()
        await stop_peer(old_phone.client)  # lost: it never comes back
        await chat.session.roster.set_item(chat.bob, "Bob", ())
        await chat.session.omemo.plugin.refresh_device_lists({JID(chat.alice)},
                                                             force_download=True)
        window = MainWindow(chat.app)
        try:
            window.show()
            await until(lambda: window.roster_model.row_for(chat.bob) is not None, 30)
            await window.open_conversation(chat.alice, chat.bob)
            dialog = window.conversation.omemo_devices.review()
            assert dialog is not None
            await until(lambda: dialog.loaded, 30)
            own = await chat.session.omemo.own_device()
            assert dialog.body.findChild(object, f"omemoDevice{own.device_id}")\
                .findChild(QPushButton, "removeDeviceButton") is None  # not this one
            remove = _button(dialog, old_id, "removeDeviceButton")
            qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
            confirm = dialog.confirm
            assert confirm is not None and confirm.isVisible()
            qtbot.mouseClick(confirm.cancel, Qt.MouseButton.LeftButton)
            for namespace in (TWOMEMO, OLDMEMO):  # Cancel removes nothing
                assert old_id in await published_device_ids(chat.peer.client, chat.alice,
                                                            namespace)
            qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
            assert dialog.confirm is not None
            qtbot.mouseClick(dialog.confirm.ok, Qt.MouseButton.LeftButton)
            await until(lambda: dialog.loaded
                        and dialog.body.findChild(object, f"omemoDevice{old_id}") is None, 30)
            for namespace in (TWOMEMO, OLDMEMO):  # as Bob's client reads Alice's lists
                published = await published_device_ids(chat.peer.client, chat.alice, namespace)
                assert old_id not in published and own.device_id in published
            dialog.close()
        finally:
            window.close()


async def test_an_opened_fingerprint_link_verifies_the_contacts_device(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    with loop_survives_close():
        await _open_link(server, make_user, tmp_path)


async def _open_link(server: Any, make_user: Any, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "legacy") as chat:
        await chat.session.roster.set_item(chat.bob, "Bob", ())
        window = MainWindow(chat.app)
        try:
            window.show()
            await until(lambda: window.roster_model.row_for(chat.bob) is not None, 30)
            phone = await chat.peer.device_id()
            manager = await chat.peer.omemo.get_session_manager()
            key = (await manager.get_own_device_information())[0].identity_key
            # What Bob's Conversations shows as a QR code, clicked or given to Heron.
            link = build(chat.bob, [NamedKey(OLDMEMO, phone, fingerprint(key, OLDMEMO))])
            open_link(window, link)
            await until(lambda: window.conversation.omemo_devices.dialog is not None, 30)
            dialog = window.conversation.omemo_devices.dialog
            assert dialog is not None
            await until(lambda: dialog.uri_result.text() == f"Verified: device {phone}.", 30)
            assert window.current == (chat.alice, chat.bob)
            states = {d.device_id: d.state for d in
                      await chat.session.omemo.trust.devices(chat.bob)}
            assert states == {phone: TrustState.VERIFIED}
            dialog.close()
        finally:
            window.close()
