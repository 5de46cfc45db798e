"""Passwords live in the system keyring, and only in a secure one.

keyring silently falls back to a plaintext file when ``keyrings.alt`` is installed, and to a
"fail" backend when nothing exists. Heron accepts only a backend that really protects secrets
(Secret Service, KWallet, Windows Credential Locker, macOS Keychain); otherwise it says so and the
password is asked for at each start, kept in memory only.
"""

from __future__ import annotations

import contextlib
import logging
import os
from typing import TYPE_CHECKING, Any

from heron.core.errors import NoSecureKeyringError

if TYPE_CHECKING:
    import keyring.backend


def _keyring() -> Any:
    """keyring is imported on first use: it costs ~70 ms that start-up should not pay."""
    import keyring
    import keyring.errors

    return keyring

log = logging.getLogger(__name__)

SERVICE = "heron-xmpp"
_INSECURE_MODULES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")
# Tests opt in to a file backend with this variable; the app never sets it.
_ALLOW_INSECURE_ENV = "HERON_ALLOW_INSECURE_KEYRING"


def _is_secure(backend: keyring.backend.KeyringBackend) -> bool:
    if os.environ.get(_ALLOW_INSECURE_ENV) == "1":
        return True
    module = type(backend).__module__
    if module.startswith(_INSECURE_MODULES):
        return False
    if module == "keyring.backends.chainer":
        inner = getattr(backend, "backends", [])
        return bool(inner) and _is_secure(inner[0])
    try:
        return float(backend.priority) >= 1  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - a backend whose priority check fails is not usable
        return False


class PasswordStore:
    """Keyring when it is secure; otherwise memory only for this run."""

    def __init__(self) -> None:
        self._memory: dict[str, str] = {}

    @property
    def secure_backend_available(self) -> bool:
        return _is_secure(_keyring().get_keyring())

    def describe_backend(self) -> str:
        return type(_keyring().get_keyring()).__name__

    def get(self, jid: str) -> str | None:
        if jid in self._memory:
            return self._memory[jid]
        if not self.secure_backend_available:
            return None
        kr = _keyring()
        try:
            value = kr.get_password(SERVICE, jid)
            return str(value) if value is not None else None
        except kr.errors.KeyringError:
            log.exception("reading the keyring failed")
            return None

    def set(self, jid: str, password: str) -> None:
        """Store in the keyring; raises NoSecureKeyringError (the password is still kept in
        memory for this run) when no secure keyring exists."""
        self._memory[jid] = password
        if not self.secure_backend_available:
            raise NoSecureKeyringError(
                "No secure system keyring (such as Secret Service) is available: the password "
                "was not saved and will be asked for at the next start."
            )
        kr = _keyring()
        try:
            kr.set_password(SERVICE, jid, password)
        except kr.errors.KeyringError as exc:
            raise NoSecureKeyringError(f"The system keyring refused the password: {exc}") from exc

    def remember_for_session(self, jid: str, password: str) -> None:
        self._memory[jid] = password

    def delete(self, jid: str) -> None:
        self._memory.pop(jid, None)
        if self.secure_backend_available:
            kr = _keyring()
            with contextlib.suppress(kr.errors.KeyringError):
                kr.delete_password(SERVICE, jid)
