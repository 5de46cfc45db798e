# XEP-0166 §6.8/§7.2.1-2 content-add and content-accept; XEP-0167 §9: adding video to a call
"""Adding a content to a running Jingle RTP session (video to an audio call).

The side that adds renegotiates its media (``MediaSession.make_offer`` on a live session adds
what is missing and returns the whole new offer) and sends only the new ``<content/>`` in a
content-add. The other side rebuilds the whole offer from the contents it knows plus the new
one, answers it, and sends the new content back in content-accept; the adder rebuilds the whole
answer the same way. The m-lines keep their order: the known contents first, the new last.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

from slixmpp.exceptions import IqError, IqTimeout

from heron.calls.sdp_jingle import GROUPING, JINGLE, Role, SdpError, jingle_to_sdp, sdp_to_jingle
from heron.core.tasks import spawn
from heron.xmpp.plugins.xep_0166 import ACK, JingleReply

if TYPE_CHECKING:
    from heron.xmpp.services.jingle_rtp import _Call

log = logging.getLogger(__name__)

CONTENT = f"{{{JINGLE}}}content"


def contents_of(jingle: ET.Element) -> list[ET.Element]:
    return list(jingle.findall(CONTENT))


def session_sdp(contents: list[ET.Element], role: Role, sid: str) -> str:
    """The whole description of one side: its contents, bundled (as Heron always offers)."""
    jingle = ET.Element(f"{{{JINGLE}}}jingle")
    group = ET.SubElement(jingle, f"{{{GROUPING}}}group", {"semantics": "BUNDLE"})
    for content in contents:
        ET.SubElement(group, f"{{{GROUPING}}}content", {"name": content.get("name", "")})
    jingle.extend(contents)
    return jingle_to_sdp(jingle, role, sid)


def _merge(known: list[ET.Element], new: list[ET.Element]) -> list[ET.Element]:
    names = {c.get("name") for c in new}
    return [c for c in known if c.get("name") not in names] + new


class ContentChanges:
    """Mixed into JingleRtpService: ``add_video`` and the content-add/accept handlers."""

    client: Any
    _plugin: Any
    _calls: dict[str, _Call]

    def _roles(self, call: _Call) -> tuple[Role, Role]:
        return ("initiator", "responder") if call.outgoing else ("responder", "initiator")

    async def add_video(self, sid: str) -> None:
        """Adds our camera to a running call (content-add); the peer answers content-accept."""
        call = self._calls.get(sid)
        if call is None or call.media is None or call.ended:
            return
        mine, _ = self._roles(call)
        offer = await call.media.make_offer(audio=True, video=True)
        known = {c.get("name") for c in call.local}
        new = [c for c in sdp_to_jingle(offer, mine, creator=mine)
               if c.tag == CONTENT and c.get("name") not in known]
        if not new:
            return
        call.local = _merge(call.local, new)
        call.video = True
        await self._send_contents(call, "content-add", new)

    async def _send_contents(self, call: _Call, action: str, contents: list[ET.Element]) -> None:
        iq = self._plugin.make_jingle(call.peer, action, call.sid, call.initiator)
        iq["jingle"].xml.extend(contents)
        try:
            await iq.send(timeout=15)
        except (IqError, IqTimeout) as exc:
            log.info("%s %s refused: %s", action, call.sid, exc)

    def on_content_change(self, call: _Call, action: str, xml: ET.Element) -> JingleReply:
        new = contents_of(xml)
        if not new or call.media is None:
            return JingleReply("bad-request")
        if action == "content-add":
            spawn(self._answer_content(call, new), "answer a content-add")
        else:
            spawn(self._apply_content(call, new), "apply a content-accept")
        return ACK

    async def _answer_content(self, call: _Call, new: list[ET.Element]) -> None:
        mine, theirs = self._roles(call)
        media = call.media
        if media is None:
            return
        call.remote = _merge(call.remote, new)
        names = {c.get("name") for c in new}
        try:
            answer = await media.answer(session_sdp(call.remote, theirs, call.sid),
                                        audio=True, video=call.video)
            accepted = [c for c in sdp_to_jingle(answer, mine, creator=theirs)
                        if c.tag == CONTENT and c.get("name") in names]
        except (SdpError, ValueError) as exc:
            log.info("cannot take the content-add of %s: %s", call.sid, exc)
            return
        call.local = _merge(call.local, accepted)
        await self._send_contents(call, "content-accept", accepted)

    async def _apply_content(self, call: _Call, accepted: list[ET.Element]) -> None:
        _, theirs = self._roles(call)
        media = call.media
        if media is None:
            return
        call.remote = _merge(call.remote, accepted)
        try:
            await media.apply_answer(session_sdp(call.remote, theirs, call.sid))
        except (SdpError, ValueError) as exc:
            log.info("cannot apply the content-accept of %s: %s", call.sid, exc)
