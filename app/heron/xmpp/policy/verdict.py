"""What every rule answers (a :class:`Verdict`), and the one log line for what is dropped."""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger("heron.policy")


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether to believe a stanza, and why not (a short, stable, log-friendly reason)."""

    ok: bool
    reason: str = "ok"

    def __bool__(self) -> bool:
        return self.ok


ACCEPT = Verdict(True, "ok")


def _reject(reason: str) -> Verdict:
    return Verdict(False, reason)


def log_rejected(kind: str, reason: str, **fields: str) -> None:
    """One structured WARNING per dropped stanza: ``rejected <kind> (<reason>) k=v ...``.

    ``extra`` carries ``policy_kind``, ``policy_reason`` and ``policy_fields`` (a dict), so a
    structured handler can pick them up without parsing the message.
    """
    log.warning(
        "rejected %s (%s)%s", kind, reason,
        "".join(f" {key}={value!r}" for key, value in sorted(fields.items())),
        extra={"policy_kind": kind, "policy_reason": reason, "policy_fields": dict(fields)},
    )
