# XEP-0353: Jingle Message Initiation
"""Ringing before a call: propose, ring on all of the user's devices, answer on one.

Caller: ``call(peer)`` sends ``<propose/>`` to the peer's bare JID (a chat message with a
store hint, so that offline devices find it in the archive as a missed call). The peer's
devices answer ``<ringing/>``; the first ``<proceed/>`` names the device that took the call,
and the Jingle service (``session.jingle``, calls/api.JingleCalls) starts the session with
exactly that device. ``cancel`` retracts.

Callee: a believed ``<propose/>`` publishes CallIncoming on every device. ``accept`` sends
``<accept/>`` to our own bare JID (our other devices stop ringing; so does the carbon of our
``<proceed/>``) and ``<proceed/>`` to the caller's device, then tells the Jingle service to
expect that device's session-initiate. ``decline`` sends ``<reject/>`` to both. A retract
before anyone answered is a missed call. Proposals found in the archive or offline storage
after login ring only while still fresh and unanswered; otherwise they were missed calls.

Who may say what is decided by policy.jmi_propose_ok / jmi_action_ok.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.jid import InvalidJID
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from heron.calls.api import CallRequest
from heron.core.events import CallEnded, CallIncoming, CallStateChanged
from heron.core.tasks import spawn
from heron.xmpp import policy
from heron.xmpp.services import jmi_ties
from heron.xmpp.services.chat import delay_stamp

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

NS = "urn:xmpp:jingle-message:0"
RTP = "urn:xmpp:jingle:apps:rtp:1"
JINGLE = "urn:xmpp:jingle:1"
HINTS = "urn:xmpp:hints"
RECEIPTS = "urn:xmpp:receipts"
#: Jingle reasons a <finish/> may carry as they are (XEP-0166 §7.4); others become success
FINISH_REASONS = ("success", "busy", "cancel", "connectivity-error", "decline", "expired",
                  "failed-application", "failed-transport", "general-error", "gone",
                  "security-error", "timeout")
ACTIONS = ("propose", "ringing", "proceed", "accept", "reject", "retract", "finish")
#: A proposal found after login (archive, offline storage) still rings when younger than this
FRESH_SECONDS = 45.0
#: How long archived JMI messages are gathered before their calls are judged
ARCHIVE_GRACE = 1.0
DISCO_TIMEOUT = 5.0
#: an outgoing call nobody answers is given up after this long (retracted, "not answered")
RING_TIMEOUT = 60.0
MAX_SID = 128  # a session id is an attribute from the network: never trusted to be short


@dataclass
class Call:
    """One proposal, either way. ``peer``: the other bare JID when we called (until a device
    proceeds, then that device), the caller's device when we were called."""

    sid: str
    peer: str
    outgoing: bool
    video: bool
    state: str  # proposing, ringing, proceeding, accepted
    answered: bool = False


@dataclass
class _Archived:
    """What the archive (or offline storage) says about one session id."""

    sender: str = ""
    video: bool = False
    stamp: float = 0.0
    outcome: str = ""  # the last action that ended the ringing
    by_own_device: bool = False
    seen: list[str] = field(default_factory=list)


def jmi_child(xml: Any) -> Any:
    """The JMI element of a message, None when it has none."""
    for child in xml:
        if isinstance(child.tag, str) and child.tag.startswith(f"{{{NS}}}"):
            return child
    return None


def _action(element: Any) -> tuple[str, str]:
    action = element.tag.split("}", 1)[1]
    sid = element.get("id", "")
    return (action if action in ACTIONS else ""), (sid if 0 < len(sid) <= MAX_SID else "")


def _wants_video(propose: Any) -> bool:
    return any(d.get("media") == "video" for d in propose.iter(f"{{{RTP}}}description"))


def _full(value: Any) -> str:
    try:
        return str(JID(str(value)))
    except InvalidJID:
        return ""


