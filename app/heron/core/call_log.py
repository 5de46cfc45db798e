"""The call log's records (storage/repos/calls.py) and the event that announces a new one."""

from __future__ import annotations

from dataclasses import dataclass

#: How a call ended, as the call log keeps it (see migration 0015)
OUTCOMES = ("missed", "declined", "answered", "elsewhere", "cancelled", "unanswered",
            "rejected")


@dataclass(frozen=True, slots=True)
class CallRecord:
    account: str
    sid: str
    peer: str  # bare JID
    outgoing: bool
    video: bool
    outcome: str  # one of OUTCOMES
    started: float  # when the call was proposed (server time where known)
    duration: float = 0.0  # seconds connected
    message_pk: int = 0  # its row in the chat's timeline


@dataclass(frozen=True, slots=True)
class CallLogged:
    """A call was added to the log (its timeline row arrives as MessagesAdded)."""

    record: CallRecord


def summary(record: CallRecord) -> str:
    """The plain English line stored as the timeline row's body: what search and the chat
    list see (the chat itself paints the translated line, ui/call_log_row.py)."""
    kind = "video call" if record.video else "call"
    if record.outcome == "missed":
        return f"Missed {kind}"
    if record.outcome == "answered":
        return f"{'Outgoing' if record.outgoing else 'Incoming'} {kind}"
    if record.outcome in ("declined", "rejected"):
        return f"Declined {kind}"
    if record.outcome == "elsewhere":
        return f"{kind.capitalize()} on another device"
    return f"{kind.capitalize()} not answered"
