"""How long ago, in words, for the chat's subtitle: "idle for 20 minutes", "last seen 3 hours
ago" (XEP-0319 / XEP-0012), and what the pane remembers of it per contact."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from heron.core.events import LastActivityKnown
from heron.core.timestamps import local_datetime

MINUTE, HOUR, DAY = 60, 3600, 86400


def _tr(text: str) -> str:
    return QCoreApplication.translate("LastSeen", text)


def _span(seconds: float) -> str:
    if seconds < 2 * MINUTE:
        return _tr("a minute")
    if seconds < HOUR:
        return _tr("{n} minutes").format(n=int(seconds // MINUTE))
    if seconds < 2 * HOUR:
        return _tr("an hour")
    if seconds < DAY:
        return _tr("{n} hours").format(n=int(seconds // HOUR))
    if seconds < 2 * DAY:
        return _tr("a day")
    return _tr("{n} days").format(n=int(seconds // DAY))


def phrase(activity: LastActivityKnown | None, show: str, now: float) -> str:
    """"" when there is nothing worth saying (online and active, or nothing known)."""
    if activity is None:
        return ""
    if show != "offline" and activity.idle_since is not None:
        idle = now - activity.idle_since
        return _tr("idle for {span}").format(span=_span(idle)) if idle >= MINUTE else ""
    if show == "offline" and activity.last_seen is not None:
        ago = max(0.0, now - activity.last_seen)
        if ago < MINUTE:
            return _tr("last seen just now")
        if ago < 7 * DAY:
            return _tr("last seen {span} ago").format(span=_span(ago))
        return _tr("last seen on {date}").format(
            date=local_datetime(activity.last_seen).strftime("%d %b %Y"))
    return ""
