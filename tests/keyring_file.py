"""A password store for Heron started as a subprocess in tests: a 0600 JSON file.

Selected with keyring's own variable, ``PYTHON_KEYRING_BACKEND=tests.keyring_file.FileKeyring``,
and the file named by ``HERON_TEST_KEYRING``. Its priority says "secure", so Heron uses it the
way it uses Secret Service on a desktop; nothing in Heron itself knows about it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def _path(self) -> Path:
        return Path(os.environ["HERON_TEST_KEYRING"])

    def _load(self) -> dict[str, str]:
        return json.loads(self._path.read_text()) if self._path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._load()
        entries[f"{service}/{username}"] = password
        fd = os.open(self._path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as file:
            json.dump(entries, file)

    def delete_password(self, service: str, username: str) -> None:
        entries = self._load()
        entries.pop(f"{service}/{username}", None)
        self._path.write_text(json.dumps(entries))
