"""A write that failed (disk full, read-only file, a damaged database) in plain words."""

from __future__ import annotations

import logging
import sqlite3

from heron.core.bus import EventBus
from heron.core.errors import ErrorKind, UserError
from heron.core.events import ErrorReported, StorageRecovered

log = logging.getLogger(__name__)

#: What a storage call raises when the disk or the database fails (not a programming error).
STORAGE_ERRORS: tuple[type[BaseException], ...] = (sqlite3.Error, OSError)


def storage_failure(exc: BaseException) -> UserError:
    """The UserError for a failed write; the raw text goes to ``detail`` only."""
    return UserError(
        ErrorKind.STORAGE_FAILED,
        "Heron could not save to its database, so it cannot keep your messages right now.",
        "Free some disk space, then try again; text you had not sent stays in the message box.",
        detail=f"{type(exc).__name__}: {exc}",
    )


def report_storage_failure(bus: EventBus, account: str, exc: BaseException) -> UserError:
    """Log and publish a storage failure so the window shows it (ErrorReported.error)."""
    error = storage_failure(exc)
    log.error("storage failed for %s: %s", account, error.detail)
    bus.publish(ErrorReported(account, f"{error.message} {error.next_step}", error=error))
    return error


def report_storage_recovered(bus: EventBus, account: str) -> None:
    """A write worked again after a reported failure: say so once (StorageRecovered)."""
    log.info("storage works again for %s", account)
    bus.publish(StorageRecovered(account))
