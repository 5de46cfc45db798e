# XEP-0353 + XEP-0166/0167: the demo bot takes calls
"""Echo answers calls, so ``heron --demo`` shows a whole call without a second person.

Echo runs Heron's own call stack on its plain slixmpp client rather than a copy of it: the
ringing service (xmpp/services/jmi.py) and the Jingle RTP service (xmpp/services/jingle_rtp.py)
need only a client, a bare JID and an event bus from their session, which :class:`_BotSession`
gives them. So Echo advertises JMI and Jingle RTP in disco (Heron's call buttons enable),
answers a proposal with <ringing/> at once (the ringing service does that), with <proceed/>
to the caller's device after ``RING_SECONDS``, answers the session-initiate with an aiortc
answer, takes trickled candidates, ends on the caller's session-terminate, and hangs up by
itself (reason success) after ``HANG_UP_SECONDS``. Only people in Echo's roster get an answer
(the ringing service's rule with strangers not allowed; the demo user is in the roster).

Its media are synthetic, in its own colours so the user sees it is the bot: a teal bar and a
660 Hz tone (Heron's demo side sends orange and 440 Hz). aiortc loads only when the first
call is answered (heron.calls.media is imported by the media factory).

This module is below the Qt boundary: no PySide6.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from slixmpp import JID, ClientXMPP

from heron.calls.api import MediaConfig, MediaSession
from heron.core.bus import EventBus
from heron.core.events import CallEnded, CallIncoming, RosterEntry
from heron.core.tasks import spawn
from heron.demo.coturn import LocalCoturn
from heron.xmpp.plugins import load_jingle
from heron.xmpp.services.external_services import ExternalServices
from heron.xmpp.services.jingle_rtp import JingleRtpService
from heron.xmpp.services.jmi import JmiService
from heron.xmpp.services.roster import online_resources_of

log = logging.getLogger(__name__)

TONE_HZ = 660
BAR_COLOUR = (0, 160, 150)  # teal
RING_SECONDS = 1.0  # "ringing" before Echo picks up
HANG_UP_SECONDS = 120.0  # a demo call ends by itself after this long


class _BotSession:
    """The part of an AccountSession that the ringing and Jingle services use."""

    def __init__(self, client: ClientXMPP) -> None:
        self.client = client
        self.jid = client.boundjid.bare
        self.bus = EventBus()
        # Echo asks the demo server for STUN/TURN before each call, as Heron does: with the
        # demo's coturn (launch_turn), both sides get relay candidates on 127.0.0.1, so a
        # call connects even where aioice finds no other address than loopback.
        self.external_services = ExternalServices(self)  # type: ignore[arg-type]
        self.roster = _BotRoster(client)


class _BotRoster:
    """Echo's contacts: the subscribed items of the roster its server sent (slixmpp's roster
    also keeps an entry, with no subscription, for anyone whose presence came)."""

    def __init__(self, client: ClientXMPP) -> None:
        self._client = client

    def contact(self, jid: str) -> RosterEntry | None:
        bare = jid.split("/", 1)[0].lower()
        roster = self._client.client_roster
        subscription = str(roster[bare]["subscription"]) if roster.has_jid(bare) else "none"
        return RosterEntry(bare, subscription=subscription) if subscription != "none" else None

    def is_contact(self, jid: str) -> bool:
        return self.contact(jid) is not None

    def online_resources(self, jid: str) -> list[str]:
        return online_resources_of(self._client, jid) if self.is_contact(jid) else []


def _synthetic_media(config: MediaConfig) -> MediaSession:
    from heron.calls.media import AiortcMedia  # noqa: PLC0415  aiortc loads at the first call

    return AiortcMedia(MediaConfig(ice_servers=config.ice_servers, synthetic=True),
                       tone_hz=TONE_HZ, bar_colour=BAR_COLOUR)


class CallAnswerer:
    """Echo's side of calls: picks up every call from a contact and hangs up after a while."""

    def __init__(self, client: ClientXMPP, ring_seconds: float = RING_SECONDS,
                 hang_up_seconds: float = HANG_UP_SECONDS) -> None:
        load_jingle(client)
        self.session = _BotSession(client)
        self.jingle = JingleRtpService(self.session)  # type: ignore[arg-type]
        self.jmi = JmiService(self.session)  # type: ignore[arg-type]
        # The ringing service hands an accepted call to ``session.jingle`` (it expects the
        # caller's session-initiate); Heron's AccountSession has it under the same name.
        self.session.jingle = self.jingle  # type: ignore[attr-defined]
        self.jingle.enable(_synthetic_media)
        self.ring_seconds, self.hang_up_seconds = ring_seconds, hang_up_seconds
        self.answered = 0  # calls picked up, for tests and the log
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self.session.bus.subscribe(CallIncoming, self._ringing)
        self.session.bus.subscribe(CallEnded, self._ended)

    def _ringing(self, call: CallIncoming) -> None:
        spawn(self._pick_up(call), "echo picks up")

    async def _pick_up(self, call: CallIncoming) -> None:
        await asyncio.sleep(self.ring_seconds)
        if call.sid not in self.jmi.calls:
            return  # the caller gave up while it rang
        log.info("Echo answers a call from %s", JID(call.peer).bare)
        self.jmi.accept(call.sid, video=call.video)
        self.answered += 1
        self._timers[call.sid] = asyncio.get_running_loop().call_later(
            self.hang_up_seconds, self._hang_up, call.sid)

    def _hang_up(self, sid: str) -> None:
        self._timers.pop(sid, None)
        spawn(self.jingle.hang_up(sid, "success"), "echo hangs up")

    def _ended(self, event: CallEnded) -> None:
        timer = self._timers.pop(event.sid, None)
        if timer is not None:
            timer.cancel()

    async def close(self) -> None:
        """Hang up every call still running (before the bot disconnects)."""
        for sid, timer in list(self._timers.items()):
            timer.cancel()
            await self.jingle.hang_up(sid, "success")
        self._timers.clear()


def take_calls(client: Any) -> CallAnswerer:
    """Make ``client`` (the demo bot, before it connects) answer calls."""
    return CallAnswerer(client)


def launch_turn(run_dir: Path, port: int, secret: str) -> LocalCoturn | None:
    """The TURN server the demo's Prosody names (XEP-0215), started on the calling thread
    (it dies with it); None when coturn is not installed. Without it, each call first waits
    ~5 s for the named STUN/TURN server that never answers, and a machine with only a
    loopback address cannot call Echo (aioice offers no 127.0.0.1 host candidates)."""
    turn = LocalCoturn(run_dir / "turn", port, secret)
    try:
        turn.launch()
    except OSError as exc:
        log.warning("no TURN server for the demo's calls: %s", exc)
        return None
    return turn


async def turn_ready(turn: LocalCoturn | None) -> None:
    if turn is None:
        return
    try:
        await asyncio.to_thread(turn.wait_ready)
    except RuntimeError as exc:  # it already stopped itself
        log.warning("the demo's TURN server did not start: %s", exc)
