"""Room invitations in the window: an invitation asks "Bob invites you to …" with Join and
Decline; a room's "Invite…" picks a contact and invites them (real occupants on the rig)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from shiboken6 import isValid

from heron.ui.room_invites import InvitationDialog, InviteDialog
from tests.helpers import until
from tests.integration.rooms import create_room, room_address
from tests.integration.test_room_invitations import MUC_USER, inbox, invite_directly
from tests.ui.room_window import in_a_room

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_accept_decline_and_invite_from_the_room(qtbot: Any, server: Any, make_user: Any,
                                                      tmp_path: Path) -> None:
    async with in_a_room(qtbot, server, make_user, tmp_path, "Carol") as (
            app, alice, window, bob_peer, carol_peer, room):
        session = app.sessions[alice]
        bob, carol = bob_peer.boundjid.bare, carol_peer.boundjid.bare
        await session.roster.set_item(bob, "Bob", ())
        await session.roster.set_item(carol, "Carol", ())
        await until(lambda: window.roster_model.row_for(carol) is not None)
        # A direct invitation: "Bob invites you to …"; Join enters the room and opens it.
        party = room_address(server, "party")
        await create_room(bob_peer, party, "Bob")
        invite_directly(bob_peer, alice, party, "cake at <4>")
        await until(lambda: bool(window.invitations.open))
        dialog = window.invitations.open[-1]
        assert isinstance(dialog, InvitationDialog) and dialog.isVisible()
        assert dialog.text.text() == f"Bob invites you to {party}"
        assert dialog.text.textFormat() == Qt.TextFormat.PlainText
        assert dialog.reason.text() == "“cake at <4>”"
        dialog.grab().save("/tmp/heron-invitation.png")
        qtbot.mouseClick(dialog.join, Qt.MouseButton.LeftButton)
        await until(lambda: party in session.muc.joined(), 15)
        await until(lambda: window.conversation.current == (alice, party))
        # A mediated one, declined: the room tells Bob.
        later = room_address(server, "later")
        await create_room(bob_peer, later, "Bob")
        bob_inbox = inbox(bob_peer)
        bob_peer.plugin["xep_0045"].invite(later, alice, "next week")
        await until(lambda: bool(window.invitations.open)
                    and window.invitations.open[-1].invitation.room == later)
        declined = window.invitations.open[-1]
        qtbot.mouseClick(declined.decline, Qt.MouseButton.LeftButton)
        await until(lambda: any(m.xml.find(f"{{{MUC_USER}}}x/{{{MUC_USER}}}decline") is not None
                                for m in bob_inbox))
        assert later not in session.muc.joined()
        assert not isValid(declined) or not declined.isVisible()
        # "Invite…" in the room's header: Carol (a contact) is invited.
        await window.open_conversation(alice, room)
        button = window.conversation.room.invite_button
        assert button.isVisible()
        carol_inbox = inbox(carol_peer)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        picker = window.findChild(InviteDialog, "inviteDialog")
        assert picker is not None and picker.isVisible()
        items = [picker.contact.itemData(i) for i in range(picker.contact.count())]
        assert items == [bob, carol], "contacts only: no rooms"
        picker.contact.setCurrentIndex(items.index(carol))
        qtbot.keyClicks(picker.reason, "we talk about the release")
        picker.grab().save("/tmp/heron-invite.png")
        qtbot.mouseClick(picker.ok, Qt.MouseButton.LeftButton)
        await until(lambda: any(m.xml.find("{jabber:x:conference}x") is not None
                                for m in carol_inbox))
        got = next(m for m in carol_inbox if m.xml.find("{jabber:x:conference}x") is not None)
        x = got.xml.find("{jabber:x:conference}x")
        assert (x.get("jid"), x.get("reason")) == (room, "we talk about the release")
        # In a one-to-one chat there is nobody to invite to.
        await window.open_conversation(alice, carol)
        assert not button.isVisible()
