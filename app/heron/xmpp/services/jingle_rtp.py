# XEP-0166/0167: Jingle RTP sessions over ICE-UDP (XEP-0176) with DTLS-SRTP (XEP-0320)
"""One Jingle session per call, driving a ``MediaSession`` (calls/api.py: ``JingleCalls``).

Caller: :meth:`start` makes the offer, sends session-initiate and applies the session-accept.
Callee: :meth:`expect` (the user accepted the proposal) answers the session-initiate that
follows from exactly that device with that sid. A direct session-initiate (no proposal) from a
contact in the roster rings (``CallIncoming``) and is answered only once the user accepts
(``expect``): until then nothing of ours but acks and "ringing" goes out, so none of the user's
addresses. Who may say what is decided by ``policy.jingle_initiate_ok``/``jingle_action_ok``.
aiortc puts every local candidate into its descriptions, so Heron trickles none itself; the
peer's trickled ones (transport-info) reach the media, held until its description is set.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, cast

from slixmpp.exceptions import IqError, IqTimeout

from heron.calls.api import CallRequest, MediaConfig, MediaFactory, MediaSession, MediaState
from heron.calls.sdp_jingle import (
    GROUPING,
    ICE,
    RTP,
    SdpError,
    candidate_line,
    jingle_to_sdp,
    sdp_to_jingle,
)
from heron.core.errors import HeronError
from heron.core.events import CallEnded, CallIncoming, CallStateChanged
from heron.core.tasks import spawn
from heron.xmpp import policy
from heron.xmpp.plugins import advertise_calls
from heron.xmpp.plugins.xep_0166 import ACK, JingleReply
from heron.xmpp.plugins.xep_0167 import NS_INFO
from heron.xmpp.services.jingle_contents import ContentChanges, bundled, contents_of
from heron.xmpp.services.jingle_info import CallInfo, info_reply
from heron.xmpp.services.jingle_modify import ContentModify
from heron.xmpp.services.jingle_reasons import reason_of, reason_text, reason_words, refusal

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

ICE_SERVERS_WAIT = 5.0  # seconds; a server that does not answer must not hold a call up

IQ_TIMEOUT = 15.0
QUIT_WAIT = 3.0  # seconds a quit waits for the peers to take our session-terminates

@dataclass
class _Call:
    sid: str
    peer: str  # the other device's full JID
    initiator: str
    outgoing: bool
    video: bool
    media: MediaSession | None = None
    described: bool = False  # the remote description is set: trickled candidates may go in
    early: list[tuple[str, str]] = field(default_factory=list)  # (mid, candidate) before that
    accepted: bool = False  # session-accept sent or received
    # The contents as each side last described them (for content-add: jingle_contents.py).
    local: list[ET.Element] = field(default_factory=list)
    remote: list[ET.Element] = field(default_factory=list)
    ended: bool = False
    bundled: bool = True  # the peer bundles its contents (Dino does not: XEP-0338)


@dataclass
class _Held:
    """A direct session-initiate waiting for the user: nothing but acks has gone out."""

    sid: str
    peer: str
    jingle: ET.Element
    audio: bool
    video: bool
    early: list[tuple[str, str]] = field(default_factory=list)


def _media_of(jingle: ET.Element) -> tuple[bool, bool]:
    kinds = {d.get("media") for d in jingle.iter(f"{{{RTP}}}description")}
    return "audio" in kinds, "video" in kinds


def _candidates(jingle: ET.Element) -> list[tuple[str, str]]:
    found = []
    for content in jingle.findall("{urn:xmpp:jingle:1}content"):
        for candidate in content.iter(f"{{{ICE}}}candidate"):
            found.append((content.get("name", ""), candidate_line(candidate)))
    return found


class JingleRtpService(ContentChanges, CallInfo, ContentModify):
    """``calls.api.JingleCalls`` for one account. Calls stay off (and out of disco) until
    :meth:`enable` gives it a media factory."""

    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.client = session.client
        self._factory: MediaFactory | None = None
        self._config = MediaConfig()
        self._calls: dict[str, _Call] = {}
        self._expected: dict[str, CallRequest] = {}
        self._held: dict[str, _Held] = {}
        # Set by the ringing service (XEP-0353): is this sid a proposal the user has not
        # accepted yet? Its session-initiate must not ring a second time.
        self.is_proposed: Any = lambda _sid: False
        self._plugin: Any = cast(Any, self.client.plugin)["xep_0166"]
        self._plugin.on_jingle = self._on_jingle
        self.client.add_event_handler("presence_unavailable", self._on_unavailable)

    def enable(self, factory: MediaFactory, config: MediaConfig | None = None) -> None:
        self._factory = factory
        self._config = config or MediaConfig()
        advertise_calls(self.client, True)
        if self.client.sessionstarted:  # tell contacts now: a new caps hash (XEP-0115)
            spawn(self._readvertise(), "announce call features")

    async def disable(self) -> None:
        """No calls: out of disco, and contacts learn it (a machine with calls turned off)."""
        self._factory = None
        advertise_calls(self.client, False)
        if self.client.sessionstarted:
            await self._readvertise()

    async def _readvertise(self) -> None:
        await self.client.plugin["xep_0030"].update_caps(broadcast=False)
        self.session.presence.announce()

    @property
    def enabled(self) -> bool:
        return self._factory is not None

    # --- JingleCalls ------------------------------------------------------------------------

    def media(self, sid: str) -> MediaSession | None:
        call = self._calls.get(sid)
        return call.media if call and not call.ended else None

    async def start(self, request: CallRequest) -> None:
        if self._factory is None:
            raise RuntimeError("calls are not enabled")
        own = str(self.client.boundjid)
        call = _Call(request.sid, request.peer, own, outgoing=True, video=request.video)
        self._calls[request.sid] = call
        await self._ask_ice_servers()
        call.media = self._new_media(call)
        iq = self._plugin.make_jingle(request.peer, "session-initiate", request.sid, own)
        try:
            offer = await call.media.make_offer(request.audio, request.video)
            iq["jingle"].xml.extend(sdp_to_jingle(offer, "initiator"))
        except (SdpError, ValueError, OSError, HeronError) as exc:  # nothing went out
            log.warning("cannot make an offer for %s: %s", request.sid, exc)
            await self._end(call, "media-error")
            return
        call.local = contents_of(iq["jingle"].xml)
        self._state(call, "connecting")
        try:
            await iq.send(timeout=IQ_TIMEOUT)
        except IqTimeout:
            await self._end(call, "timeout")
        except IqError as exc:
            log.info("session-initiate %s refused: %s", request.sid, exc.iq["error"]["condition"])
            await self._end(call, refusal(exc.iq))

    def expect(self, request: CallRequest) -> None:
        self._expected[request.sid] = request
        held = self._held.pop(request.sid, None)
        if held is not None and policy.jingle_action_ok(held.peer, request.peer):
            spawn(self._answer(held, request), "answer a call")

    async def hang_up(self, sid: str, reason: str = "success") -> None:
        self._expected.pop(sid, None)
        held = self._held.pop(sid, None)
        if held is not None:  # the user declined a direct call
            await self._send_terminate(sid, held.peer, held.peer, reason)
            self._publish_end(sid, held.peer, reason)
            return
        call = self._calls.get(sid)
        if call is None or call.ended:
            return
        await self._send_terminate(sid, call.peer, call.initiator, reason)
        await self._end(call, reason)

    async def end_all(self, wait: float = QUIT_WAIT) -> None:
        """The account goes offline (quit, log out): every running call is hung up with a
        session-terminate, so the other side hears "hung up" rather than "gone" later. Waits
        at most ``wait`` seconds for the answers: quitting must not hang on a silent peer."""
        calls = [call for call in self._calls.values() if not call.ended]
        if calls and self.client.is_connected():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*(
                    self._send_terminate(c.sid, c.peer, c.initiator, "success")
                    for c in calls)), wait)
        for call in calls:
            await self._end(call, "success")

    # --- media ------------------------------------------------------------------------------

    async def _ask_ice_servers(self) -> None:
        """STUN/TURN from the user's server (XEP-0215), asked right before each call: TURN
        credentials expire (the service keeps them while they are valid)."""
        services = getattr(self.session, "external_services", None)
        if services is None:
            return
        try:
            servers = await asyncio.wait_for(services.ice_servers(), ICE_SERVERS_WAIT)
        except TimeoutError:
            log.info("no STUN/TURN list in time; the call tries direct paths only")
            return
        self._config = replace(self._config, ice_servers=servers)

    def _new_media(self, call: _Call) -> MediaSession:
        if self._factory is None:
            raise RuntimeError("calls are not enabled")
        media = self._factory(self._config)
        media.on_state = lambda state: self._on_media_state(call, state)
        return media

    def _on_media_state(self, call: _Call, state: MediaState) -> None:
        if call.ended:
            return
        if state == "connected":
            self._state(call, "connected")
        elif state == "failed":
            spawn(self.hang_up(call.sid, "connectivity-error"), "end a failed call")

    async def _answer(self, held: _Held, request: CallRequest) -> None:
        own = str(self.client.boundjid)
        call = _Call(held.sid, held.peer, held.peer, outgoing=False,
                     video=request.video and held.video, early=list(held.early),
                     remote=contents_of(held.jingle), bundled=bundled(held.jingle))
        self._calls[held.sid] = call
        await self._ask_ice_servers()
        call.media = self._new_media(call)
        self._state(call, "connecting")
        try:
            offer = jingle_to_sdp(held.jingle, "initiator", held.sid)
            answer = await call.media.answer(offer, request.audio, call.video)
        except (SdpError, ValueError, HeronError) as exc:  # HeronError: no microphone
            log.info("cannot answer %s: %s", held.sid, exc)
            await self.hang_up(held.sid, "failed-application")
            return
        await self._described(call)
        iq = self._plugin.make_jingle(held.peer, "session-accept", held.sid,
                                                        held.peer, own)
        # aiortc's answer always says BUNDLE; an offer without it (Dino's) keeps its contents
        # apart (RFC 8843 §7.3.1), so the accept must not claim it.
        iq["jingle"].xml.extend(c for c in sdp_to_jingle(answer, "responder")
                                if call.bundled or c.tag != f"{{{GROUPING}}}group")
        call.local = contents_of(iq["jingle"].xml)
        call.accepted = True
        try:
            await iq.send(timeout=IQ_TIMEOUT)
        except (IqError, IqTimeout) as exc:
            log.info("session-accept %s refused: %s", held.sid, exc)
            await self._end(call, "failed-application")

    async def _described(self, call: _Call) -> None:
        call.described = True
        early, call.early = call.early, []
        for mid, candidate in early:
            await self._add_candidate(call, mid, candidate)

    async def _add_candidate(self, call: _Call, mid: str, candidate: str) -> None:
        if call.media is None or call.ended:
            return
        try:
            await call.media.add_remote_candidate(mid, candidate)
        except (ValueError, KeyError) as exc:
            log.info("ignored a remote candidate of %s: %s", call.sid, exc)

    async def _apply_accept(self, call: _Call, jingle: ET.Element) -> None:
        if call.media is None:
            return
        call.remote = contents_of(jingle)
        call.bundled = bundled(jingle)
        try:
            await call.media.apply_answer(jingle_to_sdp(jingle, "responder", call.sid))
        except (SdpError, ValueError) as exc:
            log.info("cannot apply the answer of %s: %s", call.sid, exc)
            await self.hang_up(call.sid, "failed-application")
            return
        await self._described(call)

    # --- the end ----------------------------------------------------------------------------

    async def _send_terminate(self, sid: str, peer: str, initiator: str, reason: str) -> None:
        iq = self._plugin.make_terminate(peer, sid, initiator, reason)
        try:
            await iq.send(timeout=IQ_TIMEOUT)
        except (IqError, IqTimeout) as exc:  # the call ends here whatever the peer says
            log.info("session-terminate %s: %s", sid, exc)

    async def _end(self, call: _Call, reason: str, text: str = "",
                   by_peer: bool = False) -> None:
        if call.ended:
            return
        call.ended = True
        if self._calls.get(call.sid) is call:
            del self._calls[call.sid]
        self._expected.pop(call.sid, None)
        if call.media is not None:
            await call.media.close()
        self._publish_end(call.sid, call.peer, reason, text, by_peer=by_peer)

    def _publish_end(self, sid: str, peer: str, reason: str, text: str = "", *,
                     missed: bool = False, by_peer: bool = False) -> None:
        words = reason_text(reason) + (f" ({text})" if text else "")
        self.session.bus.publish(CallEnded(self.session.jid, sid, peer, reason, words,
                                           missed=missed, by_peer=by_peer))

    def _state(self, call: _Call, state: str) -> None:
        self.session.bus.publish(CallStateChanged(self.session.jid, call.sid, call.peer, state,
                                                  call.video, call.outgoing))

    def _on_unavailable(self, presence: Any) -> None:
        """The peer's device went offline: its calls are over (XEP-0166 reason "gone")."""
        sender = str(presence["from"])
        for call in list(self._calls.values()):
            if policy.jingle_action_ok(sender, call.peer):
                spawn(self._end(call, "gone"), "end a call with a device gone")
        for held in list(self._held.values()):
            if policy.jingle_action_ok(sender, held.peer):
                del self._held[held.sid]
                self._publish_end(held.sid, held.peer, "gone", missed=True)

    # --- incoming Jingle --------------------------------------------------------------------

    def _on_jingle(self, iq: Any) -> JingleReply:
        jingle = iq["jingle"]
        action, sid, sender = jingle["action"], jingle["sid"], str(iq["from"])
        if action == "session-initiate":
            return self._on_initiate(sid, sender, jingle.xml)
        call = self._calls.get(sid)
        held = self._held.get(sid)
        peer = call.peer if call else held.peer if held else None
        if peer is None:
            policy.log_rejected("jingle", "unknown-session", sender=sender, action=action)
            return JingleReply.unknown_session()
        verdict = policy.jingle_action_ok(sender, peer)
        if not verdict:
            policy.log_rejected("jingle", verdict.reason, sender=sender, action=action)
            return JingleReply.unknown_session()
        if call is not None:
            return self._on_call_action(call, action, jingle.xml)
        return self._on_held_action(held, action, jingle.xml) if held else ACK

    def _tie_break(self, sid: str, sender: str) -> JingleReply | None:
        """XEP-0166 §7.2.16: we and the peer initiated at once. The lower sid (then the lower
        JID) wins: ours wins with <conflict/><tie-break/>; theirs wins and ours is dropped."""
        for call in list(self._calls.values()):
            if not call.outgoing or call.accepted or not policy.jingle_action_ok(sender,
                                                                               call.peer):
                continue
            own = str(self.client.boundjid)
            if (call.sid.encode(), own.encode()) < (sid.encode(), sender.encode()):
                return JingleReply.tie_break()
            self._calls.pop(call.sid, None)  # theirs goes on under its sid
            spawn(self._end(call, "alternative-session"), "give way to the peer's call")
        if sid in self._calls or sid in self._held:
            return JingleReply.out_of_order()  # a repeated initiate, or another's sid
        return None

    def _on_initiate(self, sid: str, sender: str, xml: ET.Element) -> JingleReply:
        clash = self._tie_break(sid, sender)
        if clash is not None:
            return clash
        if self._factory is None:
            return JingleReply("service-unavailable")
        expected = self._expected.get(sid)
        other = any(policy.jingle_action_ok(sender, r.peer) for s, r in self._expected.items()
                    if s != sid)
        bare = str(iq_bare(sender))
        contact = self.session.roster.contact(bare)
        in_roster = contact is not None and contact.subscription in ("both", "to", "from")
        verdict = policy.jingle_initiate_ok(sender, expected.peer if expected else None, other,
                                            bool(self.is_proposed(sid)), in_roster)
        if not verdict:
            policy.log_rejected("jingle", verdict.reason, sender=sender, action="session-initiate")
            return JingleReply.unknown_session()
        audio, video = _media_of(xml)
        held = _Held(sid, sender, copy.deepcopy(xml), audio, video)  # its candidates: in the SDP
        if expected is not None:
            spawn(self._answer(held, expected), "answer a call")
            return ACK
        self._held[sid] = held
        self.session.bus.publish(CallIncoming(self.session.jid, sid, sender, audio, video))
        spawn(self._send_ringing(held), "say it rings")
        return ACK

    async def _send_ringing(self, held: _Held) -> None:
        iq = self._plugin.make_jingle(held.peer, "session-info", held.sid,
                                                        held.peer, str(self.client.boundjid))
        ET.SubElement(iq["jingle"].xml, f"{{{NS_INFO}}}ringing")
        try:
            await iq.send(timeout=IQ_TIMEOUT)
        except (IqError, IqTimeout) as exc:
            log.info("ringing %s: %s", held.sid, exc)

    def _on_held_action(self, held: _Held, action: str, xml: ET.Element) -> JingleReply:
        if action == "transport-info":
            held.early.extend(_candidates(xml))
            return ACK
        if action == "session-terminate":  # the caller gave up before the user answered
            self._held.pop(held.sid, None)
            reason = reason_of(xml)
            self._publish_end(held.sid, held.peer, reason, missed=True)
            return ACK
        if action == "session-info":
            return info_reply(xml)
        return JingleReply.out_of_order()

    def _on_call_action(self, call: _Call, action: str, xml: ET.Element) -> JingleReply:  # noqa: PLR0911  a return per action
        if action == "session-accept":
            if not call.outgoing or call.accepted:
                return JingleReply.out_of_order()
            call.accepted = True
            spawn(self._apply_accept(call, copy.deepcopy(xml)), "apply an answer")
            return ACK
        if action == "transport-info":
            for mid, candidate in _candidates(xml):
                if call.described:
                    spawn(self._add_candidate(call, mid, candidate), "add a candidate")
                else:
                    call.early.append((mid, candidate))
            return ACK
        if action == "session-terminate":
            reason = reason_of(xml)
            spawn(self._end(call, reason, reason_words(xml), by_peer=True), "end a call")
            return ACK
        if action in ("content-add", "content-accept", "content-reject", "content-remove"):
            return self.on_content_change(call, action, copy.deepcopy(xml))
        if action == "session-info":
            reply = self.on_info(call, xml)
            if reply is ACK and xml.find(f"{{{NS_INFO}}}ringing") is not None and call.outgoing:
                self._state(call, "ringing")
            return reply
        if action == "content-modify":
            return self.on_content_modify(call, xml)
        return JingleReply("feature-not-implemented")


def iq_bare(full: str) -> str:
    return full.split("/", 1)[0]
