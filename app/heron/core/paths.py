"""Where a profile lives: the platform's data dir, or ``--profile DIR``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs


@dataclass(frozen=True)
class ProfilePaths:
    root: Path

    @classmethod
    def default(cls) -> ProfilePaths:
        return cls(Path(platformdirs.user_data_dir("heron", "heron")))

    @property
    def database(self) -> Path:
        return self.root / "heron.sqlite3"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def log_file(self) -> Path:
        return self.root / "heron.log"

    def ensure(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
