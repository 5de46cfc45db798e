"""Message times from the network are hostile input: parse leniently, clamp always.

A contact chooses the XEP-0203 ``<delay stamp=...>`` of what it sends. Year 9999 or year 1
reached the painter as a time ``datetime`` cannot represent (in the local zone), and the
process died in the paint handler. So every time is clamped where it enters (the xmpp edge),
where it is read back (storage: rows written before this rule) and where it is painted.
"""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime

#: 2000-01-01T00:00:00Z. XMPP is from 1999: no real message is older.
FLOOR = 946_684_800.0
#: A row read back may be this much newer than the reader's clock (clock skew, not days).
READ_SLACK = 300.0
#: Past this, ``datetime`` cannot represent the value in every local zone.
_DATETIME_SAFE_MAX = 253_402_214_400.0  # 9999-12-31T00:00:00Z


def parse_stamp(text: str | None) -> float | None:
    """An XEP-0082 DateTime (``2024-05-01T10:00:00.123Z``, ``+02:00``) as epoch seconds, or
    None when it is missing or malformed. A stamp without a zone is taken as UTC."""
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        value = parsed.timestamp()
    except (OverflowError, ValueError, OSError):
        return None
    return value if math.isfinite(value) else None


def clamp_stamp(stamp: float | None, received: float) -> float:
    """The time to keep for a message received at ``received``: its stamp when that is sane,
    never later than ``received``; the receive time when the stamp is missing, malformed or
    older than :data:`FLOOR` (such a message would otherwise hide at the top of the history)."""
    if stamp is None or not math.isfinite(stamp) or stamp < FLOOR:
        return received
    return min(stamp, received)


def readable(ts: float, now: float | None = None) -> float:
    """A stored time made safe to show and sort: within [FLOOR, now + READ_SLACK]. Monotonic,
    so the order of rows is kept (databases written before the edge clamp)."""
    if not isinstance(ts, int | float) or math.isnan(ts):
        return FLOOR
    ceiling = (time.time() if now is None else now) + READ_SLACK
    return min(max(float(ts), FLOOR), ceiling, _DATETIME_SAFE_MAX)


def local_datetime(ts: float) -> datetime:
    """``datetime.fromtimestamp`` that cannot raise: the painter's conversion."""
    try:
        return datetime.fromtimestamp(readable(ts))
    except (OverflowError, ValueError, OSError):
        return datetime.fromtimestamp(FLOOR)
