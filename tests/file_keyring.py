"""A real keyring backend for subprocess tests: a JSON file named by HERON_TEST_KEYRING_FILE.

Selected with PYTHON_KEYRING_BACKEND=tests.file_keyring.FileKeyring, so `heron account ...`
runs with a keyring that stores and deletes, and a test can read what it holds afterwards.
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

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self._path().write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError(username)
        self._path().write_text(json.dumps(data))
