"""A real keyring backend for subprocess tests: a 0600 JSON file named by HERON_TEST_KEYRING_FILE.

Selected with keyring's own variable, PYTHON_KEYRING_BACKEND=tests.file_keyring.FileKeyring, so
`heron account ...` and a started `heron` run with a keyring that stores and deletes, and a test
can read what it holds afterwards; nothing in Heron itself knows about it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class FileKeyring(KeyringBackend):
    priority = 5  # type: ignore[assignment]

    @staticmethod
    def _path() -> Path:
        return Path(os.environ["HERON_TEST_KEYRING_FILE"])

    def _load(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text()) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def _save(self, data: dict[str, str]) -> None:
        fd = os.open(self._path(), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as file:
            json.dump(data, file)

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError(username)
        self._save(data)
