"""heron.log: where it goes, how verbose, and what never goes into it.

``--debug`` turns on slixmpp's stanza log (every SEND/RECV). That stream carries secrets: the
SASL exchange (PLAIN's base64 password; SCRAM's nonces, salt and proof, enough for an offline
guess), the password of an in-band registration or a password change, and what people write.
:class:`SecretsFilter` rewrites every record on Heron's handlers before it is written: those
payloads become ``[hidden]``; message bodies too, unless the user asks for them
(``--debug-bodies``).
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

HIDDEN = "[hidden]"
_ELEMENT = r"<(?P<tag>(?:\w+:)?{names})\b(?P<attrs>[^>]*?)(?:/>|>(?P<inner>.*?)</(?P=tag)\s*>)"
#: SASL (RFC 6120 §6.4) and SASL2 payloads, passwords of XEP-0077 registration and changes.
_SECRET_ELEMENTS = re.compile(
    _ELEMENT.format(names="(?:auth|response|challenge|success|initial-response|password|digest)"),
    re.DOTALL)
#: A data form field named like a password (XEP-0077 with XEP-0004 forms).
_SECRET_FIELD = re.compile(
    r"(<field\b[^>]*\bvar=(['\"])[^'\"]*password[^'\"]*\2[^>]*>)(.*?)(</field\s*>)",
    re.DOTALL | re.IGNORECASE)
_BODY = re.compile(_ELEMENT.format(names="(?:body|subject)"), re.DOTALL)


def _hide(match: re.Match[str]) -> str:
    if match.group("inner") is None:  # <element/>: nothing to hide
        return match.group(0)
    return f"<{match.group('tag')}{match.group('attrs')}>{HIDDEN}</{match.group('tag')}>"


def redact(text: str, bodies: bool = False) -> str:
    """``text`` without SASL payloads and passwords, and without message text unless
    ``bodies``. Cheap when there is no tag at all (most records)."""
    if "<" not in text:
        return text
    text = _SECRET_ELEMENTS.sub(_hide, text)
    text = _SECRET_FIELD.sub(lambda m: f"{m.group(1)}{HIDDEN}{m.group(4)}", text)
    if not bodies:
        text = _BODY.sub(_hide, text)
    return text


class SecretsFilter(logging.Filter):
    """Redacts each record (message and traceback text) in place; never drops one."""

    def __init__(self, bodies: bool = False) -> None:
        super().__init__()
        self.bodies = bodies
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message, self.bodies)
        if cleaned is not message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(self._formatter.formatException(record.exc_info),
                                     self.bodies)
        return True


def _private_log_file(path: Path) -> logging.FileHandler:
    """heron.log is the user's business only (it names contacts), like the database."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    os.chmod(path, 0o600)
    return logging.FileHandler(path, encoding="utf-8")


def setup_logging(log_file: Path, debug: bool = False,
                  bodies: bool = False) -> list[logging.Handler]:
    """Log to ``log_file`` (and stderr with ``debug``); returns the handlers installed."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handlers: list[logging.Handler] = [_private_log_file(log_file)]
    if debug:
        handlers.append(logging.StreamHandler())
    secrets = SecretsFilter(bodies)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    for handler in handlers:
        handler.addFilter(secrets)
        handler.setFormatter(formatter)
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    # slixmpp logs whole stanzas at DEBUG: message text must not land in a log by default.
    logging.getLogger("slixmpp").setLevel(logging.DEBUG if debug else logging.WARNING)
    return handlers