class JmiService:
    """Ringing for one account. ``allow_strangers`` reads the user's setting "Allow calls from
    people not in my contacts" (off: a stranger's proposal is logged and not answered at all,
    which tells the stranger nothing, not even that this account is online)."""

    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.allow_strangers: Callable[[], bool] = lambda: False
        self.calls: dict[str, Call] = {}
        self._ended: set[str] = set()  # sids that are over: late echoes change nothing
        #: when each call was proposed (the archive's time for one found after login): the
        #: call log's time (services/call_log.py takes it when the call ends)
        self.stamps: dict[str, float] = {}
        self._archived: dict[str, _Archived] = {}
        self._settle: asyncio.TimerHandle | None = None
        self._give_up: dict[str, asyncio.TimerHandle] = {}  # outgoing calls still ringing
        session.bus.subscribe(CallEnded, self._on_call_ended)
        client = session.client
        for action in ACTIONS:  # slixmpp's "message" event needs a body: JMI has none
            client.register_handler(Callback(
                f"Heron JMI {action}", MatchXPath(f"{{jabber:client}}message/{{{NS}}}{action}"),
                self._on_message))
        client.add_event_handler("carbon_received", self._on_carbon)
        client.add_event_handler("message_error", self._bounced)
        self._proposals: dict[str, str] = {}  # our proposals' message ids -> their sids
        client.add_event_handler("carbon_sent", self._on_carbon)
        client.add_event_handler("receipt_received", self._on_receipt)
        client.plugin["xep_0030"].add_feature(NS)

    # --- what the user does ---------------------------------------------------------------

    def call(self, peer_bare: str, video: bool = False) -> str:
        """Ring ``peer_bare``'s devices; returns the session id."""
        sid = str(uuid.uuid4())
        self.stamps[sid] = time.time()
        self.calls[sid] = Call(sid, JID(peer_bare).bare, True, video, "proposing")
        self._send(peer_bare, "propose", sid, media=("audio", "video") if video else ("audio",))
        self._publish_state(self.calls[sid])
        self._give_up[sid] = asyncio.get_running_loop().call_later(
            RING_TIMEOUT, self._unanswered, sid)
        return sid

    def _unanswered(self, sid: str) -> None:
        call = self.calls.get(sid)
        if call is not None and not call.answered:
            self._send(JID(call.peer).bare, "retract", sid, reason="cancel")
            self._end(call, "timeout")

    def cancel(self, sid: str) -> None:
        """The caller hangs up before anyone answered: retract (to the bare JID, as the
        proposal went)."""
        call = self.calls.get(sid)
        if call is None or not call.outgoing or call.answered:
            return
        self._send(JID(call.peer).bare, "retract", sid, reason="cancel")
        self._end(call, "cancel")

    def retract_all(self) -> None:
        """The account goes offline: our calls that still ring elsewhere are retracted."""
        for call in list(self.calls.values()):
            if call.outgoing and not call.answered:
                self.cancel(call.sid)

    def accept(self, sid: str, video: bool | None = None) -> None:
        """Answer on this device (``video``: False for "accept audio only")."""
        call = self.calls.get(sid)
        if call is None or call.outgoing or call.answered:
            return
        call.answered, call.state = True, "accepted"
        if video is not None:
            call.video = call.video and video
        self._send(self.session.jid, "accept", sid)
        self._send(call.peer, "proceed", sid)
        jingle = getattr(self.session, "jingle", None)
        if jingle is not None:
            jingle.expect(CallRequest(peer=call.peer, sid=sid, video=call.video))
        self._publish_state(call)

    def decline(self, sid: str) -> None:
        call = self.calls.get(sid)
        if call is None or call.outgoing or call.answered:
            return
        self._send(call.peer, "reject", sid, reason="decline")
        self._send(self.session.jid, "reject", sid, reason="decline")
        self._end(call, "decline")

    async def reachable(self, peer_bare: str) -> str:
        """Whether ``peer_bare`` can be called now: "ok" when one of their online devices says
        (disco, answered from caps where known) that it takes JMI or Jingle RTP calls,
        "offline" with no device online, else "unsupported"."""
        devices = self.session.roster.online_resources(peer_bare)  # a contact's only
        if not devices:
            return "offline"
        disco = self.session.client.plugin["xep_0030"]
        for resource in devices:
            try:
                info = await disco.get_info(jid=JID(f"{peer_bare}/{resource}"), cached=True,
                                            timeout=DISCO_TIMEOUT)
            except (IqError, IqTimeout):
                continue
            # a cached answer is the <query/> itself, a fresh one the <iq/> around it
            query = info if getattr(info, "plugin_attrib", "") == "disco_info" \
                else info["disco_info"]
            if {NS, RTP} & set(query["features"]):
                return "ok"
        return "unsupported"

    # --- the wire ------------------------------------------------------------------------

    def _send(self, to: str, action: str, sid: str, reason: str = "",
              media: tuple[str, ...] = ()) -> None:
        self._message(to, action, sid, reason, media)[0].send()

    def send_tie(self, to: str, action: str, sid: str, migrated_to: str = "") -> None:
        """A reject or retract that lost a tie break, or a finish of a call that moved to a
        new session (services/jmi_ties.py): reason <expired/>, as XEP-0353 §6 shows them."""
        msg, element = self._message(to, action, sid, "expired")
        reason = element.find(f"{{{JINGLE}}}reason")
        ET.SubElement(reason, f"{{{JINGLE}}}text").text = (
            "Session migrated" if migrated_to else "Tie-Break")
        if migrated_to:
            ET.SubElement(element, f"{{{NS}}}migrated", {"to": migrated_to})
        else:
            ET.SubElement(element, f"{{{NS}}}tie-break")
        msg.send()

    def forget(self, call: Call, reason: str, quiet: bool = False) -> None:
        """Ends ``call`` here; ``quiet``: its Jingle session tells the end instead."""
        if quiet:
            self._stop_timer(call.sid)
            self.calls.pop(call.sid, None)
            self._ended.add(call.sid)
        else:
            self._end(call, reason)

    def take(self, sid: str, sender: str, video: bool) -> None:
        """Answers a proposal without ringing (the user was calling this person already)."""
        self.calls[sid] = Call(sid, sender, False, video, "ringing")
        self.stamps[sid] = time.time()
        self.accept(sid, video)

    def _message(self, to: str, action: str, sid: str, reason: str = "",
                 media: tuple[str, ...] = ()) -> tuple[Any, Any]:
        """One JMI message: a chat message with a store hint (XEP-0353 §3), so that the
        archive and offline storage keep it for devices that are not online now."""
        msg = self.session.client.make_message(mto=to, mtype="chat")
        if action == "propose":
            # Conversations tells "ringing" by a receipt (XEP-0184) to the proposal instead
            # of <ringing/>, and only when asked; it names its own proposals this way too.
            msg["id"] = f"jm-propose-{sid}"
            ET.SubElement(msg.xml, f"{{{RECEIPTS}}}request")
        element = ET.SubElement(msg.xml, f"{{{NS}}}{action}", {"id": sid})
        for kind in media:  # XEP-0167 descriptions, one per medium, as Conversations sends
            ET.SubElement(element, f"{{{RTP}}}description", {"media": kind})
        if reason:
            ET.SubElement(ET.SubElement(element, f"{{{JINGLE}}}reason"), f"{{{JINGLE}}}{reason}")
        ET.SubElement(msg.xml, f"{{{HINTS}}}store")
        if action == "propose":
            self._proposals[str(msg["id"])] = sid
        return msg, element

    def _on_receipt(self, msg: Any) -> None:
        """A receipt for our proposal from the callee's account: its device rings."""
        sid = self._proposals.get(str(msg["receipt"]))
        call = self.calls.get(sid) if sid is not None else None
        if call is None or not call.outgoing:
            return
        sender = str(msg["from"])
        if JID(sender).bare != JID(call.peer).bare:  # only the callee's devices ring for it
            policy.log_rejected("jmi-receipt", "not-the-callee", sender=sender)
            return
        self._caller_hears(call, "ringing", sender)

    def _on_message(self, msg: Any) -> None:
        element = jmi_child(msg.xml)
        if element is None:
            return
        if msg["type"] not in ("chat", "normal"):
            return
        stamp = delay_stamp(msg.xml)
        if stamp is not None:  # from offline storage: judged with the archive's
            self.archived(msg.xml, stamp)
            return
        self._handle(element, _full(msg["from"]))

    def _bounced(self, msg: Any) -> None:
        """Our proposal came back as an error (no such account, blocked): nobody can ring.
        Found by the message's id (servers need not echo the proposal); believed only from
        the address it went to."""
        sid = self._proposals.get(str(msg["id"]), "")
        call = self.calls.get(sid)
        if call is not None and call.outgoing and not call.answered \
                and _full(msg["from"]) == call.peer:
            self._end(call, "failed-application")

    def _on_carbon(self, outer: Any) -> None:
        """A copy of what our other device sent or received: believed only from our own
        bare JID (policy.carbon_ok), then judged like the rest."""
        sent = outer.xml.find("{urn:xmpp:carbons:2}sent") is not None
        inner = outer["carbon_sent" if sent else "carbon_received"]
        element = jmi_child(inner.xml)
        if element is None:
            return
        verdict = policy.carbon_ok(str(outer["from"]), str(self.session.client.boundjid),
                                   outer["type"])
        if not verdict:
            policy.log_rejected("jmi carbon", verdict.reason, sender=str(outer["from"]))
            return
        self._handle(element, _full(inner["from"]) or self.session.jid)

    def _handle(self, element: Any, sender: str) -> None:
        action, sid = _action(element)
        if not action or not sid or sid in self._ended:
            return
        if action == "propose":
            self._on_propose(sid, sender, _wants_video(element))
            return
        call = self.calls.get(sid)
        if call is None:
            return
        verdict = policy.jmi_action_ok(action, sender, str(self.session.client.boundjid),
                                       call.peer, call.outgoing)
        if not verdict:
            if verdict.reason != "own-echo":
                policy.log_rejected("jmi " + action, verdict.reason, sender=sender, sid=sid)
            return
        if call.outgoing:
            self._caller_hears(call, action, sender)
        else:
            self._callee_hears(call, action, sender)

    def _on_propose(self, sid: str, sender: str, video: bool) -> None:
        known = self.calls.get(sid)
        bare = JID(sender).bare if sender else ""
        verdict = policy.jmi_propose_ok(
            sender, self.session.jid, self.session.roster.is_contact(bare),
            self.allow_strangers(), known.peer if known is not None else None)
        if not verdict:
            if verdict.reason != "own-account":  # our other device calling out
                policy.log_rejected("jmi propose", verdict.reason, sender=sender, sid=sid)
            return
        if known is not None:
            return  # the same proposal again (a copy, the archive)
        if jmi_ties.settle(self, sid, sender, video):  # we call them too, or talk already
            return
        call = Call(sid, sender, False, video, "ringing")
        self.calls[sid] = call
        self.stamps[sid] = time.time()
        self._send(sender, "ringing", sid)
        self.session.bus.publish(CallIncoming(self.session.jid, sid, sender, True, video))

    def _caller_hears(self, call: Call, action: str, sender: str) -> None:
        if action == "ringing" and call.state == "proposing":
            call.state = "ringing"
            self._publish_state(call)
        elif action == "proceed" and not call.answered:
            # The first device to proceed takes the call; later ones are ignored.
            call.answered, call.peer, call.state = True, sender, "proceeding"
            self._stop_timer(call.sid)
            self._publish_state(call)
            jingle = getattr(self.session, "jingle", None)
            if jingle is not None:
                spawn(jingle.start(CallRequest(peer=sender, sid=call.sid, video=call.video)),
                      "jingle start")
        elif action == "reject" and not call.answered:
            self._end(call, "decline")
        elif action == "finish":
            self._finished(call)

    def _callee_hears(self, call: Call, action: str, sender: str) -> None:
        own = JID(sender).bare == self.session.jid
        if own and not call.answered:  # our other device answered (accept/proceed) or declined
            self._end(call, "decline" if action == "reject" else "success", elsewhere=True)
        elif action == "retract" and not call.answered:
            self._end(call, "cancel", missed=True)
        elif action == "finish":
            self._finished(call)

    def _finished(self, call: Call) -> None:
        """<finish/>: unanswered, this is the end. Once answered, the call's Jingle session
        tells its end (its terminate came before this, or is still being handled), and that
        end forgets the call and answers with our own <finish/> (_on_call_ended)."""
        if not call.answered:
            self._end(call, "success", missed=not call.outgoing)

    def _stop_timer(self, sid: str) -> None:
        timer = self._give_up.pop(sid, None)
        if timer is not None:
            timer.cancel()

    def _end(self, call: Call, reason: str, missed: bool = False,
             elsewhere: bool = False) -> None:
        self._stop_timer(call.sid)
        self._proposals = {k: v for k, v in self._proposals.items() if v != call.sid}
        self.calls.pop(call.sid, None)
        self._ended.add(call.sid)
        self.session.bus.publish(CallEnded(self.session.jid, call.sid, call.peer, reason,
                                           missed=missed, elsewhere=elsewhere))

    def _on_call_ended(self, event: CallEnded) -> None:
        """The Jingle session of an answered call is over: say so with <finish/> (XEP-0353
        §3.5) to the other side's device, and forget the call. The ringing's own ends
        (decline, retract, timeout) already forgot theirs."""
        call = self.calls.get(event.sid)
        if event.account != self.session.jid or call is None or not call.answered:
            return
        self.calls.pop(event.sid, None)
        self._ended.add(event.sid)
        reason = event.reason if event.reason in FINISH_REASONS else "success"
        # §3.5: to the other party's full JID (the device that took part), not its account
        self._send(call.peer, "finish", event.sid, reason=reason)

    def _publish_state(self, call: Call) -> None:
        self.session.bus.publish(CallStateChanged(self.session.jid, call.sid, call.peer,
                                                  call.state, call.video, call.outgoing))

    # --- after login: the archive and offline storage ------------------------------------

    def archived(self, inner: Any, stamp: float | None) -> None:
        """A JMI message that was stored while we were away (MAM result or offline delivery,
        already believed as coming from our archive). Gathered for a moment, then judged."""
        element = jmi_child(inner)
        if element is None:
            return
        action, sid = _action(element)
        if not action or not sid or sid in self._ended:
            return
        sender = _full(inner.get("from", ""))
        if sid in self.calls:  # ringing now: a late copy of an answer counts as live
            self._handle(element, sender)
            return
        entry = self._archived.setdefault(sid, _Archived())
        entry.seen.append(action)
        if action == "propose":
            entry.sender, entry.video = sender, _wants_video(element)
            entry.stamp = stamp or time.time()
        elif action != "ringing":
            entry.outcome = entry.outcome or action
            entry.by_own_device = entry.by_own_device or JID(sender).bare == self.session.jid
        if self._settle is not None:
            self._settle.cancel()
        self._settle = asyncio.get_running_loop().call_later(ARCHIVE_GRACE, self._judge)

    def _judge(self) -> None:
        self._settle = None
        entries, self._archived = self._archived, {}
        for sid, entry in entries.items():
            if not entry.sender or sid in self._ended or sid in self.calls:
                continue
            verdict = policy.jmi_propose_ok(
                entry.sender, self.session.jid,
                self.session.roster.is_contact(JID(entry.sender).bare),
                self.allow_strangers(), None)
            if not verdict:
                if verdict.reason != "own-account":
                    policy.log_rejected("jmi propose", verdict.reason, sender=entry.sender,
                                        sid=sid)
                continue
            call = Call(sid, entry.sender, False, entry.video, "ringing")
            self.stamps[sid] = entry.stamp
            if entry.by_own_device:  # answered or declined on another of our devices
                self._ended.add(sid)
            elif entry.outcome:
                self._end(call, "cancel", missed=True)
            elif time.time() - entry.stamp < FRESH_SECONDS:
                self.calls[sid] = call
                self._send(entry.sender, "ringing", sid)
                self.session.bus.publish(CallIncoming(self.session.jid, sid, entry.sender,
                                                      True, entry.video))
            else:
                self._end(call, "timeout", missed=True)
