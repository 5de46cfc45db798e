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

import keyring
import keyring.backend
import keyring.errors

from heron.core.errors import NoSecureKeyringError

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
        return _is_secure(keyring.get_keyring())

    def describe_backend(self) -> str:
        return type(keyring.get_keyring()).__name__

    def get(self, jid: str) -> str | None:
        if jid in self._memory:
            return self._memory[jid]
        if not self.secure_backend_available:
            return None
        try:
            return keyring.get_password(SERVICE, jid)
        except keyring.errors.KeyringError:
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
        try:
            keyring.set_password(SERVICE, jid, password)
        except keyring.errors.KeyringError as exc:
            raise NoSecureKeyringError(f"The system keyring refused the password: {exc}") from exc

    def remember_for_session(self, jid: str, password: str) -> None:
        self._memory[jid] = password

    def delete(self, jid: str) -> None:
        self._memory.pop(jid, None)
        if self.secure_backend_available:
            with contextlib.suppress(keyring.errors.KeyringError):
                keyring.delete_password(SERVICE, jid)
