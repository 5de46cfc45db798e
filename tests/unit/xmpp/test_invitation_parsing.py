"""Room invitations read from real stanzas (XEP-0249, XEP-0045 §7.8.2): what is believed."""

from __future__ import annotations

from slixmpp.xmlstream import ET

from heron.core.events import RoomInvited
from heron.xmpp import policy
from heron.xmpp.services.muc_invites import is_invitation, parse_invitation

ME = "alice@example.org"
ROOM = "lounge@conference.example.org"
USER = "http://jabber.org/protocol/muc#user"


def _parse(xml: str) -> RoomInvited | None:
    return parse_invitation(ME, ET.fromstring(xml))


def test_a_direct_invitation_with_plain_text() -> None:
    got = _parse(f"<message xmlns='jabber:client' from='bob@example.org/pc' to='{ME}'>"
                 f"<x xmlns='jabber:x:conference' jid='{ROOM}/ignored' password='pw&lt;1&gt;'"
                 " reason='&lt;b&gt;come&lt;/b&gt;&#10;now'/></message>")
    assert got == RoomInvited(ME, ROOM, "bob@example.org", "<b>come</b>now", "pw<1>")
    assert _parse("<message xmlns='jabber:client' from='bob@example.org/pc'>"
                  "<x xmlns='jabber:x:conference' jid='not a jid'/></message>") is None


def test_a_mediated_invitation_only_from_the_rooms_bare_address() -> None:
    body = (f"<x xmlns='{USER}'><invite from='bob@example.org/pc'><reason>hi</reason></invite>"
            "<password>pw</password></x><x xmlns='jabber:x:conference' jid='" + ROOM + "'/>")
    got = _parse(f"<message xmlns='jabber:client' from='{ROOM}'>{body}</message>")
    assert got == RoomInvited(ME, ROOM, "bob@example.org", "hi", "pw", mediated=True)
    hidden = _parse(f"<message xmlns='jabber:client' from='{ROOM}'><x xmlns='{USER}'>"
                    f"<invite from='{ROOM}/Bob'/></x></message>")
    assert hidden is not None and hidden.inviter == f"{ROOM}/Bob"
    assert _parse(f"<message xmlns='jabber:client' from='{ROOM}/Bob'>{body}</message>") is None
    assert _parse(f"<message xmlns='jabber:client' from='mallory@example.org/x'>{body}"
                  "</message>") is None
    assert policy.mediated_invitation_ok(ROOM)
    assert policy.mediated_invitation_ok(f"{ROOM}/Bob").reason == "not-bare"
    assert policy.mediated_invitation_ok("conference.example.org").reason == "not-a-room"


def test_what_counts_as_an_invitation() -> None:
    assert is_invitation(ET.fromstring("<message xmlns='jabber:client'>"
                                       "<x xmlns='jabber:x:conference' jid='a@b'/></message>"))
    assert is_invitation(ET.fromstring(f"<message xmlns='jabber:client'><x xmlns='{USER}'>"
                                       "<invite/></x></message>"))
    assert not is_invitation(ET.fromstring(f"<message xmlns='jabber:client'><x xmlns='{USER}'/>"
                                           "<body>a private message</body></message>"))
