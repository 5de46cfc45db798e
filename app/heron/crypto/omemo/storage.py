"""python-omemo's Storage on the profile's SQLite database (storage/repos/omemo.py).

python-omemo awaits each write before it goes on (a new session, an advanced ratchet, a used
pre key), and each write here is a committed transaction on the writer thread when the await
returns: nothing it has been told to keep is only in memory.
"""

from __future__ import annotations

from omemo.storage import Just, Maybe, Nothing, Storage
from omemo.types import JSONType

from heron.storage.repos.omemo import OmemoRepo


class SqliteStorage(Storage):
    def __init__(self, repo: OmemoRepo) -> None:
        super().__init__()  # python-omemo's cache in front: reads rarely reach the disk
        self.repo = repo

    async def _load(self, key: str) -> Maybe[JSONType]:
        found, value = await self.repo.load(key)
        return Just(value) if found else Nothing()

    async def _store(self, key: str, value: JSONType) -> None:
        await self.repo.store(key, value)

    async def _delete(self, key: str) -> None:
        await self.repo.delete(key)
