"""Password stores for tests: a keyring that stays in memory, injected into PasswordStore.

Tests never use the developer's real keyring and never install an insecure file backend
(keyrings.alt) into the venv that runs Heron.
"""

from __future__ import annotations

import keyring.errors
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """Stands in for Secret Service: a secure priority, entries in a dict of this process."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(username) from None


class LowPriorityKeyring(MemoryKeyring):
    """Like keyrings.alt's PlaintextKeyring (priority 0.5): keyring would pick it when nothing
    better exists, and Heron must refuse it."""

    priority = 0.5  # type: ignore[assignment]
