"""The keys view says which device verified a key automatically (XEP-0450): Alice's phone,
whose key she verified, vouches for Bob's key; the view shows Bob's device as verified, by
her phone, and her own manual verification without such a line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from heron.crypto.omemo.manual_trust import TrustState
from heron.ui import theme
from tests.helpers import until
from tests.integration.omemo_peers import heron_and_peer
from tests.integration.omemo_trust_messages import (
    identity_key,
    omemo2_client,
    reaches,
    send_trust,
    verified_phone,
)
from tests.ui.omemo_window import chat_window, close_all

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

SHOTS = os.environ.get("HERON_SHOTS", "")  # a folder for the screenshots; none in a test run


def _line(dialog: Any, device_id: int, name: str) -> QLabel | None:
    row = dialog.body.findChild(object, f"omemoDevice{device_id}")
    assert row is not None, f"no row for device {device_id}"
    label = row.findChild(QLabel, name)
    return label if isinstance(label, QLabel) else None


async def test_the_keys_view_names_the_device_that_verified_a_key(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    theme.apply(qt_app, "light")
    windows: list[Any] = []
    try:
        async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat, \
                omemo2_client(server, chat.alice, chat.alice_password, "phone") as phone:
            await chat.session.roster.set_item(chat.bob, "Bob", ())
            phone_id, bob_id = await verified_phone(chat, phone)
            await send_trust(phone, chat.alice, chat.bob, trust=(await identity_key(chat.peer),))
            await reaches(chat.session.omemo.trust, chat.bob, bob_id, TrustState.VERIFIED)

            window = await chat_window(chat, windows)
            dialog = window.conversation.omemo_devices.review()
            assert dialog is not None
            windows.append(dialog)
            await until(lambda: dialog.loaded, 30)

            vouched = _line(dialog, bob_id, "verifiedBy")
            assert vouched is not None and vouched.isVisibleTo(dialog)
            assert vouched.text() == f"✓ Verified by your device {phone_id} (automatically)"
            assert "automatic trust management" in vouched.toolTip()
            state = _line(dialog, bob_id, "trustState")
            assert state is not None and state.text() == "Verified"
            assert _line(dialog, phone_id, "verifiedBy") is None  # verified by Alice herself
            dialog.grab().save("/tmp/omemo-vouched.png")
            if SHOTS:
                dialog.grab().save(str(Path(SHOTS) / "omemo-vouched.png"))
    finally:
        close_all(windows)
