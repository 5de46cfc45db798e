# XEP-0166 §6.8/§7.2.1-2 content-add and content-accept; XEP-0167 §9: adding video to a call
"""Adding a content to a running Jingle RTP session (video to an audio call).

The side that adds renegotiates its media (``MediaSession.make_offer`` on a live session adds
what is missing and returns the whole new offer) and sends only the new ``<content/>`` in a
content-add. The other side rebuilds the whole offer from the contents it knows plus the new
one, answers it, and sends the new content back in content-accept; the adder rebuilds the whole
answer the same way. The m-lines keep their order: the known contents first, the new last.
"""

from __future__ import annotations

import copy
import logging
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

from slixmpp.exceptions import IqError, IqTimeout

from heron.calls.sdp_jingle import (
    DTLS,
    GROUPING,
    ICE,
    JINGLE,
    Role,
    SdpError,
    jingle_to_sdp,
    sdp_to_jingle,
)
from heron.core.tasks import spawn
from heron.xmpp.plugins.xep_0166 import ACK, JingleReply

if TYPE_CHECKING:
    from heron.xmpp.services.jingle_rtp import _Call

log = logging.getLogger(__name__)

CONTENT = f"{{{JINGLE}}}content"


def contents_of(jingle: ET.Element) -> list[ET.Element]:
    return list(jingle.findall(CONTENT))


def session_sdp(contents: list[ET.Element], role: Role, sid: str, bundle: bool = True) -> str:
    """The whole description of one side: its contents, bundled unless the session is not
    (Dino never bundles: its contents each have their own transport)."""
    jingle = ET.Element(f"{{{JINGLE}}}jingle")
    if bundle:
        group = ET.SubElement(jingle, f"{{{GROUPING}}}group", {"semantics": "BUNDLE"})
        for content in contents:
            ET.SubElement(group, f"{{{GROUPING}}}content", {"name": content.get("name", "")})
    jingle.extend(contents)
    return jingle_to_sdp(jingle, role, sid)


def bundled(jingle: ET.Element) -> bool:
    """Does this session-initiate/accept bundle its contents (XEP-0338 BUNDLE group)?"""
    return any(g.get("semantics") == "BUNDLE" for g in jingle.findall(f"{{{GROUPING}}}group"))


_FLIP = {"active": "passive", "passive": "active"}


def _setup(contents: list[ET.Element]) -> str:
    for fp in (c.find(f"{{{ICE}}}transport/{{{DTLS}}}fingerprint") for c in contents):
        if fp is not None:
            return fp.get("setup", "")
    return ""


def filled(new: list[ET.Element], remote: list[ET.Element],
           local: list[ET.Element]) -> list[ET.Element]:
    """``new`` with an empty ``<transport/>`` given the one the peer's contents share.

    Conversations sends content-add and content-accept with a bare <transport/> (RtpContentMap
    .toContentModification uses IceUdpTransportInfo.STUB) and means the session's bundle; a
    description needs ICE credentials and a fingerprint on every m-line. Its DTLS setup is the
    peer's settled one: theirs if not actpass, else the opposite of ours."""
    shared = next((t for t in (c.find(f"{{{ICE}}}transport") for c in remote)
                   if t is not None and t.get("ufrag")), None)
    if shared is None:
        return new
    peer_setup = _FLIP.get(_setup(local), "")
    return [_given(content, shared, peer_setup) for content in new]


def _given(content: ET.Element, shared: ET.Element, peer_setup: str) -> ET.Element:
    transport = content.find(f"{{{ICE}}}transport")
    if transport is not None and transport.get("ufrag"):
        return content
    content = copy.deepcopy(content)
    for bare in content.findall(f"{{{ICE}}}transport"):
        content.remove(bare)
    given = ET.SubElement(content, f"{{{ICE}}}transport", dict(shared.attrib))
    for fp in shared.findall(f"{{{DTLS}}}fingerprint"):
        mine = ET.SubElement(given, fp.tag, dict(fp.attrib))
        mine.text = fp.text
        if mine.get("setup") == "actpass" and peer_setup:
            mine.set("setup", peer_setup)
    return content


def echoed(accepted: list[ET.Element], offered: list[ET.Element]) -> list[ET.Element]:
    """The contents of a content-accept carry the creator and senders of the content-add:
    Conversations ends the call (out-of-order) when the senders differ
    (JingleRtpConnection.receiveContentAccept compares ContentAddition.summary), and Dino
    writes "initiator" as every content's creator and warns when an accept says otherwise
    (0166_jingle/session.vala handle_content_accept)."""
    by_name = {c.get("name"): c for c in offered}
    for content in accepted:
        asked = by_name.get(content.get("name"))
        if asked is None:
            continue
        content.set("creator", asked.get("creator", content.get("creator", "initiator")))
        if asked.get("senders"):
            content.set("senders", asked.get("senders", "both"))
        else:
            content.attrib.pop("senders", None)
    return accepted


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
        if action in ("content-reject", "content-remove"):
            # Conversations ends the call on any error to its Jingle IQs (JingleRtpConnection
            # .handleIqErrorResponse) and sends these to refuse our content-add or withdraw
            # its own: acked, the contents are forgotten, the call goes on.
            names = {c.get("name") for c in new}
            call.local = [c for c in call.local if c.get("name") not in names]
            call.remote = [c for c in call.remote if c.get("name") not in names]
            log.info("%s of %s: %s", action, call.sid, sorted(str(n) for n in names))
            return ACK
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
        new = filled(new, call.remote, call.local)
        call.remote = _merge(call.remote, new)
        names = {c.get("name") for c in new}
        try:
            answer = await media.answer(session_sdp(call.remote, theirs, call.sid, call.bundled),
                                        audio=True, video=call.video)
            accepted = echoed([c for c in sdp_to_jingle(answer, mine, creator=theirs)
                               if c.tag == CONTENT and c.get("name") in names], new)
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
        call.remote = _merge(call.remote, filled(accepted, call.remote, call.local))
        try:
            await media.apply_answer(session_sdp(call.remote, theirs, call.sid, call.bundled))
        except (SdpError, ValueError) as exc:
            log.info("cannot apply the content-accept of %s: %s", call.sid, exc)
