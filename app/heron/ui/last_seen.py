"""How long ago, in words, for the chat's subtitle: "idle for 20 minutes", "last seen 3 hours
ago" (XEP-0319 / XEP-0012), and what the pane remembers of it per contact."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from heron.core.events import LastActivityKnown
from heron.core.timestamps import local_datetime

MINUTE, HOUR, DAY = 60, 3600, 86400

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")



def _span(seconds: float) -> str:
    if seconds < 2 * MINUTE:
        return translate("LastSeen", "a minute")
    if seconds < HOUR:
        return translate("LastSeen", "{n} minutes").format(n=int(seconds // MINUTE))
    if seconds < 2 * HOUR:
        return translate("LastSeen", "an hour")
    if seconds < DAY:
        return translate("LastSeen", "{n} hours").format(n=int(seconds // HOUR))
    if seconds < 2 * DAY:
        return translate("LastSeen", "a day")
    return translate("LastSeen", "{n} days").format(n=int(seconds // DAY))


def phrase(activity: LastActivityKnown | None, show: str, now: float) -> str:
    """"" when there is nothing worth saying (online and active, or nothing known)."""
    if activity is None:
        return ""
    if show != "offline" and activity.idle_since is not None:
        idle = now - activity.idle_since
        idle_for = translate("LastSeen", "idle for {span}")
        return idle_for.format(span=_span(idle)) if idle >= MINUTE else ""
    if show == "offline" and activity.last_seen is not None:
        ago = max(0.0, now - activity.last_seen)
        if ago < MINUTE:
            return translate("LastSeen", "last seen just now")
        if ago < 7 * DAY:
            return translate("LastSeen", "last seen {span} ago").format(span=_span(ago))
        return translate("LastSeen", "last seen on {date}").format(
            date=local_datetime(activity.last_seen).strftime("%d %b %Y"))
    return ""
