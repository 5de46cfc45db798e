# XEP-0167 §7: informational messages during a call (mute, unmute, hold, unhold, active)
"""What each side tells the other about a running call, in session-info.

Out: the user turns the microphone or the camera off or on (``mute``, naming the content of that
medium with its creator, as the XEP's example and Dino do), or puts the call on hold and back.
In: the same from the peer become ``CallInfoReceived`` for the call window to say in plain
words. A hold asks us (the holdee) to stop sending until unhold or active (§7.2); we keep
receiving. Ringing is handled by the session itself (it changes the caller's call state).
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

from slixmpp.exceptions import IqError, IqTimeout

from heron.calls.sdp_jingle import RTP
from heron.core.events import CallInfoReceived
from heron.xmpp.plugins.xep_0166 import ACK, JingleReply
from heron.xmpp.plugins.xep_0167 import INFO_ELEMENTS, NS_INFO

if TYPE_CHECKING:
    from heron.xmpp.services.jingle_rtp import _Call
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

#: what the call window hears of; "ringing" is the caller's call state instead
TOLD = ("mute", "unmute", "hold", "unhold", "active")
INFO_TIMEOUT = 15.0


def content_medium(content: ET.Element) -> str:
    description = content.find(f"{{{RTP}}}description")
    return description.get("media", "") if description is not None else ""


def medium_of(contents: list[ET.Element], name: str) -> str:
    """The medium ("audio", "video") of the content called ``name``; "" when none is."""
    return next((content_medium(c) for c in contents if c.get("name") == name), "")


def info_reply(xml: ET.Element) -> JingleReply:
    """XEP-0167 §7: ringing, active, hold, mute ... are acked; an empty one is a ping;
    anything else is ``unsupported-info`` (XEP-0166 §7.2.10)."""
    for child in xml:
        if child.tag.startswith(f"{{{NS_INFO}}}") and child.tag.split("}")[1] in INFO_ELEMENTS:
            continue
        return JingleReply.unsupported_info()
    return ACK


class CallInfo:
    """Mixed into JingleRtpService: ``mute`` and ``hold`` out, ``on_info`` in."""

    session: AccountSession
    _plugin: Any
    _calls: dict[str, _Call]

    async def mute(self, sid: str, muted: bool, media: str = "audio") -> None:
        """Our microphone (``media`` "audio") or camera ("video") went off or on again."""
        call = self._calls.get(sid)
        if call is None or call.ended:
            return
        named = [c for c in call.local if content_medium(c) == media]
        if not named:  # the camera of an audio call: nothing the peer receives changed
            return
        tag = "mute" if muted else "unmute"
        await self._tell(call, [(tag, {"creator": c.get("creator", "initiator"),
                                       "name": c.get("name", "")}) for c in named])

    async def hold(self, sid: str, on: bool) -> None:
        """We put the call on hold (we stop listening; the window silences the peer), or take
        it back."""
        call = self._calls.get(sid)
        if call is None or call.ended:
            return
        await self._tell(call, [("hold" if on else "unhold", {})])

    async def _tell(self, call: _Call, payloads: list[tuple[str, dict[str, str]]]) -> None:
        # One informational payload per session-info, as the XEP's examples send them.
        for tag, attrs in payloads:
            iq = self._plugin.make_jingle(call.peer, "session-info", call.sid, call.initiator)
            ET.SubElement(iq["jingle"].xml, f"{{{NS_INFO}}}{tag}", attrs)
            try:
                await iq.send(timeout=INFO_TIMEOUT)
            except (IqError, IqTimeout) as exc:  # the call goes on; the peer just won't know
                log.info("session-info %s of %s: %s", tag, call.sid, exc)

    def on_info(self, call: _Call, xml: ET.Element) -> JingleReply:
        reply = info_reply(xml)
        if reply is not ACK:
            return reply
        for child in xml:
            tag = child.tag.split("}")[1]
            if tag not in TOLD:
                continue
            media = ""
            if tag in ("mute", "unmute") and child.get("name") is not None:
                media = medium_of(call.remote + call.local, child.get("name", ""))
                if not media:  # a content this call does not have
                    continue
            if tag in ("hold", "unhold", "active"):
                self._held_by_peer(call, tag == "hold")
            self.session.bus.publish(CallInfoReceived(self.session.jid, call.sid, call.peer,
                                                      tag, media))
        return ACK

    @staticmethod
    def _held_by_peer(call: _Call, held: bool) -> None:
        """§7.2: the holdee SHOULD stop sending media, and MUST keep accepting it."""
        set_held = getattr(call.media, "set_held", None)
        if set_held is not None:
            set_held(held)
